// Resumable HTTP streams: every SSE event a 2025-era session sends is stored under an id, so a
// client whose stream dropped (a proxy timeout during a long confirmation, a network blip)
// reconnects with Last-Event-ID and receives what it missed, the answer included.
//
// The memory store is bounded: per stream, the newest MAX_EVENTS events; streams untouched for
// KEEP_MS are dropped, and beyond MAX_STREAMS the least recently touched go first (every tools/call
// of a 2025-era session opens a stream, so a busy server opens hundreds a second). A client that
// comes back later than that gets a clear 400 from the SDK ("Invalid event ID") and can call
// again; nothing unbounded accumulates.
//
// Streams sit in a Map in the order they were last touched (a touch moves one to the end), so
// expiry looks only at the front: sweeping every stream on every event made the store the largest
// single cost of an HTTP tool call, growing with the streams held.
import { randomBytes } from 'node:crypto';
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';
import { randomHex } from '../random-hex.js';

export const MAX_EVENTS_PER_STREAM = 1000;
export const KEEP_MS = 10 * 60 * 1000;
export const MAX_STREAMS = 20_000;

interface Stream { events: Array<{ id: string; message: JSONRPCMessage }>; touched: number }

export class MemoryEventStore implements EventStore {
  /** Least recently touched first. */
  private readonly streams = new Map<string, Stream>();
  private readonly streamOf = new Map<string, string>();
  /** Event ids are unguessable: knowing one stream's id says nothing about another's. */
  private readonly prefix = randomBytes(6).toString('base64url');
  private seq = 0;

  constructor(private readonly clock: () => number = Date.now, private readonly maxStreams = MAX_STREAMS) {}

  private drop(id: string, s: Stream) {
    for (const e of s.events) this.streamOf.delete(e.id);
    this.streams.delete(id);
  }

  private sweep(now: number) {
    for (const [id, s] of this.streams) {
      if (now - s.touched <= KEEP_MS && this.streams.size <= this.maxStreams) break;
      this.drop(id, s);
    }
  }

  private touch(id: string, s: Stream, now: number) {
    s.touched = now;
    this.streams.delete(id);
    this.streams.set(id, s);
  }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const now = this.clock();
    const id = `${this.prefix}.${(++this.seq).toString(36)}.${randomHex(4)}`;
    let s = this.streams.get(streamId);
    if (!s) this.streams.set(streamId, (s = { events: [], touched: now }));
    else this.touch(streamId, s, now);
    s.events.push({ id, message });
    this.streamOf.set(id, streamId);
    while (s.events.length > MAX_EVENTS_PER_STREAM) this.streamOf.delete(s.events.shift()!.id);
    // After the insert: the stream just written is the last one the sweep would reach.
    this.sweep(now);
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    this.sweep(this.clock());
    return this.streamOf.get(eventId);
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const streamId = this.streamOf.get(lastEventId);
    const s = streamId === undefined ? undefined : this.streams.get(streamId);
    if (streamId === undefined || !s) throw new Error('unknown event id');
    this.touch(streamId, s, this.clock());
    const from = s.events.findIndex((e) => e.id === lastEventId);
    // The priming event carries no message ({}); it marks a place in the stream and is not resent.
    for (const e of s.events.slice(from + 1)) if (Object.keys(e.message).length > 0) await send(e.id, e.message);
    return streamId;
  }
}
