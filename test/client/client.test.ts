// The signed REST client against a MockAgent (no network), plus a real loopback server for what a
// mock cannot show: socket reuse, a refused connection, a stalled body.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { describeCode } from '../../src/catalog/error-codes.js';
import { LiveError } from '../../src/client/errors.js';
import { baseUrlFor, REGIONS } from '../../src/client/regions.js';
import { createRestClient } from '../../src/client/rest-client.js';
import { decodeUserSig, userSigSignatureValid } from '../../src/client/usersig.js';
import { createLogger } from '../../src/logger.js';
import { ADMIN, APP, fail, KEY, mockTencent, ok, rejection, sysError } from '../helpers/client-mock.js';

const READ = { idempotent: true };
const WRITE = { idempotent: false };
const ROOM_INFO = '/v4/live_engine_http_srv/get_room_info';
const KICK = '/v4/room_engine_http_mic/kick_user_off_seat';

describe('request shape', () => {
  it('POSTs to /v4/{service}/{command} with the signed query and the JSON body', async () => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { json: ok() }, { json: ok() });
    await m.client.call(ENDPOINTS.get_room_info, { RoomId: 'live_1' }, READ);
    await m.client.call(ENDPOINTS.get_room_info, { RoomId: 'live_1' }, READ);
    const [a, b] = m.seen();
    expect(a!.origin).toBe('https://adminapisgp.im.qcloud.com');
    expect(a!.path).toBe(ROOM_INFO);
    expect([...a!.query.keys()]).toEqual(['sdkappid', 'identifier', 'usersig', 'random', 'contenttype']);
    expect(a!.query.get('sdkappid')).toBe(String(APP));
    expect(a!.query.get('identifier')).toBe(ADMIN);
    expect(a!.query.get('contenttype')).toBe('json');
    const sig = decodeUserSig(a!.query.get('usersig')!);
    expect(sig).toMatchObject({ identifier: ADMIN, sdkAppId: APP });
    expect(userSigSignatureValid(sig!, KEY)).toBe(true);
    for (const s of [a!, b!]) {
      const r = Number(s.query.get('random'));
      expect(s.query.get('random')).toMatch(/^\d+$/);
      expect(Number.isInteger(r) && r >= 0 && r <= 0xffffffff).toBe(true);
    }
    expect(a!.query.get('random')).not.toBe(b!.query.get('random'));
    expect(JSON.parse(a!.body)).toEqual({ RoomId: 'live_1' });
    expect(a!.headers['content-type']).toBe('application/json');
    await m.client.close();
  });

  it('sends {} when there are no fields', async () => {
    const m = mockTencent();
    m.reply('/v4/live_engine_http_srv/get_room_list', { json: ok() });
    await m.client.call(ENDPOINTS.get_room_list, {}, READ);
    expect(m.seen()[0]!.body).toBe('{}');
  });

  it('uses the region host, and an endpoint override (with its path prefix) over the region', async () => {
    const usa = mockTencent({ region: 'usa', origin: 'https://adminapiusa.im.qcloud.com' });
    usa.reply('/v4/', { json: ok() });
    await usa.client.call(ENDPOINTS.get_seat_list, { RoomId: 'r' }, READ);
    expect(usa.seen()[0]!.origin).toBe('https://adminapiusa.im.qcloud.com');

    const gw = mockTencent({ region: 'china', endpoint: 'http://127.0.0.1:9000/gw/', origin: 'http://127.0.0.1:9000' });
    gw.reply('/gw/v4/', { json: ok() });
    await gw.client.call(ENDPOINTS.get_seat_list, { RoomId: 'r' }, READ);
    expect(gw.seen()[0]!.path).toBe('/gw/v4/room_engine_http_mic/get_seat_list');
  });
});

