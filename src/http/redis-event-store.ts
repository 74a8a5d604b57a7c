// The resumable-stream event store in Redis (`--redis`): the same contract as MemoryEventStore
// (bounded per stream, idle streams expire, unguessable ids, priming events not resent), kept in
// the deployment's Redis so that the events a replica sent outlive that replica's memory and can
// be read by any replica of the deployment.
//
// Keys (under the deployment's hash-tagged prefix): `{p}:sse:stream:<stream>` a list of
// `<id> <message JSON>` entries, newest last, trimmed to MAX_EVENTS_PER_STREAM; `{p}:sse:event:<id>`
// the stream an event belongs to. Both expire KEEP_MS after the stream was last written or read.
import { randomBytes } from 'node:crypto';
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { KEEP_MS, MAX_EVENTS_PER_STREAM } from './event-store.js';

export class RedisEventStore implements EventStore {
  private readonly p: string;

  /** `prefix` is the deployment's key prefix (the same as the other shared state's). */
  constructor(private readonly redis: Redis, prefix: string) {
    this.p = `{${prefix}}:sse`;
  }

  private streamKey(stream: string) { return `${this.p}:stream:${stream}`; }
  private eventKey(id: string) { return `${this.p}:event:${id}`; }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = randomBytes(12).toString('base64url');
    const key = this.streamKey(streamId);
    await this.redis.multi()
      .rpush(key, `${id} ${JSON.stringify(message)}`)
      .ltrim(key, -MAX_EVENTS_PER_STREAM, -1)
      .pexpire(key, KEEP_MS)
      .set(this.eventKey(id), streamId, 'PX', KEEP_MS)
      .exec();
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    // Ids we mint are base64url; anything else is not looked up (no key injection through a header).
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(eventId)) return undefined;
    return (await this.redis.get(this.eventKey(eventId))) ?? undefined;
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const streamId = await this.getStreamIdForEventId(lastEventId);
    if (streamId === undefined) throw new Error('unknown event id');
    const key = this.streamKey(streamId);
    const entries = await this.redis.lrange(key, 0, -1);
    await this.redis.pexpire(key, KEEP_MS);
    const from = entries.findIndex((e) => e.startsWith(`${lastEventId} `));
    // An id whose event was trimmed away cannot say what came after it.
    if (from < 0) throw new Error('unknown event id');
    for (const entry of entries.slice(from + 1)) {
      const space = entry.indexOf(' ');
      const message = JSON.parse(entry.slice(space + 1)) as JSONRPCMessage;
      // The priming event carries no message ({}); it marks a place in the stream and is not resent.
      if (Object.keys(message).length > 0) await send(entry.slice(0, space), message);
    }
    return streamId;
  }
}
