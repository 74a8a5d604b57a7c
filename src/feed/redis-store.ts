// The feed shared by every replica (--redis): room events in Redis Streams, the held-message queue
// in Redis hashes, so a callback that Tencent delivers to any replica is seen by all, a retry that
// lands on another replica is still recognized, and a held message is released or discarded once
// across the fleet.
//
// Events: one global stream (bounded by count) and one stream per room (bounded by count, expiring
// with the room's last event), written together by one Lua script that also claims the dedup key,
// takes the next id from one counter and publishes the event, so every replica sees the same ids
// (the get_room_events Cursor works on any replica) and the same order. The stream entry id is
// "<event id>-0": XRANGE by cursor is a range read.
//
// Held messages: a hash per message plus one sorted set per status. Every state change
// (held → releasing → released, releasing → held, held → discarded) is one Lua script that checks
// the current status and moves it, so of two replicas releasing the same message exactly one wins,
// as the SQLite store's conditional UPDATE does for one process.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { runScript, type LuaScript } from '../policies/redis/scripts.js';
import { redactRedisUrl } from '../policies/redis/errors.js';
import type { NormalizedEvent } from './callbacks.js';
import { DEFAULT_FEED_LIMITS, type EventQuery, type FeedLimits, type FeedStore, type HeldMessage, type HeldStatus, type StoredEvent } from './store.js';

const STATUSES: readonly HeldStatus[] = ['held', 'releasing', 'released', 'discarded'];
/** Entries read per round trip while filtering a stream (types, actor, age). */
const PAGE = 500;

function lua(text: string): LuaScript {
  return { lua: text, sha: createHash('sha1').update(text).digest('hex') };
}

// KEYS: dedup, seq, all-stream, room-stream, rooms zset, channel.
// ARGV: ttl ms, event JSON (without id), max total, max per room, room ('' for none), time ms.
// Returns {id, duplicate (0|1)}.
const ADD_EVENT = lua(`
local seen = redis.call('GET', KEYS[1])
if seen then return {tonumber(seen), 1} end
local id = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], id, 'PX', ARGV[1])
local sid = id .. '-0'
redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[3], sid, 'e', ARGV[2])
if ARGV[5] ~= '' then
  redis.call('XADD', KEYS[4], 'MAXLEN', ARGV[4], sid, 'e', ARGV[2])
  redis.call('PEXPIRE', KEYS[4], ARGV[1])
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[5])
end
redis.call('PUBLISH', KEYS[6], id .. ' ' .. ARGV[2])
return {id, 0}
`);

// KEYS: seq, the held-hash prefix, the 'held' status set. ARGV: field/value pairs. Returns the id.
const HOLD = lua(`
local id = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2] .. id, 'id', id, 'status', 'held', unpack(ARGV))
redis.call('ZADD', KEYS[3], id, id)
return id
`);

// KEYS: the message's hash, the from-status set, the to-status set.
// ARGV: from, to, id, n, n field names to delete, then field/value pairs to set.
// Returns 1 when the message was in status "from" and moved, else 0.
const TRANSITION = lua(`
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
local n = tonumber(ARGV[4])
for i = 5, 4 + n do redis.call('HDEL', KEYS[1], ARGV[i]) end
local set = {}
for i = 5 + n, #ARGV do set[#set + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], 'status', ARGV[2], unpack(set))
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[3])
return 1
`);

