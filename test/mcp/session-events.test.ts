// Resumable streams, session by session and replica by replica: one event store serves every
// session, yet a session replays only its own events (the SDK names every session's standalone
// stream "_GET_stream"); with --redis the events live in the deployment's Redis, where another
// replica's connection reads what one replica stored.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '@modelcontextprotocol/server';
import { MemoryEventStore } from '../../src/http/event-store.js';
import { RedisEventStore } from '../../src/http/redis-event-store.js';
import { sessionEventStore } from '../../src/http/session-events.js';
import { startHttpServer, type HttpServerHandle } from '../../src/http/server.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { connectRedisStores, type RedisStores } from '../../src/policies/redis-stores.js';
import { recordingClient } from '../helpers/recording-client.js';
import { redisAvailability, startRedisServer, testPrefix, type RedisServer } from '../helpers/redis.js';

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };

/** Opens a 2025-era session; answers its id. */
async function openSession(url: string): Promise<string> {
  const init = await fetch(url, {
    method: 'POST', headers: HEADERS,
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });
  const session = init.headers.get('mcp-session-id')!;
  await init.text();
  await (await fetch(url, { method: 'POST', headers: { ...HEADERS, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
  return session;
}

/** Calls the reconnection probe: its stream closes before the answer. Answers the last event id seen. */
async function callProbe(url: string, session: string, id: number): Promise<string> {
  const res = await fetch(url, {
    method: 'POST', headers: { ...HEADERS, 'mcp-session-id': session },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } }),
  });
  const ids = [...(await res.text()).matchAll(/^id: ?(.+)$/gm)].map((m) => m[1]!);
  expect(ids.length).toBeGreaterThan(0);
  return ids.at(-1)!;
}

/** Resumes with Last-Event-ID; answers the status and, for a stream, what arrived until the answer to `id`. */
async function resume(url: string, session: string, lastEventId: string, id: number): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25', 'last-event-id': lastEventId } });
  if (res.status !== 200) return { status: res.status, body: await res.text() };
  const reader = res.body!.getReader();
  let body = '';
  while (!body.includes(`"id":${id}`)) {
    const { value, done } = await reader.read();
    if (done) break;
    body += new TextDecoder().decode(value);
  }
  await reader.cancel();
  return { status: 200, body };
}

const handles: HttpServerHandle[] = [];
afterEach(async () => { for (const h of handles.splice(0)) await h.close(); });
const serve = async (eventStore?: EventStore) => {
  const h = await startHttpServer({ client: recordingClient().client, runtime: createPolicyRuntime(), port: 0, reconnectionProbe: true, ...(eventStore && { eventStore }) });
  handles.push(h);
  return h;
};

describe('each session replays only its own events', () => {
  it("another session's event id is refused, and its answer is not replayed", async () => {
    const h = await serve();
    const [a, b] = [await openSession(h.url), await openSession(h.url)];
    const bLast = await callProbe(h.url, b, 7);
    const stolen = await resume(h.url, a, bLast, 7);
    expect(stolen.status).toBe(400);
    expect(stolen.body).not.toMatch(/arrived by resumption/);
    // Its own session still resumes.
    const own = await resume(h.url, b, bLast, 7);
    expect(own.body).toMatch(/arrived by resumption/);
  });

  it("the standalone stream: one session's notifications never replay into another's", async () => {
    const shared = new MemoryEventStore();
    const [a, b] = [sessionEventStore(shared, 'session-a'), sessionEventStore(shared, 'session-b')];
    const aPrime = await a.storeEvent('_GET_stream', {} as never);
    const bPrime = await b.storeEvent('_GET_stream', {} as never);
    await b.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'b-only' } } as never);
    await a.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'a-only' } } as never);
    const seen: string[] = [];
    expect(await a.replayEventsAfter(aPrime, { send: async (_id, m) => { seen.push(JSON.stringify(m)); } })).toBe('_GET_stream');
    expect(seen.join()).toMatch(/a-only/);
    expect(seen.join()).not.toMatch(/b-only/);
    expect(await a.getStreamIdForEventId!(bPrime)).toBeUndefined();
    await expect(a.replayEventsAfter(bPrime, { send: async () => {} })).rejects.toThrow();
  });
});

const avail = redisAvailability();
if (!avail.run) console.warn(avail.message);

describe.runIf(avail.run)('the event store in Redis (--redis)', () => {
  let redis: RedisServer;
  const opened: RedisStores[] = [];
  beforeAll(async () => {
    if (!avail.bin) throw new Error(avail.message);
    redis = await startRedisServer(avail.bin);
  }, 60_000);
  afterAll(async () => { await redis?.stop(); });
  afterEach(async () => { for (const s of opened.splice(0)) await s.close(); });
  const open = async (prefix: string) => {
    const s = await connectRedisStores(redis.url, { prefix });
    opened.push(s);
    return s;
  };

  it('one replica stores, another replica reads: in order, priming skipped, other streams and forged ids refused', async () => {
    const prefix = testPrefix('sse');
    const [r1, r2] = [await open(prefix), await open(prefix)];
    const [s1, s2] = [new RedisEventStore(r1.redis, prefix), new RedisEventStore(r2.redis, prefix)];
    const prime = await s1.storeEvent('s1', {} as never);
    await s1.storeEvent('s1', { jsonrpc: '2.0', method: 'a' } as never);
    await s1.storeEvent('s2', { jsonrpc: '2.0', method: 'other' } as never);
    await s1.storeEvent('s1', { jsonrpc: '2.0', method: 'b' } as never);
    const sent: string[] = [];
    expect(await s2.replayEventsAfter(prime, { send: async (_id, m) => { sent.push((m as { method: string }).method); } })).toBe('s1');
    expect(sent).toEqual(['a', 'b']);
    await expect(s2.replayEventsAfter('forged-id', { send: async () => {} })).rejects.toThrow();
    await expect(s2.replayEventsAfter('{x}:*', { send: async () => {} })).rejects.toThrow();
    // Another deployment (prefix) on the same Redis sees none of it.
    const other = new RedisEventStore(r2.redis, testPrefix('sse-other'));
    expect(await other.getStreamIdForEventId(prime)).toBeUndefined();
  });

  it('over HTTP: a dropped stream resumes through Redis, and sessions stay apart', async () => {
    const prefix = testPrefix('sse-http');
    const r = await open(prefix);
    const h = await serve(new RedisEventStore(r.redis, prefix));
    const [a, b] = [await openSession(h.url), await openSession(h.url)];
    const aLast = await callProbe(h.url, a, 3);
    expect((await resume(h.url, a, aLast, 3)).body).toMatch(/arrived by resumption/);
    expect((await resume(h.url, b, aLast, 3)).status).toBe(400);
    // The events are in Redis, not in this process.
    expect((await r.redis.keys(`{${prefix}}:sse:stream:*`)).length).toBeGreaterThan(0);
  });
});