describe('regions', () => {
  it('maps every region to its host and defaults to singapore', () => {
    expect(baseUrlFor({ region: 'china' })).toBe('https://console.tim.qq.com');
    expect(baseUrlFor({ region: 'India' })).toBe('https://adminapiind.im.qcloud.com');
    expect(baseUrlFor({})).toBe('https://adminapisgp.im.qcloud.com');
    expect(Object.keys(REGIONS)).toHaveLength(8);
    // Riyadh is named on no Tencent page read; it is refused rather than guessed.
    expect(() => baseUrlFor({ region: 'saudi-arabia' })).toThrow(/Unknown Tencent region/);
  });

  it('rejects an unknown region, listing the valid ones', () => {
    expect(() => baseUrlFor({ region: 'mars' })).toThrow(/mars.*china, singapore, usa/);
  });

  it('accepts only plain http(s) endpoint overrides', () => {
    expect(baseUrlFor({ endpoint: 'https://gw.example.com/a/b/' })).toBe('https://gw.example.com/a/b');
    expect(() => baseUrlFor({ endpoint: 'ftp://gw.example.com' })).toThrow(/http/);
    expect(() => baseUrlFor({ endpoint: 'not a url' })).toThrow(/not a URL/);
    expect(() => baseUrlFor({ endpoint: 'http://gw/?x=1' })).toThrow(/query/);
    expect(() => baseUrlFor({ endpoint: 'http://u:p@gw/' })).toThrow(/credentials/);
  });
});

