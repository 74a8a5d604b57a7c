// Resumable HTTP streams: every event of a 2025-era session has an id, each stream opens with a
// priming event carrying `retry`, and a client whose stream dropped mid-call reconnects with
// Last-Event-ID and still receives the answer.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryEventStore, MAX_EVENTS_PER_STREAM, KEEP_MS } from '../../src/http/event-store.js';
import { startHttpServer, type HttpServerHandle } from '../../src/http/server.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { recordingClient } from '../helpers/recording-client.js';

interface SseEvent { id?: string; retry?: number; data: string }

async function readSse(res: Response): Promise<SseEvent[]> {
  const text = await res.text();
  return text.split('\n\n').filter((b) => b.trim() && !b.startsWith(':')).map((block) => {
    const e: SseEvent = { data: '' };
    for (const line of block.split('\n')) {
      const [k, ...rest] = line.split(':');
      const v = rest.join(':').replace(/^ /, '');
      if (k === 'id') e.id = v;
      if (k === 'retry') e.retry = Number(v);
      if (k === 'data') e.data += v;
    }
    return e;
  });
}

let handle: HttpServerHandle | undefined;
afterEach(async () => { await handle?.close(); handle = undefined; });

describe('resumable streams over HTTP', () => {
  it('a stream closed mid-call resumes with Last-Event-ID and delivers the answer', async () => {
    handle = await startHttpServer({ client: recordingClient().client, runtime: createPolicyRuntime(), port: 0, reconnectionProbe: true });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
    const init = await fetch(handle.url, {
      method: 'POST', headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    const session = init.headers.get('mcp-session-id')!;
    expect(session).toBeTruthy();
    await init.text();
    const h = { ...headers, 'mcp-session-id': session };
    await (await fetch(handle.url, { method: 'POST', headers: h, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();

    // An older header within a session that declared 2025-11-25 still gets the priming event.
    const call = await fetch(handle.url, {
      method: 'POST', headers: { ...h, 'mcp-protocol-version': '2025-03-26' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } }),
    });
    expect(call.headers.get('content-type')).toMatch(/text\/event-stream/);
    const first = await readSse(call);
    expect(first[0]).toMatchObject({ data: '', retry: 1000 });
    expect(first[0]!.id).toBeTruthy();
    // The stream ended before the answer.
    expect(first.some((e) => e.data.includes('"id":1'))).toBe(false);

    const resumed = await fetch(handle.url, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25', 'last-event-id': first.at(-1)!.id! } });
    expect(resumed.status).toBe(200);
    const reader = resumed.body!.getReader();
    let got = '';
    while (!got.includes('"id":1')) {
      const { value, done } = await reader.read();
      if (done) break;
      got += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(got).toMatch(/arrived by resumption/);
  });
});

describe('MemoryEventStore', () => {
  it('replays what came after an id, in order, skipping priming events', async () => {
    const store = new MemoryEventStore();
    const prime = await store.storeEvent('s1', {} as never);
    const a = await store.storeEvent('s1', { jsonrpc: '2.0', method: 'a' } as never);
    await store.storeEvent('s2', { jsonrpc: '2.0', method: 'other' } as never);
    await store.storeEvent('s1', { jsonrpc: '2.0', method: 'b' } as never);
    const sent: string[] = [];
    expect(await store.replayEventsAfter(prime, { send: async (_id, m) => { sent.push((m as { method: string }).method); } })).toBe('s1');
    expect(sent).toEqual(['a', 'b']);
    expect(await store.getStreamIdForEventId(a)).toBe('s1');
    await expect(store.replayEventsAfter('forged-id', { send: async () => {} })).rejects.toThrow();
  });

  it('is bounded: old events and idle streams are dropped', async () => {
    let now = 0;
    const store = new MemoryEventStore(() => now);
    const firstId = await store.storeEvent('s', { jsonrpc: '2.0', method: 'x' } as never);
    for (let i = 0; i < MAX_EVENTS_PER_STREAM; i++) await store.storeEvent('s', { jsonrpc: '2.0', method: 'x' } as never);
    expect(await store.getStreamIdForEventId(firstId)).toBeUndefined();
    const last = await store.storeEvent('s', { jsonrpc: '2.0', method: 'x' } as never);
    now += KEEP_MS + 1;
    await store.storeEvent('other', {} as never);
    expect(await store.getStreamIdForEventId(last)).toBeUndefined();
  });
});
