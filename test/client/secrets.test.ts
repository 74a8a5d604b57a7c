// Every error kind the client can produce, serialised every way an error gets printed, must hold
// neither the secret key nor any UserSig the client signed. The mock makes it hard on purpose: raw
// transport errors and Tencent's ErrorInfo quote the full URL, the sig and the key back.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import type { Logger } from '../../src/logger.js';
import { fail, mockTencent, ok, rejection, sysError } from '../helpers/client-mock.js';

const SECRET = 'SECRET-KEY-do-not-leak-4d2f9a';
const ROOM_INFO = '/v4/live_engine_http_srv/get_room_info';

/** A logger that keeps raw records, unmasked, so the test sees what the client handed over. */
function rawLogger() {
  const records: string[] = [];
  const secrets: string[] = [];
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void records.push(JSON.stringify({ level, msg, ...fields }));
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), addSecret: (v) => void secrets.push(v) };
  return { logger, records, secrets };
}

describe('no secret in any error or log line', () => {
  it('holds for api, http, network, timeout, schema and cancelled errors', async () => {
    const { logger, records, secrets } = rawLogger();
    const m = mockTencent({ secretKey: SECRET, logger, retry: { attempts: 2 }, timeouts: { connectMs: 5, headersMs: 20, bodyMs: 20 } });

    // One good call to learn the sig (the cache keeps it for the rest of the test).
    m.reply(ROOM_INFO, { json: ok() });
    await m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: true });
    const sig = m.seen()[0]!.query.get('usersig')!;
    expect(sig.length).toBeGreaterThan(20);
    const leak = `url=${ROOM_INFO}?usersig=${sig}&key=${SECRET}`;

    const errors: Record<string, unknown> = {};
    m.reply(ROOM_INFO, { json: fail(70009, `bad ${leak}`) });
    errors.api = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { status: 502, text: leak });
    errors.http = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { error: sysError('ECONNREFUSED', leak) }, { error: sysError('ECONNREFUSED', leak) });
    errors.networkNo = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { error: sysError('ECONNRESET', leak) });
    errors.networkUnknown = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { error: new Error(leak) }); // no code at all
    errors.networkOpaque = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    // No interceptor: undici's own MockNotMatchedError quotes the full path with the query.
    errors.unmatched = await rejection(m.client.call(ENDPOINTS.get_seat_list, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { json: ok(), delayMs: 300 });
    errors.timeout = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { text: `<html>${leak}</html>` });
    errors.schema = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    m.reply(ROOM_INFO, { json: { ErrorInfo: leak, RequestId: leak } });
    errors.schemaNoCode = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: false }));
    const ac = new AbortController();
    m.reply(ROOM_INFO, { json: ok(), delayMs: 300 });
    setTimeout(() => ac.abort(new Error(leak)), 5);
    errors.cancelled = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: true, signal: ac.signal }));

    const kinds = Object.values(errors).map((e) => (e as { kind: string }).kind);
    expect(new Set(kinds)).toEqual(new Set(['api', 'http', 'network', 'timeout', 'schema']));

    // Every sig the client signed, as the mock saw it.
    const sigs = new Set(m.seen().map((s) => s.query.get('usersig')!));
    expect(sigs.size).toBeGreaterThan(0);
    const forbidden = [SECRET, ...sigs];

    for (const [name, err] of Object.entries(errors)) {
      const e = err as Error;
      const renderings = [
        JSON.stringify(e), String(e), e.stack ?? '', e.message,
        inspect(e, { depth: 10, showHidden: true }), JSON.stringify(Object.entries(e)),
      ];
      for (const text of renderings) {
        for (const s of forbidden) expect(text, `${name} leaked`).not.toContain(s);
        // Tencent's own ErrorInfo may be quoted, scrubbed; the client never prints a query itself.
        expect(text, `${name} leaked the query`).not.toMatch(/usersig=(?!\[redacted\])|sdkappid=/i);
      }
    }
    expect(records.length).toBeGreaterThan(10);
    for (const line of records) for (const s of forbidden) expect(line).not.toContain(s);

    // Defence in depth: the key and the sig were registered with the logger's masker.
    expect(secrets).toContain(SECRET);
    for (const s of sigs) expect(secrets).toContain(s);
  });
});