describe('envelope', () => {
  it('returns the body without the envelope keys, and the RequestId', async () => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { json: ok({ Response: { RoomInfo: { RoomId: 'live_1' } } }, 'rid-42') });
    const res = await m.client.call(ENDPOINTS.get_room_info, { RoomId: 'live_1' }, READ);
    expect(res).toEqual({ body: { Response: { RoomInfo: { RoomId: 'live_1' } } }, requestId: 'rid-42' });
  });

  it('turns FAIL into an api error with the code, its meaning and the RequestId', async () => {
    const m = mockTencent();
    m.reply(KICK, { json: fail(100004, 'room not exist', 'rid-7') });
    const err = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, { RoomId: 'x', Member_Account: 'u' }, WRITE));
    expect(err).toBeInstanceOf(LiveError);
    expect(err).toMatchObject({
      kind: 'api', code: 100004, requestId: 'rid-7', delivery: 'no', retryable: false,
      meaning: describeCode(100004), endpointName: 'kick_user_off_seat',
    });
    expect(err.message).toMatch(/^Tencent rejected kick_user_off_seat: 100004 room does not exist.*\(RequestId rid-7\)/);
    expect(err.message).toContain('room not exist');
  });

  it('prefers the endpoint\'s own meaning of a code', async () => {
    const m = mockTencent();
    m.reply('/v4/live_engine_http_srv/set_mix_stream', { json: fail(100006) });
    const err = await rejection(m.client.call(ENDPOINTS.set_mix_stream, {}, WRITE));
    expect(err.meaning).toMatch(/IsUnlimitedRoomEnabled/);
  });

  it('names the tool, not the bare command, for conference endpoints', async () => {
    const m = mockTencent();
    m.reply('/v4/room_engine_http_srv/destroy_room', { json: fail(100006) });
    const err = await rejection(m.client.call(ENDPOINTS.conference_destroy_room, { RoomId: 'c' }, WRITE));
    expect(err.message).toMatch(/^Tencent rejected conference_destroy_room: 100006 insufficient operation permission/);
  });

  it.each([
    ['not JSON', '<html>bad gateway</html>'],
    ['a JSON array', '[1,2]'],
    ['no ErrorCode', JSON.stringify({ ActionStatus: 'OK', RequestId: 'r' })],
  ])('reports %s as a schema error, delivery unknown', async (_, text) => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { text });
    const err = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err).toMatchObject({ kind: 'schema', delivery: 'unknown', retryable: false });
    expect(m.seen()).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a 5xx on an idempotent read', async () => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { status: 502, text: 'bad gateway' }, { status: 503 }, { json: ok({}, 'rid-3') });
    const res = await m.client.call(ENDPOINTS.get_room_info, { RoomId: 'r' }, READ);
    expect(res.requestId).toBe('rid-3');
    expect(m.seen()).toHaveLength(3);
    expect(m.sleeps).toHaveLength(2);
  });

  it('never retries a 5xx on a write: exactly one request', async () => {
    const m = mockTencent();
    m.reply(KICK, { status: 502 }, { json: ok() });
    const err = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, { RoomId: 'r', Member_Account: 'u' }, WRITE));
    expect(err).toMatchObject({ kind: 'http', httpStatus: 502, delivery: 'unknown', retryable: true });
    expect(err.message).toMatch(/kick_user_off_seat.*HTTP 502.*may have taken effect/);
    expect(m.seen()).toHaveLength(1);
    expect(m.sleeps).toHaveLength(0);
  });

  it('does not retry a 4xx, even on a read', async () => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { status: 404 });
    const err = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err).toMatchObject({ kind: 'http', httpStatus: 404, retryable: false, delivery: 'no' });
    expect(m.seen()).toHaveLength(1);
  });

  it('retries 100001 on a read but not on a write', async () => {
    const r = mockTencent();
    r.reply(ROOM_INFO, { json: fail(100001) }, { json: ok() });
    await r.client.call(ENDPOINTS.get_room_info, {}, READ);
    expect(r.seen()).toHaveLength(2);

    const w = mockTencent();
    w.reply(KICK, { json: fail(100001) }, { json: ok() });
    const err = await rejection(w.client.call(ENDPOINTS.kick_user_off_seat, {}, WRITE));
    // An internal error may come after the command ran: the outcome of the write is unknown.
    expect(err).toMatchObject({ kind: 'api', code: 100001, retryable: true, delivery: 'unknown' });
    expect(w.seen()).toHaveLength(1);
  });

  it('backs off and retries rate-limit codes on reads', async () => {
    const m = mockTencent();
    m.reply('/v4/live_engine_http_srv/get_gift', { json: fail(100012) }, { json: fail(60007) }, { json: ok() });
    await m.client.call(ENDPOINTS.get_gift, {}, READ);
    expect(m.seen()).toHaveLength(3);
    expect(m.sleeps).toHaveLength(2);
  });

  it('bounds the attempts and says how many were made', async () => {
    const m = mockTencent({ retry: { attempts: 4 } });
    m.reply(ROOM_INFO, ...Array.from({ length: 6 }, () => ({ status: 503 })));
    const err = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err.message).toMatch(/after 4 attempts/);
    expect(m.seen()).toHaveLength(4);
    expect(m.sleeps).toHaveLength(3);
  });

  it('jitters the exponential backoff with the injected random', async () => {
    const half = mockTencent({ random: () => 2 ** 31, retry: { baseDelayMs: 100, maxDelayMs: 300, attempts: 4 } });
    half.reply(ROOM_INFO, { status: 500 }, { status: 500 }, { status: 500 }, { json: ok() });
    await half.client.call(ENDPOINTS.get_room_info, {}, READ);
    // step = min(max, base·2^(n-1)); delay = step/2 + fraction·step/2, fraction = random/2^32
    expect(half.sleeps).toEqual([75, 150, 225]);
    expect(half.seen()[0]!.query.get('random')).toBe(String(2 ** 31));

    const zero = mockTencent({ random: () => 0 });
    zero.reply(ROOM_INFO, { status: 500 }, { status: 500 }, { json: ok() });
    await zero.client.call(ENDPOINTS.get_room_info, {}, READ);
    expect(zero.sleeps).toEqual([50, 100]);
  });

  it('retries even a write when the connection was refused (it never left)', async () => {
    const m = mockTencent();
    m.reply(KICK, { error: sysError('ECONNREFUSED') }, { json: ok({}, 'rid-w') });
    const res = await m.client.call(ENDPOINTS.kick_user_off_seat, {}, WRITE);
    expect(res.requestId).toBe('rid-w');
    expect(m.seen()).toHaveLength(2);
  });

  it('maps connect failures to network/no and resets to network/unknown (not replayed)', async () => {
    const m = mockTencent({ retry: { attempts: 2 } });
    m.reply(KICK, { error: sysError('UND_ERR_CONNECT_TIMEOUT') }, { error: sysError('ENOTFOUND') });
    const refused = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, {}, WRITE));
    expect(refused).toMatchObject({ kind: 'network', delivery: 'no', retryable: true });
    expect(refused.message).toMatch(/was not sent.*after 2 attempts/);

    m.reply(KICK, { error: sysError('ECONNRESET') }, { json: ok() });
    const reset = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, {}, WRITE));
    expect(reset).toMatchObject({ kind: 'network', delivery: 'unknown' });
    expect(reset.message).toMatch(/may have taken effect/);
    expect(m.seen()).toHaveLength(3);
  });

  it('keeps delivery unknown when an earlier attempt may have landed', async () => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { status: 502 }, { error: sysError('ECONNREFUSED') }, { error: sysError('ECONNREFUSED') });
    const err = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err).toMatchObject({ kind: 'network', delivery: 'unknown' });
    expect(err.message).toMatch(/earlier one may have taken effect.*after 3 attempts/);
  });
});

