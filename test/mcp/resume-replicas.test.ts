// Any replica resumes a dropped stream (--redis): two servers in one process share one Redis and
// one prefix, like two replicas of a deployment. A session opened on replica A whose call stream
// drops is resumed by a GET (Mcp-Session-Id + Last-Event-ID) that reaches replica B, which does not
// hold the session but reads its events from Redis. Only the session's owner gets that far: every
// other GET is answered as an unknown session, with no event in it.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as Transport1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { RedisEventStore } from '../../src/http/redis-event-store.js';
import { MemoryEventStore } from '../../src/http/event-store.js';
import { RedisSessionDirectory, type SessionDirectory } from '../../src/http/session-directory.js';
import { SharedResume } from '../../src/http/shared-resume.js';
import { sessionEventStore } from '../../src/http/session-events.js';
import { startHttpServer, type HttpServerHandle, type HttpServerOptions } from '../../src/http/server.js';
import { silentLogger } from '../../src/logger.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { connectRedisStores, type RedisStores } from '../../src/policies/redis-stores.js';
import { recordingClient } from '../helpers/recording-client.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oauth-issuer.js';
import { redisAvailability, startRedisServer, testPrefix, type RedisServer } from '../helpers/redis.js';

const VERSION = '2025-11-25';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': VERSION };

/** Opens a 2025-era session; answers its id. */
async function openSession(url: string, auth: Record<string, string> = {}): Promise<string> {
  const init = await fetch(url, {
    method: 'POST', headers: { ...JSON_HEADERS, ...auth },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });
  expect(init.status).toBe(200);
  const session = init.headers.get('mcp-session-id')!;
  await init.text();
  await (await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
  return session;
}

/** Calls the reconnection probe, whose stream closes before the answer; answers the last event id seen. */
async function callProbe(url: string, session: string, id: number, auth: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, {
    method: 'POST', headers: { ...JSON_HEADERS, ...auth, 'mcp-session-id': session },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } }),
  });
  const text = await res.text();
  expect(text).not.toMatch(/arrived by resumption/);
  const ids = [...text.matchAll(/^id: ?(.+)$/gm)].map((m) => m[1]!);
  expect(ids.length).toBeGreaterThan(0);
  return ids.at(-1)!;
}

