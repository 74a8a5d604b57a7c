// A MockAgent standing in for Tencent's REST host. Its call history records every request the
// client dispatched, including those answered with a transport error.
import { MockAgent } from 'undici';
import { createRestClient, type RestClientOptions } from '../../src/client/rest-client.js';

export const APP = 1400000001;
export const KEY = 'client-test-key-9f8e7d6c5b4a';
export const ADMIN = 'administrator';
export const SGP = 'https://adminapisgp.im.qcloud.com';

export interface Seen {
  origin: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: Record<string, string>;
}

export type Reply =
  | { status?: number; json?: unknown; text?: string; delayMs?: number }
  | { error: Error };

export function mockTencent(opts: Partial<RestClientOptions> & { origin?: string } = {}) {
  const { origin = SGP, ...clientOpts } = opts;
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(origin);
  const sleeps: number[] = [];
  const client = createRestClient({
    sdkAppId: APP, secretKey: KEY, admin: ADMIN, dispatcher: agent,
    sleep: async (ms) => { sleeps.push(ms); },
    ...clientOpts,
  });

  /** Queues replies, in order, for POSTs whose path starts with `prefix`; each is used once. */
  function reply(prefix: string, ...replies: Reply[]): void {
    for (const r of replies) {
      const icpt = pool.intercept({ path: (p: string) => p.startsWith(prefix), method: 'POST' });
      if ('error' in r) { icpt.replyWithError(r.error); continue; }
      const scope = icpt.reply(r.status ?? 200, r.text ?? JSON.stringify(r.json ?? ok()));
      if (r.delayMs) scope.delay(r.delayMs);
    }
  }

  /** Every request the client sent, oldest first. */
  function seen(): Seen[] {
    return (agent.getCallHistory()?.calls() ?? []).map((c) => ({
      origin: c.origin,
      path: c.path,
      query: new URL(c.fullUrl).searchParams,
      body: String(c.body ?? ''),
      headers: Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
    }));
  }

  return { agent, pool, client, sleeps, reply, seen };
}

export function ok(extra: Record<string, unknown> = {}, requestId = 'req-ok-1'): Record<string, unknown> {
  return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', RequestId: requestId, ...extra };
}

export function fail(code: number, info = 'error', requestId = 'req-fail-1'): Record<string, unknown> {
  return { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info, RequestId: requestId };
}

/** An error shaped like Node's system errors (ECONNREFUSED, ECONNRESET, …). */
export function sysError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** Runs `p`, expecting it to reject, and returns the rejection. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