describe('timeouts and cancellation', () => {
  const fast = { connectMs: 5, headersMs: 25, bodyMs: 25 };

  it('maps a slow answer to timeout/unknown and does not replay a write', async () => {
    const m = mockTencent({ timeouts: fast });
    m.reply(KICK, { json: ok(), delayMs: 400 }, { json: ok() });
    const err = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, {}, WRITE));
    expect(err).toMatchObject({ kind: 'timeout', delivery: 'unknown', retryable: true });
    expect(err.message).toMatch(/kick_user_off_seat in time.*may have taken effect/);
    expect(m.seen()).toHaveLength(1);
  });

  it('retries a timed-out read', async () => {
    const m = mockTencent({ timeouts: fast });
    m.reply(ROOM_INFO, { json: ok(), delayMs: 400 }, { json: ok({}, 'second') });
    expect((await m.client.call(ENDPOINTS.get_room_info, {}, READ)).requestId).toBe('second');
  });

  it('does not send, nor retry, a cancelled call', async () => {
    const m = mockTencent();
    m.reply(ROOM_INFO, { json: ok() });
    const before = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, { idempotent: true, signal: AbortSignal.abort() }));
    expect(before).toMatchObject({ kind: 'network', delivery: 'no', retryable: false });
    expect(before.message).toMatch(/cancelled/);
    expect(m.seen()).toHaveLength(0);

    const n = mockTencent();
    const ac = new AbortController();
    n.reply(ROOM_INFO, { json: ok(), delayMs: 300 }, { json: ok() });
    setTimeout(() => ac.abort(), 20);
    const during = await rejection(n.client.call(ENDPOINTS.get_room_info, {}, { idempotent: true, signal: ac.signal }));
    expect(during).toMatchObject({ kind: 'network', delivery: 'unknown', retryable: false });
    expect(during.message).toMatch(/get_room_info was cancelled/);
    expect(n.seen()).toHaveLength(1);
    expect(n.sleeps).toHaveLength(0);
  });
});

describe('lifecycle and logging', () => {
  it('close() leaves an injected dispatcher open and refuses later calls', async () => {
    const m = mockTencent();
    await m.client.close();
    m.reply('/still-open', { json: ok() });
    const res = await request('https://adminapisgp.im.qcloud.com/still-open', { method: 'POST', dispatcher: m.agent });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    const err = await rejection(m.client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err).toMatchObject({ kind: 'network', delivery: 'no' });
  });

  it('debug-logs each attempt without the query or the sig', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    const m = mockTencent({ logger });
    m.reply(ROOM_INFO, { status: 503 }, { json: ok({}, 'rid-log') });
    await m.client.call(ENDPOINTS.get_room_info, {}, READ);
    const recs = lines.map((l) => JSON.parse(l));
    expect(recs.map((r) => [r.command, r.attempt, r.outcome])).toEqual([['get_room_info', 1, 'http'], ['get_room_info', 2, 'ok']]);
    expect(recs[1].requestId).toBe('rid-log');
    expect(typeof recs[0].durationMs).toBe('number');
    const sig = m.seen()[0]!.query.get('usersig')!;
    for (const l of lines) {
      expect(l).not.toContain(sig);
      expect(l).not.toContain('usersig');
      expect(l).not.toContain(KEY);
    }
  });
});