/** A reconnecting GET: status, content type and the whole body (the stream ends by itself). */
async function resumeGet(url: string, session: string, lastEventId: string | undefined, auth: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'GET',
    headers: { accept: 'text/event-stream', 'mcp-protocol-version': VERSION, 'mcp-session-id': session, ...(lastEventId !== undefined && { 'last-event-id': lastEventId }), ...auth },
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/**
 * A loopback router in front of two replicas: reconnecting GETs (with Last-Event-ID) go to B,
 * everything else to A. With `cutAfter`, it plays a proxy that drops a POST's stream right after
 * passing on an event matching it.
 */
async function startRouter(a: string, b: string, cutAfter?: RegExp) {
  const routes: Array<{ method: string; to: 'A' | 'B'; status?: number }> = [];
  const server: Server = createServer((req, res) => {
    const toB = req.method === 'GET' && req.headers['last-event-id'] !== undefined;
    const target = new URL(toB ? b : a);
    const entry: (typeof routes)[number] = { method: req.method!, to: toB ? 'B' : 'A' };
    routes.push(entry);
    const up = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode!, answer.headers);
      if (!cutAfter || req.method !== 'POST') return void answer.pipe(res);
      answer.on('data', (chunk: Buffer) => {
        res.write(chunk);
        if (cutAfter.test(chunk.toString())) {
          res.end();
          up.destroy();
        }
      });
      answer.on('end', () => res.end());
    });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    routes,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

const PROBE_ANSWER = /arrived by resumption/;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('resuming from a shared store, without Redis (the follow loop)', () => {
  /** A directory in memory: enough to drive SharedResume on its own. */
  const memoryDirectory = (): SessionDirectory & { owners: Map<string, string> } => {
    const owners = new Map<string, string>();
    return {
      owners,
      record: async (id, owner) => { owners.set(id, owner); },
      refresh: async () => {},
      forget: async (ids) => { for (const id of ids) owners.delete(id); },
      ownedBy: async (id, owner) => owners.get(id) === owner,
    };
  };
  const get = (lastEventId: string, signal?: AbortSignal) =>
    new Request('http://127.0.0.1/mcp', { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-protocol-version': VERSION, 'last-event-id': lastEventId }, ...(signal && { signal }) });

  it('follows the stream until the answer arrives, then ends it', async () => {
    const store = new MemoryEventStore();
    const directory = memoryDirectory();
    directory.owners.set('s1', 'alice');
    const events = sessionEventStore(store, 's1');
    const prime = await events.storeEvent('call-1', {} as never);
    const shared = new SharedResume({ store, directory, logger: silentLogger, retryMs: 1000, pollMs: 20 });
    const res = (await shared.resume(get(prime), 's1', 'alice'))!;
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The stream is open and has said where it resumes from; nothing else is in the store yet.
    expect((await reader.read()).value).toBe(`id: ${prime}\nretry: 1000\ndata: \n\n`);
    expect(shared.following).toBe(1);
    await events.storeEvent('call-1', { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } } as never);
    await events.storeEvent('other-call', { jsonrpc: '2.0', id: 9, result: { other: true } } as never);
    await events.storeEvent('call-1', { jsonrpc: '2.0', id: 1, result: { content: [] } } as never);
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += value;
    }
    expect(rest).toMatch(/notifications\/progress[\s\S]*"id":1,"result"/);
    expect(rest).not.toMatch(/other/);
    expect(shared.following).toBe(0);
  });

  it('ends a stream with no answer after the bounded wait, and at once when the client goes away', async () => {
    const store = new MemoryEventStore();
    const directory = memoryDirectory();
    directory.owners.set('s1', 'alice');
    const prime = await sessionEventStore(store, 's1').storeEvent('_GET_stream', {} as never);
    const shared = new SharedResume({ store, directory, logger: silentLogger, retryMs: 1000, pollMs: 20, maxWaitMs: 200 });
    const ended = await (await shared.resume(get(prime), 's1', 'alice'))!.text();
    expect(ended).toBe(`id: ${prime}\nretry: 1000\ndata: \n\n`);

    const slow = new SharedResume({ store, directory, logger: silentLogger, retryMs: 1000, pollMs: 20, maxWaitMs: 600_000 });
    const abort = new AbortController();
    const res = (await slow.resume(get(prime, abort.signal), 's1', 'alice'))!;
    const reader = res.body!.getReader();
    await reader.read();
    expect(slow.following).toBe(1);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
    expect(slow.following).toBe(0);
  });

  it('bounds the streams it follows, per session and in all', async () => {
    const store = new MemoryEventStore();
    const directory = memoryDirectory();
    directory.owners.set('s1', 'alice');
    directory.owners.set('s2', 'alice');
    const p1 = await sessionEventStore(store, 's1').storeEvent('_GET_stream', {} as never);
    const p2 = await sessionEventStore(store, 's2').storeEvent('_GET_stream', {} as never);
    const shared = new SharedResume({ store, directory, logger: silentLogger, retryMs: 1000, maxWaitMs: 600_000, maxStreamsPerSession: 1, maxStreams: 1 });
    const first = new AbortController();
    const open = (await shared.resume(get(p1, first.signal), 's1', 'alice'))!;
    expect(open.status).toBe(200);
    expect((await shared.resume(get(p2), 's2', 'alice'))!.status).toBe(503);
    const bounded = new SharedResume({ store, directory, logger: silentLogger, retryMs: 1000, maxWaitMs: 600_000, maxStreamsPerSession: 1 });
    const second = new AbortController();
    expect((await bounded.resume(get(p1, second.signal), 's1', 'alice'))!.status).toBe(200);
    expect((await bounded.resume(get(p1), 's1', 'alice'))!.status).toBe(409);
    // Refusals only for the owner: anyone else still gets "not found".
    expect(await bounded.resume(get(p1), 's1', 'bob')).toBeUndefined();
    first.abort();
    second.abort();
    await open.text();
    await until(async () => shared.following === 0 && bounded.following === 0, 'the streams to end');
    const again = new AbortController();
    expect((await bounded.resume(get(p1, again.signal), 's1', 'alice'))!.status).toBe(200);
    again.abort();
    shared.close();
    bounded.close();
  });

  it('a session store that does not answer: sessions still open here, a reconnect elsewhere is told to retry (503, for any id)', async () => {
    const down = async () => { throw new Error('connection refused'); };
    const h = await startHttpServer({
      client: recordingClient().client, runtime: createPolicyRuntime(), port: 0, reconnectionProbe: true,
      eventStore: new MemoryEventStore(), sessionDirectory: { record: down, refresh: down, forget: down, ownedBy: down },
    });
    try {
      const session = await openSession(h.url);
      const last = await callProbe(h.url, session, 2);
      // Held here: resumed as always, the directory is not asked.
      expect((await resumeGet(h.url, session, last)).body).toMatch(PROBE_ANSWER);
      const elsewhere = await resumeGet(h.url, randomUUID(), last);
      expect(elsewhere.status).toBe(503);
      expect(elsewhere.body).not.toMatch(/connection refused/);
      expect((await resumeGet(h.url, randomUUID(), undefined)).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('refuses other owners, unknown sessions and event ids of other sessions alike', async () => {
    const store = new MemoryEventStore();
    const directory = memoryDirectory();
    directory.owners.set('s1', 'alice');
    directory.owners.set('s2', 'alice');
    const own = await sessionEventStore(store, 's1').storeEvent('c', {} as never);
    const foreign = await sessionEventStore(store, 's2').storeEvent('c', {} as never);
    const shared = new SharedResume({ store, directory, logger: silentLogger, retryMs: 1000 });
    expect(await shared.resume(get(own), 's1', 'bob')).toBeUndefined();
    expect(await shared.resume(get(own), 's3', 'alice')).toBeUndefined();
    expect(await shared.resume(get(foreign), 's1', 'alice')).toBeUndefined();
    expect(await shared.resume(get('forged'), 's1', 'alice')).toBeUndefined();
    expect(shared.following).toBe(0);
  });
});

const avail = redisAvailability();
if (!avail.run) console.warn(avail.message);

describe.runIf(avail.run)('any replica resumes a dropped stream (--redis)', () => {
  let redis: RedisServer;
  let issuer: TestIssuer;
  const AUDIENCE = 'https://live-mcp.example.com/mcp';
  const opened: RedisStores[] = [];
  const handles: HttpServerHandle[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    if (!avail.bin) throw new Error(avail.message);
    redis = await startRedisServer(avail.bin);
    issuer = await startTestIssuer();
  }, 60_000);
  afterAll(async () => {
    await issuer?.close();
    await redis?.stop();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
    for (const h of handles.splice(0)) await h.close();
    for (const s of opened.splice(0)) await s.close();
  });

  /** One replica: its own Redis connection, the deployment's prefix. `shared: false` plays today's replica. */
  async function replica(prefix: string, o: Partial<HttpServerOptions> & { shared?: boolean } = {}) {
    const { shared = true, ...options } = o;
    const stores = await connectRedisStores(redis.url, { prefix });
    opened.push(stores);
    const recording = recordingClient();
    const h = await startHttpServer({
      client: recording.client, runtime: createPolicyRuntime(), port: 0, reconnectionProbe: true,
      eventStore: new RedisEventStore(stores.redis, prefix),
      ...(shared && { sessionDirectory: new RedisSessionDirectory(stores.redis, prefix) }),
      ...options,
    });
    handles.push(h);
    return { h, redis: stores.redis, calls: recording.calls };
  }
  const sessionKey = (prefix: string, id: string) => `{${prefix}}:session:${id}`;

  it('a real 2.x client whose call stream drops on A gets the answer through B', async () => {
    const prefix = testPrefix('resume-2x');
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const router = await startRouter(a.h.url, b.h.url);
    cleanups.push(router.close);
    const client = new Client({ name: 'resume-2x', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(router.url)));
    cleanups.push(() => client.close());
    const result = await client.callTool({ name: 'test_reconnection', arguments: {} });
    expect(JSON.stringify(result.content)).toMatch(PROBE_ANSWER);
    // The answer came over B: the only reconnect went there, and succeeded.
    const resumes = router.routes.filter((r) => r.to === 'B');
    expect(resumes.length).toBeGreaterThanOrEqual(1);
    expect(resumes[0]).toMatchObject({ method: 'GET', status: 200 });
  });

  it('a stream dropped while a confirmation form is open: the answer goes to A, the result arrives through B', async () => {
    const prefix = testPrefix('resume-confirm');
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const router = await startRouter(a.h.url, b.h.url, /elicitation\/create/);
    cleanups.push(router.close);
    const client = new Client({ name: 'resume-confirm', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    const forms: string[] = [];
    client.setRequestHandler('elicitation/create', async (req) => {
      forms.push(String(req.params.message));
      // The person answers only once the client has reconnected to B, so B must follow the stream
      // for the result, which A writes after the answer.
      await until(async () => router.routes.some((r) => r.to === 'B' && r.status === 200), 'the reconnect to B');
      return { action: 'accept', content: { confirm: true } } as never;
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(router.url)));
    cleanups.push(() => client.close());
    const result = await client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' } });
    expect(forms).toHaveLength(1);
    expect(result.isError).toBeFalsy();
    expect(a.calls.map((c) => c.command)).toContain('kick_user_off_seat');
    expect(b.calls).toHaveLength(0);
    // The form's answer went to A (sticky); only the reconnect went to B.
    expect(router.routes.filter((r) => r.to === 'B').every((r) => r.method === 'GET')).toBe(true);
  });

  it('a real 1.x client too', async () => {
    const prefix = testPrefix('resume-1x');
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const router = await startRouter(a.h.url, b.h.url);
    cleanups.push(router.close);
    const client = new Client1({ name: 'resume-1x', version: '1.0.0' });
    await client.connect(new Transport1(new URL(router.url)));
    cleanups.push(() => client.close());
    const result = await client.callTool({ name: 'test_reconnection', arguments: {} });
    expect(JSON.stringify(result.content)).toMatch(PROBE_ANSWER);
    expect(router.routes.filter((r) => r.to === 'B' && r.status === 200).length).toBeGreaterThanOrEqual(1);
  });

  it('B answers an SSE stream with retry, ids and the answer; a replica without the record answers 404 (as before)', async () => {
    const prefix = testPrefix('resume-raw');
    const [a, b, old] = [await replica(prefix), await replica(prefix), await replica(prefix, { shared: false })];
    const session = await openSession(a.h.url);
    const last = await callProbe(a.h.url, session, 5);
    // Today's answer, kept by a replica without the session directory.
    expect((await resumeGet(old.h.url, session, last)).status).toBe(404);
    const got = await resumeGet(b.h.url, session, last);
    expect(got.status).toBe(200);
    expect(got.type).toMatch(/text\/event-stream/);
    expect(got.body).toMatch(/^retry: 1000$/m);
    expect(got.body).toMatch(/^id: \S+\ndata: .*"id":5/m);
    expect(got.body).toMatch(PROBE_ANSWER);
    // Resumable again from the same place, on either replica.
    expect((await resumeGet(b.h.url, session, last)).body).toMatch(PROBE_ANSWER);
    // What still needs the holding replica: new POSTs, DELETE, a GET without Last-Event-ID.
    const post = await fetch(b.h.url, { method: 'POST', headers: { ...JSON_HEADERS, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/list' }) });
    expect(post.status).toBe(404);
    await post.text();
    expect((await resumeGet(b.h.url, session, undefined)).status).toBe(404);
    const del = await fetch(b.h.url, { method: 'DELETE', headers: { 'mcp-session-id': session, 'mcp-protocol-version': VERSION } });
    expect(del.status).toBe(404);
    await del.text();
    expect(await a.redis.exists(sessionKey(prefix, session))).toBe(1);
  });

  it('another caller, an unknown session or another session\'s event id get the unknown-session answer and no event', async () => {
    const prefix = testPrefix('resume-owner');
    const oauth = { oauth: { issuer: issuer.issuer, audience: AUDIENCE } };
    const [a, b] = [await replica(prefix, oauth), await replica(prefix, oauth)];
    const as = async (sub: string) => ({ authorization: `Bearer ${await issuer.mint({ sub, aud: AUDIENCE })}` });
    const alice = await as('alice@example.com');
    const bob = await as('bob@example.com');
    const session = await openSession(a.h.url, alice);
    const other = await openSession(a.h.url, alice);
    const last = await callProbe(a.h.url, session, 7, alice);
    const otherLast = await callProbe(a.h.url, other, 8, alice);

    const unknown = await resumeGet(b.h.url, randomUUID(), last, alice);
    expect(unknown.status).toBe(404);
    const refusals = [
      await resumeGet(b.h.url, session, last, bob), // another caller, right session and event id
      await resumeGet(b.h.url, session, otherLast, alice), // the owner, another session's event id
      await resumeGet(b.h.url, session, 'forged-event-id', alice),
      await resumeGet(b.h.url, session, '{x}:*', alice),
    ];
    for (const r of refusals) {
      expect(r).toEqual(unknown);
      expect(r.body).not.toMatch(PROBE_ANSWER);
    }
    // The owner, with her own event id, resumes on B.
    expect((await resumeGet(b.h.url, session, last, alice)).body).toMatch(PROBE_ANSWER);
    // Redis holds the owner only as a digest: no subject, no token.
    const value = (await a.redis.get(sessionKey(prefix, session)))!;
    expect(value).toBeTruthy();
    expect(value).not.toMatch(/alice|example/);
    expect(value).not.toContain(alice.authorization.slice(7));
  });

  it('the owner record expires with the session: its TTL, removal on DELETE, on idle close, and on expiry', async () => {
    const prefix = testPrefix('resume-ttl');
    const [a, b] = [await replica(prefix, { sessions: { idleMs: 120_000 } }), await replica(prefix)];
    const session = await openSession(a.h.url);
    const last = await callProbe(a.h.url, session, 1);
    const ttl = await a.redis.pttl(sessionKey(prefix, session));
    // idle life (120 s) plus two sweeps (60 s each) at most; set at all.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(240_000);
    const del = await fetch(a.h.url, { method: 'DELETE', headers: { 'mcp-session-id': session, 'mcp-protocol-version': VERSION } });
    expect(del.status).toBe(200);
    await del.text();
    await until(async () => (await a.redis.exists(sessionKey(prefix, session))) === 0, 'the record to be deleted');
    expect((await resumeGet(b.h.url, session, last)).status).toBe(404);

    // While the session lives (here kept busy by an open stream), each sweep pushes the expiry back.
    const swept = await replica(prefix, { sessions: { idleMs: 3000 } });
    const busy = await openSession(swept.h.url);
    const stream = new AbortController();
    // (Its headers come with the first keep-alive, so the request is not awaited.)
    const standalone = fetch(swept.h.url, { headers: { accept: 'text/event-stream', 'mcp-protocol-version': VERSION, 'mcp-session-id': busy }, signal: stream.signal }).catch(() => undefined);
    const first = await swept.redis.pttl(sessionKey(prefix, busy));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(9000);
    await until(async () => (await swept.redis.pttl(sessionKey(prefix, busy))) > first, 'a sweep to refresh the record');
    stream.abort();
    await standalone;
    await (await fetch(swept.h.url, { method: 'DELETE', headers: { 'mcp-session-id': busy, 'mcp-protocol-version': VERSION } })).text();

    // A session closed for idleness takes its record with it.
    const idle = await replica(prefix, { sessions: { idleMs: 300 } });
    const quiet = await openSession(idle.h.url);
    expect(await idle.redis.exists(sessionKey(prefix, quiet))).toBe(1);
    await until(async () => (await idle.redis.exists(sessionKey(prefix, quiet))) === 0, 'the idle session\'s record to go');

    // A record whose replica died without deleting it expires by itself.
    const directory = new RedisSessionDirectory(a.redis, prefix);
    const orphan = randomUUID();
    await directory.record(orphan, 'anonymous', 300);
    expect(await directory.ownedBy(orphan, 'anonymous')).toBe(true);
    await until(async () => !(await directory.ownedBy(orphan, 'anonymous')), 'the orphan record to expire');

    // Shutting a replica down removes the records of the sessions it held.
    const held = await openSession(b.h.url);
    expect(await b.redis.exists(sessionKey(prefix, held))).toBe(1);
    await b.h.close();
    expect(await a.redis.exists(sessionKey(prefix, held))).toBe(0);
  });
});
