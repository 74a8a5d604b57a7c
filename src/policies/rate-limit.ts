// Client-side pacing that matches Tencent's documented per-endpoint frequencies per SDKAppID, so
// an agent's burst is queued and paced instead of answered with 60007/60011/100422.
//
// A sliding one-second log (not a token bucket): a bucket that starts full lets through up to
// twice the rate within one second, which is exactly what Tencent's counter would refuse. The log
// grants at most `rate` calls in any window of `windowMs`.
import { budgetGroup, type Endpoint } from '../catalog/endpoints.js';

/** Where grants are counted: this process, or a store shared by replicas. */
export interface SlotStore {
  /** Takes a slot if fewer than `rate` were granted in the last windowMs; else says when to retry. */
  tryAcquire(key: string, rate: number, windowMs: number, now: number): Promise<{ ok: true } | { ok: false; retryAt: number }>;
}

export function memorySlotStore(): SlotStore {
  const logs = new Map<string, number[]>();
  return {
    async tryAcquire(key, rate, windowMs, now) {
      const log = (logs.get(key) ?? []).filter((t) => t > now - windowMs);
      logs.set(key, log);
      if (log.length < rate) {
        log.push(now);
        return { ok: true };
      }
      return { ok: false, retryAt: log[log.length - rate]! + windowMs };
    },
  };
}

export class RateLimitQueueFull extends Error {
  override name = 'RateLimitQueueFull';
}

/** Which budget a command spends, per app: the catalog says which endpoints share one. */
export function budgetKey(sdkAppId: number | string, ep: Endpoint): string {
  return `${sdkAppId}:${budgetGroup(ep)}`;
}

export interface LimiterOptions {
  store?: SlotStore;
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest a call may wait for its slot before failing fast (nothing sent). */
  maxWaitMs?: number;
  /** Most calls that may wait on one budget at once. */
  maxQueue?: number;
  /** The counting window; a little over 1 s leaves room for network jitter on Tencent's side. */
  windowMs?: number;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => { clearTimeout(t); reject(signal!.reason); };
    // Remove the listener when the timer fires: a call that waits many times must not pile them up.
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class RateLimiter {
  private readonly store: SlotStore;
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly maxQueue: number;
  readonly windowMs: number;
  private readonly waiting = new Map<string, number>();
  /** Per budget, the turn of the last call in line: each call waits for the one before it. */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(opts: LimiterOptions = {}) {
    this.store = opts.store ?? memorySlotStore();
    this.clock = opts.clock ?? Date.now;
    this.sleep = opts.sleep ?? defaultSleep;
    this.maxWaitMs = opts.maxWaitMs ?? 10_000;
    this.maxQueue = opts.maxQueue ?? 500;
    this.windowMs = opts.windowMs ?? 1020;
  }

  /**
   * Resolves when the call may go out; throws RateLimitQueueFull (nothing sent) when it would wait
   * too long. Calls on one budget take their turns first come, first served: without a queue every
   * waiter wakes when a slot frees and the unlucky ones keep losing, which stretches the tail.
   */
  async acquire(key: string, rate: number, signal?: AbortSignal): Promise<void> {
    const queued = this.waiting.get(key) ?? 0;
    if (queued >= this.maxQueue) {
      throw new RateLimitQueueFull(`${queued} calls are already waiting for this endpoint's rate limit (${rate}/s); try again shortly.`);
    }
    // The calls ahead need about queued / rate windows; past the longest wait, fail at once.
    if (Math.floor(queued / rate) * this.windowMs > this.maxWaitMs) {
      throw new RateLimitQueueFull(`Tencent allows ${rate} calls/s here and ${queued} calls are ahead of this one, more than can go out in the ${this.maxWaitMs / 1000} s a call may wait; try again shortly.`);
    }
    this.waiting.set(key, queued + 1);
    const deadline = this.clock() + this.maxWaitMs;
    const before = this.turns.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.turns.set(key, tail);
    try {
      await before;
      if (signal?.aborted) throw signal.reason;
      // A rate below 1/s (one call per 10 s) is one slot in a window 1/rate times as long.
      const slots = rate >= 1 ? rate : 1;
      const windowMs = rate >= 1 ? this.windowMs : Math.ceil(this.windowMs / rate);
      for (;;) {
        const now = this.clock();
        const r = await this.store.tryAcquire(key, slots, windowMs, now);
        if (r.ok) return;
        if (r.retryAt > deadline) {
          throw new RateLimitQueueFull(`Tencent allows ${rate} calls/s here and the queue is ${Math.ceil((r.retryAt - now) / 1000)} s deep, more than the ${this.maxWaitMs / 1000} s a call may wait; try again shortly.`);
        }
        await this.sleep(Math.max(1, r.retryAt - now), signal);
      }
    } finally {
      done();
      if (this.turns.get(key) === tail) this.turns.delete(key);
      const left = (this.waiting.get(key) ?? 1) - 1;
      if (left <= 0) this.waiting.delete(key);
      else this.waiting.set(key, left);
    }
  }
}