describe('over real loopback HTTP', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  async function listen(handler: (req: IncomingMessage, body: string, res: import('node:http').ServerResponse) => void): Promise<number> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => handler(req, body, res));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }

  it('reuses one keep-alive socket for sequential calls, and signs what the server sees', async () => {
    const ports: number[] = [];
    const port = await listen((req, body, res) => {
      ports.push(req.socket.remotePort!);
      const q = new URL(req.url!, 'http://x').searchParams;
      const sig = decodeUserSig(q.get('usersig')!);
      const valid = sig !== undefined && sig.identifier === ADMIN && userSigSignatureValid(sig, KEY);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(valid ? ok({ Echo: JSON.parse(body) }) : fail(70009)));
    });
    const client = createRestClient({ sdkAppId: APP, secretKey: KEY, admin: ADMIN, endpoint: `http://127.0.0.1:${port}` });
    const a = await client.call(ENDPOINTS.get_room_info, { RoomId: 'one' }, READ);
    // undici's pool marks a connection free a tick after its body ended; real tool calls are
    // turns apart, so let that tick pass.
    await new Promise((r) => setImmediate(r));
    const b = await client.call(ENDPOINTS.get_room_info, { RoomId: 'two' }, READ);
    expect(a.body).toEqual({ Echo: { RoomId: 'one' } });
    expect(b.body).toEqual({ Echo: { RoomId: 'two' } });
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);

    // Back-to-back calls in the same tick may alternate between two pooled sockets, never one per call.
    for (let i = 0; i < 6; i++) await client.call(ENDPOINTS.get_room_info, { RoomId: `n${i}` }, READ);
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
    await client.close();
  });

  it('reports a refused connection as network/no, and retries it even for a write', async () => {
    const port = await listen((_req, _body, res) => res.end());
    await new Promise((r) => server!.close(r));
    server = undefined;
    const sleeps: number[] = [];
    const client = createRestClient({
      sdkAppId: APP, secretKey: KEY, admin: ADMIN, endpoint: `http://127.0.0.1:${port}`,
      sleep: async (ms) => { sleeps.push(ms); },
    });
    const err = await rejection(client.call(ENDPOINTS.kick_user_off_seat, {}, WRITE));
    expect(err).toMatchObject({ kind: 'network', delivery: 'no', retryable: true });
    expect(err.message).toMatch(/ECONNREFUSED.*was not sent.*after 3 attempts/);
    expect(sleeps).toHaveLength(2);
    await client.close();
  });

  it('times out a stalled body as timeout/unknown', async () => {
    const port = await listen((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ActionStatus":'); // and never finishes
    });
    const client = createRestClient({
      sdkAppId: APP, secretKey: KEY, admin: ADMIN, endpoint: `http://127.0.0.1:${port}`,
      timeouts: { bodyMs: 100 }, retry: { attempts: 1 },
    });
    const err = await rejection(client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err).toMatchObject({ kind: 'timeout', delivery: 'unknown' });
    expect(err.message).toMatch(/response body/);
    await client.close();
  });

  // Through the client's own pool no timers of ours run: undici's headersTimeout and the caller's
  // signal must still bound the wait and name what happened.
  it('our own pool: a server that never answers times out as timeout/unknown', async () => {
    const port = await listen(() => { /* never answers */ });
    const client = createRestClient({
      sdkAppId: APP, secretKey: KEY, admin: ADMIN, endpoint: `http://127.0.0.1:${port}`,
      timeouts: { headersMs: 100 }, retry: { attempts: 1 },
    });
    const err = await rejection(client.call(ENDPOINTS.get_room_info, {}, READ));
    expect(err).toMatchObject({ kind: 'timeout', delivery: 'unknown' });
    expect(err.message).toMatch(/in time \(timed out waiting for a response/);
    await client.close();
  });

  it('our own pool: a read cancelled in flight is reported as cancelled, not as a network error', async () => {
    let arrived!: () => void;
    const seen = new Promise<void>((r) => { arrived = r; });
    const port = await listen(() => { arrived(); });
    const client = createRestClient({ sdkAppId: APP, secretKey: KEY, admin: ADMIN, endpoint: `http://127.0.0.1:${port}`, retry: { attempts: 3 } });
    const ac = new AbortController();
    const call = rejection(client.call(ENDPOINTS.get_room_info, {}, { ...READ, signal: ac.signal }));
    await seen;
    ac.abort();
    const err = await call;
    expect(err.message).toMatch(/get_room_info was cancelled before Tencent answered; the request may have taken effect/);
    await client.close();
  });
});
