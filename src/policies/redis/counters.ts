// The policy caps, the breaker and Tencent's rate budgets, shared by every replica through Redis:
// one sorted set per key (score = the time of a grant or hit), trimmed to its window and expired
// after it, changed only inside Lua scripts so a check-and-take never interleaves.
//
// Clock: by default the windows are counted in the Redis server's clock (TIME inside the script),
// so replicas whose clocks drift apart still count one window: a 20 ms skew between two hosts
// would otherwise let a 1020 ms window admit calls the other replica already counted. The `now`
// a caller passes is then only used to translate the answer (retryAt) into the caller's clock.
// `clock: 'caller'` counts in the callers' `now` instead (deterministic tests with a fake clock;
// replicas then need synchronised clocks, NTP-grade, well under the 20 ms window margin).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SlotStore } from '../rate-limit.js';
import type { CapCounter } from '../rules.js';
import { guarded } from './errors.js';
import type { RedisKeys } from './keys.js';
import { ADD_HIT, COUNT_HITS, TAKE_SLOT, runScript } from './scripts.js';

export type RedisClockMode = 'redis' | 'caller';

export interface RedisCounterOptions {
  redis: Redis;
  keys: RedisKeys;
  /** Whose clock the windows are counted in (default 'redis'). */
  clock?: RedisClockMode;
  /** For error messages only (redacted). */
  url?: string;
  /**
   * RedisSlotStore only: how much longer than the limiter's window each grant is counted
   * (default 0; connectRedisStores passes 50 ms). See RedisSlotStore.
   */
  windowMarginMs?: number;
}

/** Unique sorted-set members: two grants in the same millisecond must not collapse into one. */
function memberSource(): () => string {
  const tag = randomBytes(6).toString('hex');
  let seq = 0;
  return () => `${tag}:${(seq++).toString(36)}`;
}

export class RedisCapCounter implements CapCounter {
  private readonly member = memberSource();
  private readonly mode: RedisClockMode;
  constructor(private readonly o: RedisCounterOptions) {
    this.mode = o.clock ?? 'redis';
  }

  async count(key: string, windowMs: number, now: number): Promise<number> {
    return guarded('read the policy caps and breaker counts', this.o.url ?? '', async () =>
      Number(await runScript(this.o.redis, COUNT_HITS, [this.o.keys.cap(key)], [now, this.mode, windowMs])));
  }

  async hit(key: string, windowMs: number, now: number): Promise<void> {
    await guarded('count a call against the policy caps', this.o.url ?? '', () =>
      runScript(this.o.redis, ADD_HIT, [this.o.keys.cap(key)], [now, this.mode, windowMs, this.member()]));
  }

  async reserve(key: string, max: number, windowMs: number, now: number): Promise<string | undefined> {
    // The rate-slot script is exactly a sliding-log check-and-take; the member is the reservation.
    const id = this.member();
    try {
      const r = await guarded('reserve a place under a policy cap', this.o.url ?? '', () =>
        runScript(this.o.redis, TAKE_SLOT, [this.o.keys.cap(key)], [now, this.mode, max, windowMs, id]));
      return (r as [number, number])[0] === 1 ? id : undefined;
    } catch (err) {
      // The script may have run although its answer was lost: take the place back (a no-op when
      // it was never taken), so a call that is refused here does not hold a place nobody uses.
      await this.o.redis.zrem(this.o.keys.cap(key), id).catch(() => {});
      throw err;
    }
  }

  async release(key: string, id: string): Promise<void> {
    await guarded('release a policy cap reservation', this.o.url ?? '', () => this.o.redis.zrem(this.o.keys.cap(key), id));
  }
}

/**
 * Tencent's rate budgets for the whole fleet. A grant is stamped when the script runs, but Tencent
 * counts the request when it arrives; if one request takes longer to get there than a later one
 * (an event-loop stall, another host, another network path), grants `window` apart can land in one
 * of Tencent's seconds. The limiter's own window (1020 ms) allows 20 ms of such jitter, enough for
 * one process; replicas get `windowMarginMs` more (50 ms through connectRedisStores), which costs
 * about 5% of the peak rate (at most 200 calls per 1070 ms on a 200/s endpoint).
 */
export class RedisSlotStore implements SlotStore {
  private readonly member = memberSource();
  private readonly mode: RedisClockMode;
  private readonly marginMs: number;
  constructor(private readonly o: RedisCounterOptions) {
    this.mode = o.clock ?? 'redis';
    this.marginMs = o.windowMarginMs ?? 0;
  }

  async tryAcquire(key: string, rate: number, windowMs: number, now: number): Promise<{ ok: true } | { ok: false; retryAt: number }> {
    const window = windowMs + this.marginMs;
    const r = await guarded('take a rate-limit slot', this.o.url ?? '', () =>
      runScript(this.o.redis, TAKE_SLOT, [this.o.keys.slot(key)], [now, this.mode, rate, window, this.member()]));
    const [ok, waitMs] = r as [number, number];
    // The script answers "wait this long" in its own clock; retryAt is in the caller's.
    return ok === 1 ? { ok: true } : { ok: false, retryAt: now + Number(waitMs) };
  }
}
