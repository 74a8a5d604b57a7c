// The feed's durable store: room events and the held-message queue in one SQLite file
// (better-sqlite3 12.x; 13.x needs Node 22). SQLite because the before-send callback must answer
// inside Tencent's 2 s budget with the hold already on disk: better-sqlite3 commits synchronously,
// so "held" is durable before the answer leaves, and a transaction's conditional UPDATE gives the
// held → releasing step that makes a double release impossible, even across a SIGKILL (WAL mode:
// a committed transaction survives the process dying; only a power loss can drop the last one).
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

// The native SQLite binding loads when a feed is opened, not with every module that names a feed
// type or LocalRefusal (the call pipeline does): a session without a feed never loads it.
const Database = (): typeof BetterSqlite3 => createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
import type { EventType, NormalizedEvent } from './callbacks.js';

/** An event as kept: the normalized event with its place in the feed (the dedup key stays inside). */
export type StoredEvent = Omit<NormalizedEvent, 'dedupKey'> & { id: number };

export type HeldStatus = 'held' | 'releasing' | 'released' | 'discarded';

export interface HeldMessage {
  id: number;
  room: string;
  sender: string;
  text?: string;
  /** Why the hold rules held it ("word \"spam\"", "room pattern \"vip-*\"", "hold all"). */
  reason: string;
  /** The IM MsgBody as Tencent gave it, re-sent as-is on release. */
  msgBody: unknown[];
  /** The Random used for the re-send: fixed at the held → releasing step, so it is one send. */
  sendRandom?: number;
  status: HeldStatus;
  heldAt: number;
  decidedAt?: number;
  decidedBy?: string;
  /** MsgSeq of the delivered message, once released. */
  msgSeq?: number;
  note?: string;
}

export interface FeedLimits {
  /** Events older than this are dropped. */
  maxAgeMs: number;
  maxPerRoom: number;
  maxTotal: number;
}

export const DEFAULT_FEED_LIMITS: FeedLimits = { maxAgeMs: 24 * 3600_000, maxPerRoom: 5000, maxTotal: 100_000 };

export interface EventQuery {
  room?: string;
  types?: readonly string[];
  actor?: string;
  /** Only events with an id above this (the cursor). */
  after?: number;
  limit: number;
}

/**
 * The feed's storage. Asynchronous because the shared store (--redis, src/feed/redis-store.ts) is
 * a network round trip; the SQLite store answers from the same process and resolves at once.
 */
export interface FeedStore {
  /** Stores one event; a repeat of one already stored (Tencent's retry) is not stored again. */
  add(ev: NormalizedEvent): Promise<{ id: number; duplicate: boolean }>;
  list(q: EventQuery): Promise<StoredEvent[]>;
  /** The newest events first, for evidence: a user's recent activity in a room. */
  recent(room: string, actor: string, limit: number): Promise<StoredEvent[]>;
  rooms(): Promise<string[]>;
  /** A room's newest events first. */
  recentInRoom(room: string, limit: number): Promise<StoredEvent[]>;
  hold(m: Omit<HeldMessage, 'id' | 'status' | 'heldAt'>, now: number): Promise<HeldMessage>;
  getHeld(id: number): Promise<HeldMessage | undefined>;
  listHeld(q: { room?: string; status?: HeldStatus[]; limit: number }): Promise<HeldMessage[]>;
  /** held → releasing, atomically; undefined when it is not (or no longer) held. */
  beginRelease(id: number, by: string, now: number): Promise<HeldMessage | undefined>;
  finishRelease(id: number, msgSeq: number | undefined, now: number): Promise<void>;
  /** A release whose send provably failed goes back to held. */
  abortRelease(id: number, note: string): Promise<void>;
  /** held → discarded, atomically; undefined when it is not (or no longer) held. */
  discard(id: number, by: string, now: number): Promise<HeldMessage | undefined>;
  /** The after-send callback of a re-sent message closes a release whose answer was lost. */
  confirmBySendRandom(room: string, sender: string, random: number, msgSeq: number | undefined, now: number): Promise<number | undefined>;
  prune(now: number): Promise<void>;
  /** 'event' (StoredEvent) after each new event (with --redis: each new event on any replica). */
  readonly events: EventEmitter;
  close(): void | Promise<void>;
}

