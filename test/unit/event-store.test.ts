// The memory store of resumable HTTP streams stays bounded however many streams a busy server
// opens (one per tools/call of a 2025-era session): expired streams go, and beyond its stream cap
// the least recently touched go first, while a stream a client is reading stays.
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { KEEP_MS, MemoryEventStore } from '../../src/http/event-store.js';

const msg = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: {} });

async function replayed(store: MemoryEventStore, after: string): Promise<number[] | 'unknown'> {
  const got: number[] = [];
  try {
    await store.replayEventsAfter(after, { send: async (_id, m) => void got.push((m as { id: number }).id) });
  } catch {
    return 'unknown';
  }
  return got;
}

describe('MemoryEventStore', () => {
  it('drops the least recently touched stream beyond its cap; a stream being read counts as touched', async () => {
    let now = 0;
    const store = new MemoryEventStore(() => now, 3);
    const first: Record<string, string> = {};
    for (const s of ['a', 'b', 'c']) {
      now++;
      first[s] = await store.storeEvent(s, msg(0));
      await store.storeEvent(s, msg(1));
    }
    now++;
    expect(await replayed(store, first.a!)).toEqual([1]); // a is now the most recently touched
    for (const s of ['d', 'e']) {
      now++;
      await store.storeEvent(s, msg(0));
    }
    // b and c were the least recently touched: gone; a was read, so it stays.
    expect(await replayed(store, first.b!)).toBe('unknown');
    expect(await replayed(store, first.c!)).toBe('unknown');
    expect(await replayed(store, first.a!)).toEqual([1]);
  });

  it('expires streams untouched for KEEP_MS, and only those', async () => {
    let now = 0;
    const store = new MemoryEventStore(() => now);
    const old = await store.storeEvent('old', msg(0));
    now = KEEP_MS / 2;
    const fresh = await store.storeEvent('fresh', msg(0));
    await store.storeEvent('fresh', msg(1));
    now = KEEP_MS + 1;
    expect(await store.getStreamIdForEventId(old)).toBeUndefined();
    expect(await replayed(store, fresh)).toEqual([1]);
  });

  it('never holds more streams than its cap, however many are opened', async () => {
    const store = new MemoryEventStore(() => 0, 1000);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(await store.storeEvent(`s${i}`, msg(i)));
    expect(await store.getStreamIdForEventId(ids[3999]!)).toBeUndefined();
    expect(await store.getStreamIdForEventId(ids[4000]!)).toBe('s4000');
    expect(await store.getStreamIdForEventId(ids[4999]!)).toBe('s4999');
  });
});