export interface RedisFeedStoreOptions {
  /** Same prefix as the policy state: one deployment (default "tencent-live-mcp"). */
  prefix?: string;
  limits?: FeedLimits;
  clock?: () => number;
  logger?: Logger;
  /** A Redis command slower than this fails (default 1500 ms: inside Tencent's 2 s callback budget). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

function feedKeys(prefix: string) {
  if (!prefix || /[{}\s]/.test(prefix)) throw new Error(`Redis key prefix ${JSON.stringify(prefix)} must be non-empty, without braces or spaces.`);
  // The {prefix} hash tag keeps every key a script touches in one slot (see policies/redis/keys.ts).
  const p = `{${prefix}}:feed`;
  return {
    seq: `${p}:seq`,
    dedup: (key: string) => `${p}:dedup:${key}`,
    all: `${p}:all`,
    room: (room: string) => `${p}:room:${room}`,
    rooms: `${p}:rooms`,
    channel: `${p}:events`,
    heldSeq: `${p}:held-seq`,
    heldPrefix: `${p}:held:`,
    held: (id: number) => `${p}:held:${id}`,
    status: (s: HeldStatus) => `${p}:held-status:${s}`,
  };
}

type Entry = [id: string, fields: string[]];

function entryToEvent([sid, fields]: Entry): StoredEvent {
  const at = fields.indexOf('e');
  const e = JSON.parse(fields[at + 1] ?? '{}') as Omit<StoredEvent, 'id'>;
  return { id: Number(sid.split('-')[0]), ...e };
}

function hashToHeld(h: Record<string, string>): HeldMessage | undefined {
  if (!h.id || !h.status) return undefined;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return {
    id: Number(h.id), room: h.room ?? '', sender: h.sender ?? '', reason: h.reason ?? '',
    ...(h.text !== undefined && { text: h.text }),
    msgBody: JSON.parse(h.msg_body ?? '[]') as unknown[],
    ...(h.send_random !== undefined && { sendRandom: num(h.send_random)! }),
    status: h.status as HeldStatus, heldAt: Number(h.held_at),
    ...(h.decided_at !== undefined && { decidedAt: num(h.decided_at)! }),
    ...(h.decided_by !== undefined && { decidedBy: h.decided_by }),
    ...(h.msg_seq !== undefined && { msgSeq: num(h.msg_seq)! }),
    ...(h.note !== undefined && { note: h.note }),
  };
}

/** Connects the shared feed; throws (the server does not start) when Redis cannot be reached. */
export async function connectRedisFeedStore(url: string, o: RedisFeedStoreOptions = {}): Promise<FeedStore> {
  const limits = o.limits ?? DEFAULT_FEED_LIMITS;
  const clock = o.clock ?? Date.now;
  const k = feedKeys(o.prefix ?? 'tencent-live-mcp');
  const shown = redactRedisUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: o.connectTimeoutMs ?? 5000,
    commandTimeout: o.commandTimeoutMs ?? 1500,
    // A callback must get an answer, not wait in a queue for a Redis that is gone.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  const subscriber = redis.duplicate();
  for (const conn of [redis, subscriber]) conn.on('error', (err: Error) => o.logger?.warn('feed Redis connection error', { url: shown, error: err.message }));
  try {
    await redis.connect();
    await subscriber.connect();
  } catch (err) {
    redis.disconnect();
    subscriber.disconnect();
    throw new Error(`Cannot reach Redis at ${shown} for the shared room event feed: ${err instanceof Error ? err.message : String(err)}`);
  }

  const events = new EventEmitter();
  events.setMaxListeners(0);
  // Every replica's new events arrive here, this replica's own included: one path for all.
  await subscriber.subscribe(k.channel);
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== k.channel) return;
    const sp = message.indexOf(' ');
    try {
      events.emit('event', { id: Number(message.slice(0, sp)), ...(JSON.parse(message.slice(sp + 1)) as object) });
    } catch {
      // A malformed notice is skipped: the event itself is in the stream for the next read.
    }
  });

  const fresh = (e: StoredEvent) => e.time >= clock() - limits.maxAgeMs;
  let added = 0;

  async function scan(stream: string, dir: 'asc' | 'desc', from: string, limit: number, keep: (e: StoredEvent) => boolean): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    let cursor = from;
    for (;;) {
      const page = (dir === 'asc'
        ? await redis.xrange(stream, cursor, '+', 'COUNT', PAGE)
        : await redis.xrevrange(stream, cursor, '-', 'COUNT', PAGE)) as Entry[];
      for (const entry of page) {
        const e = entryToEvent(entry);
        if (keep(e) && fresh(e)) out.push(e);
        if (out.length >= limit) return out;
      }
      if (page.length < PAGE) return out;
      const last = Number(page.at(-1)![0].split('-')[0]);
      if (dir === 'desc' && last <= 1) return out;
      cursor = dir === 'asc' ? `${last + 1}-0` : `${last - 1}-0`;
    }
  }

  async function transition(id: number, from: HeldStatus, to: HeldStatus, del: string[], set: Record<string, string | number>): Promise<boolean> {
    const pairs = Object.entries(set).flatMap(([f, v]) => [f, String(v)]);
    const r = await runScript(redis, TRANSITION, [k.held(id), k.status(from), k.status(to)], [from, to, String(id), String(del.length), ...del, ...pairs]);
    return Number(r) === 1;
  }

  const store: FeedStore = {
    events,
    async add(ev: NormalizedEvent) {
      const { dedupKey, ...rest } = ev;
      const json = JSON.stringify({ time: rest.time, room: rest.room, type: rest.type, command: rest.command, ...(rest.actor && { actor: rest.actor }), ...(rest.text !== undefined && { text: rest.text }), payload: rest.payload });
      const r = await runScript(redis, ADD_EVENT, [k.dedup(dedupKey), k.seq, k.all, k.room(ev.room), k.rooms, k.channel],
        [String(limits.maxAgeMs), json, String(limits.maxTotal), String(limits.maxPerRoom), ev.room, String(ev.time)]) as [number, number];
      const duplicate = Number(r[1]) === 1;
      if (!duplicate && ++added % 200 === 0) await store.prune(clock()).catch(() => {});
      return { id: Number(r[0]), duplicate };
    },
    async list(q: EventQuery) {
      const from = `${(q.after ?? 0) + 1}-0`;
      const types = q.types?.length ? new Set(q.types) : undefined;
      return scan(q.room !== undefined ? k.room(q.room) : k.all, 'asc', from, q.limit,
        (e) => (!types || types.has(e.type)) && (q.actor === undefined || e.actor === q.actor) && (q.room === undefined || e.room === q.room));
    },
    recent(room, actor, limit) {
      return scan(k.room(room), 'desc', '+', limit, (e) => e.actor === actor);
    },
    recentInRoom(room, limit) {
      return scan(k.room(room), 'desc', '+', limit, () => true);
    },
    async rooms() {
      const rooms = await redis.zrangebyscore(k.rooms, clock() - limits.maxAgeMs, '+inf', 'LIMIT', '0', '1000');
      return rooms.filter((r) => r !== '').sort();
    },
    async hold(m, now) {
      const fields: Record<string, string | number> = {
        room: m.room, sender: m.sender, reason: m.reason, msg_body: JSON.stringify(m.msgBody), held_at: now,
        ...(m.text !== undefined && { text: m.text }),
      };
      const id = Number(await runScript(redis, HOLD, [k.heldSeq, k.heldPrefix, k.status('held')], Object.entries(fields).flatMap(([f, v]) => [f, String(v)])));
      return (await store.getHeld(id))!;
    },
    async getHeld(id) {
      return hashToHeld(await redis.hgetall(k.held(id)));
    },
    async listHeld(q) {
      const statuses = q.status?.length ? q.status : STATUSES;
      const found: HeldMessage[] = [];
      for (const s of statuses) {
        // Each status contributes at most `limit` matches, oldest first; merged below.
        let taken = 0;
        for (let start = 0; taken < q.limit; start += PAGE) {
          const ids = await redis.zrange(k.status(s), String(start), String(start + PAGE - 1));
          if (ids.length === 0) break;
          const pipe = redis.pipeline();
          for (const id of ids) pipe.hgetall(k.held(Number(id)));
          for (const [err, h] of (await pipe.exec()) ?? []) {
            if (err) throw err;
            const m = hashToHeld(h as Record<string, string>);
            if (!m || m.status !== s || (q.room !== undefined && m.room !== q.room)) continue;
            found.push(m);
            if (++taken >= q.limit) break;
          }
          if (ids.length < PAGE) break;
        }
      }
      return found.sort((a, b) => a.id - b.id).slice(0, q.limit);
    },
    async beginRelease(id, by, now) {
      const random = 1 + Math.floor(Math.random() * 0xfffffffe);
      return (await transition(id, 'held', 'releasing', ['note'], { send_random: random, decided_at: now, decided_by: by })) ? store.getHeld(id) : undefined;
    },
    async finishRelease(id, msgSeq, now) {
      await transition(id, 'releasing', 'released', [], { decided_at: now, ...(msgSeq !== undefined && { msg_seq: msgSeq }) });
    },
    async abortRelease(id, note) {
      await transition(id, 'releasing', 'held', ['send_random', 'decided_at', 'decided_by'], { note });
    },
    async discard(id, by, now) {
      return (await transition(id, 'held', 'discarded', [], { decided_at: now, decided_by: by })) ? store.getHeld(id) : undefined;
    },
    async confirmBySendRandom(room, sender, random, msgSeq, now) {
      const h = (await store.listHeld({ room, status: ['releasing'], limit: 1000 })).find((m) => m.sender === sender && m.sendRandom === random);
      if (!h) return undefined;
      await store.finishRelease(h.id, msgSeq, now);
      return h.id;
    },
    async prune(now) {
      // Counts are bounded on every write (XADD MAXLEN); age here: the global stream up to its
      // first fresh event, and rooms idle past the age (their streams expire by themselves).
      const cutoff = now - limits.maxAgeMs;
      await redis.zremrangebyscore(k.rooms, '-inf', `(${cutoff}`);
      const page = (await redis.xrange(k.all, '-', '+', 'COUNT', PAGE)) as Entry[];
      const firstFresh = page.find((e) => entryToEvent(e).time >= cutoff);
      if (firstFresh) await redis.xtrim(k.all, 'MINID', firstFresh[0]);
      else if (page.length > 0) await redis.xtrim(k.all, 'MINID', `${Number(page.at(-1)![0].split('-')[0]) + 1}-0`);
    },
    async close() {
      events.removeAllListeners();
      await Promise.race([Promise.allSettled([subscriber.quit(), redis.quit()]), new Promise((r) => setTimeout(r, 1000).unref())]);
      redis.disconnect();
      subscriber.disconnect();
    },
  };
  return store;
}