/** The SQLite store's own, synchronous face: every call commits before it returns. */
type SyncFeedStore = { [K in Exclude<keyof FeedStore, 'events' | 'close'>]: (...a: Parameters<FeedStore[K]>) => Awaited<ReturnType<FeedStore[K]>> }
  & { readonly events: EventEmitter; close(): void };

export function openFeedStore(file: string, limits: FeedLimits = DEFAULT_FEED_LIMITS, clock: () => number = Date.now): FeedStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new (Database())(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      id INTEGER PRIMARY KEY AUTOINCREMENT, dedup TEXT NOT NULL UNIQUE, time INTEGER NOT NULL,
      room TEXT NOT NULL, type TEXT NOT NULL, command TEXT NOT NULL, actor TEXT, text TEXT, payload TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS events_room ON events (room, id);
    CREATE INDEX IF NOT EXISTS events_actor ON events (room, actor, id);
    CREATE TABLE IF NOT EXISTS held (
      id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, sender TEXT NOT NULL, text TEXT, reason TEXT NOT NULL,
      msg_body TEXT NOT NULL, send_random INTEGER, status TEXT NOT NULL, held_at INTEGER NOT NULL,
      decided_at INTEGER, decided_by TEXT, msg_seq INTEGER, note TEXT);
    CREATE INDEX IF NOT EXISTS held_status ON held (status, id);
  `);
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);

  const insert = db.prepare('INSERT OR IGNORE INTO events (dedup, time, room, type, command, actor, text, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const rowToEvent = (r: Record<string, unknown>): StoredEvent => ({
    id: r.id as number, time: r.time as number, room: r.room as string, type: r.type as EventType, command: r.command as string,
    ...(r.actor != null && { actor: r.actor as string }), ...(r.text != null && { text: r.text as string }),
    payload: JSON.parse(r.payload as string) as Record<string, unknown>,
  });
  const rowToHeld = (r: Record<string, unknown>): HeldMessage => ({
    id: r.id as number, room: r.room as string, sender: r.sender as string, reason: r.reason as string,
    ...(r.text != null && { text: r.text as string }),
    msgBody: JSON.parse(r.msg_body as string) as unknown[],
    ...(r.send_random != null && { sendRandom: r.send_random as number }),
    status: r.status as HeldStatus, heldAt: r.held_at as number,
    ...(r.decided_at != null && { decidedAt: r.decided_at as number }),
    ...(r.decided_by != null && { decidedBy: r.decided_by as string }),
    ...(r.msg_seq != null && { msgSeq: r.msg_seq as number }),
    ...(r.note != null && { note: r.note as string }),
  });
  let added = 0;

  const store: SyncFeedStore = {
    events: emitter,
    add(ev) {
      const res = insert.run(ev.dedupKey, ev.time, ev.room, ev.type, ev.command, ev.actor ?? null, ev.text ?? null, JSON.stringify(ev.payload));
      if (res.changes === 0) {
        const row = db.prepare('SELECT id FROM events WHERE dedup = ?').get(ev.dedupKey) as { id: number };
        return { id: row.id, duplicate: true };
      }
      const id = Number(res.lastInsertRowid);
      // Pruning every event would cost more than it saves; every 200th keeps the bounds close.
      if (++added % 200 === 0) store.prune(clock());
      emitter.emit('event', { id, time: ev.time, room: ev.room, type: ev.type, command: ev.command, ...(ev.actor && { actor: ev.actor }), ...(ev.text !== undefined && { text: ev.text }), payload: ev.payload });
      return { id, duplicate: false };
    },
    list(q) {
      const where: string[] = ['id > ?'];
      const args: unknown[] = [q.after ?? 0];
      if (q.room) { where.push('room = ?'); args.push(q.room); }
      if (q.actor) { where.push('actor = ?'); args.push(q.actor); }
      if (q.types?.length) { where.push(`type IN (${q.types.map(() => '?').join(',')})`); args.push(...q.types); }
      return (db.prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`).all(...args, q.limit) as Record<string, unknown>[]).map(rowToEvent);
    },
    recent(room, actor, limit) {
      return (db.prepare('SELECT * FROM events WHERE room = ? AND actor = ? ORDER BY id DESC LIMIT ?').all(room, actor, limit) as Record<string, unknown>[]).map(rowToEvent);
    },
    recentInRoom(room, limit) {
      return (db.prepare('SELECT * FROM events WHERE room = ? ORDER BY id DESC LIMIT ?').all(room, limit) as Record<string, unknown>[]).map(rowToEvent);
    },
    rooms() {
      return (db.prepare('SELECT DISTINCT room FROM events WHERE room != \'\' ORDER BY room LIMIT 1000').all() as Array<{ room: string }>).map((r) => r.room);
    },
    hold(m, now) {
      const res = db.prepare('INSERT INTO held (room, sender, text, reason, msg_body, status, held_at) VALUES (?, ?, ?, ?, ?, \'held\', ?)')
        .run(m.room, m.sender, m.text ?? null, m.reason, JSON.stringify(m.msgBody), now);
      return store.getHeld(Number(res.lastInsertRowid))!;
    },
    getHeld(id) {
      const r = db.prepare('SELECT * FROM held WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return r ? rowToHeld(r) : undefined;
    },
    listHeld(q) {
      const where: string[] = ['1 = 1'];
      const args: unknown[] = [];
      if (q.room) { where.push('room = ?'); args.push(q.room); }
      if (q.status?.length) { where.push(`status IN (${q.status.map(() => '?').join(',')})`); args.push(...q.status); }
      return (db.prepare(`SELECT * FROM held WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`).all(...args, q.limit) as Record<string, unknown>[]).map(rowToHeld);
    },
    beginRelease(id, by, now) {
      // One conditional UPDATE: of two concurrent releases (or a release after a crash and
      // restart), exactly one finds the row still 'held'.
      const random = 1 + Math.floor(Math.random() * 0xfffffffe);
      const res = db.prepare('UPDATE held SET status = \'releasing\', send_random = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = \'held\'').run(random, now, by, id);
      return res.changes === 1 ? store.getHeld(id) : undefined;
    },
    finishRelease(id, msgSeq, now) {
      db.prepare('UPDATE held SET status = \'released\', msg_seq = ?, decided_at = ? WHERE id = ? AND status = \'releasing\'').run(msgSeq ?? null, now, id);
    },
    abortRelease(id, note) {
      db.prepare('UPDATE held SET status = \'held\', send_random = NULL, decided_at = NULL, decided_by = NULL, note = ? WHERE id = ? AND status = \'releasing\'').run(note, id);
    },
    discard(id, by, now) {
      const res = db.prepare('UPDATE held SET status = \'discarded\', decided_at = ?, decided_by = ? WHERE id = ? AND status = \'held\'').run(now, by, id);
      return res.changes === 1 ? store.getHeld(id) : undefined;
    },
    confirmBySendRandom(room, sender, random, msgSeq, now) {
      const row = db.prepare('SELECT id FROM held WHERE room = ? AND sender = ? AND send_random = ? AND status = \'releasing\'').get(room, sender, random) as { id: number } | undefined;
      if (!row) return undefined;
      store.finishRelease(row.id, msgSeq, now);
      return row.id;
    },
    prune(now) {
      db.prepare('DELETE FROM events WHERE time < ?').run(now - limits.maxAgeMs);
      db.prepare(`DELETE FROM events WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY room ORDER BY id DESC) AS n FROM events) WHERE n > ?)`).run(limits.maxPerRoom);
      const total = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
      if (total > limits.maxTotal) db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT ?)').run(total - limits.maxTotal);
    },
    close() {
      emitter.removeAllListeners();
      db.close();
    },
  };
  store.prune(clock());
  return asyncFace(store);
}

/** Each call runs (and commits) synchronously; the promise only carries its result. */
function asyncFace(s: SyncFeedStore): FeedStore {
  const wrap = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): Promise<R> => {
    try {
      return Promise.resolve(f(...a));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return {
    events: s.events,
    add: wrap(s.add), list: wrap(s.list), recent: wrap(s.recent), rooms: wrap(s.rooms), recentInRoom: wrap(s.recentInRoom),
    hold: wrap(s.hold), getHeld: wrap(s.getHeld), listHeld: wrap(s.listHeld), beginRelease: wrap(s.beginRelease),
    finishRelease: wrap(s.finishRelease), abortRelease: wrap(s.abortRelease), discard: wrap(s.discard),
    confirmBySendRandom: wrap(s.confirmBySendRandom), prune: wrap(s.prune), close: () => s.close(),
  };
}

/** A feed tool refusing what it was asked (nothing was sent): becomes a "not performed" result. */
export class LocalRefusal extends Error {
  override name = 'LocalRefusal';
}
