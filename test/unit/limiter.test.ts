// The client-side rate limiter and the destructive breaker, on a fake clock.
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { DestructiveBreaker } from '../../src/policies/breaker.js';
import { RateLimiter, RateLimitQueueFull, budgetKey } from '../../src/policies/rate-limit.js';
import { memoryCapCounter } from '../../src/policies/rules.js';

function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => { sleeps.push(ms); now += ms; },
    advance: (ms: number) => { now += ms; },
    sleeps,
  };
}

describe('RateLimiter', () => {
  it('grants at most `rate` calls in any window and paces the rest', async () => {
    const t = fakeTime();
    const limiter = new RateLimiter({ clock: t.clock, sleep: t.sleep, windowMs: 1000 });
    const grants: number[] = [];
    for (let i = 0; i < 35; i++) {
      await limiter.acquire('k', 10);
      grants.push(t.clock());
    }
    for (let i = 10; i < grants.length; i++) expect(grants[i]! - grants[i - 10]!).toBeGreaterThanOrEqual(1000);
    expect(grants[34]! - grants[0]!).toBeLessThan(4000);
    expect(grants.slice(0, 10).every((g) => g === grants[0])).toBe(true);
  });

  it('paces a rate below 1/s (copy_default_gift_config: 1 call per 10 s) to one call per 1/rate windows', async () => {
    const t = fakeTime();
    const limiter = new RateLimiter({ clock: t.clock, sleep: t.sleep, windowMs: 1000, maxWaitMs: 60_000 });
    const grants: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter.acquire('copy', ENDPOINTS.copy_default_gift_config.ratePerSecond);
      grants.push(t.clock());
    }
    expect(grants[1]! - grants[0]!).toBeGreaterThanOrEqual(10_000);
    expect(grants[2]! - grants[1]!).toBeGreaterThanOrEqual(10_000);
    // With the default longest wait (10 s) a second queued call fails fast: nothing is sent.
    const strict = new RateLimiter({ clock: t.clock, sleep: () => new Promise<void>(() => {}), windowMs: 1020 });
    await strict.acquire('copy', 0.1);
    await expect(strict.acquire('copy', 0.1)).rejects.toBeInstanceOf(RateLimitQueueFull);
  });

  it('serves waiting calls first come, first served', async () => {
    const t = fakeTime();
    const limiter = new RateLimiter({ clock: t.clock, sleep: t.sleep, windowMs: 1000 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.acquire('k', 2).then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // Paced, not bunched: two per window.
    expect(t.sleeps.length).toBeGreaterThanOrEqual(2);
  });

  it('fails at once when the calls ahead could not all go out within the longest wait', async () => {
    let now = 0;
    const limiter = new RateLimiter({ clock: () => now, sleep: () => new Promise<void>(() => {}), windowMs: 1000, maxWaitMs: 2000 });
    await limiter.acquire('gift', 1);
    void limiter.acquire('gift', 1);
    void limiter.acquire('gift', 1);
    void limiter.acquire('gift', 1);
    await new Promise((r) => setImmediate(r));
    await expect(limiter.acquire('gift', 1)).rejects.toThrow(/3 calls are ahead of this one/);
  });

  it('budgets are separate per endpoint, but the mixing commands share one', () => {
    expect(budgetKey(1400, ENDPOINTS.set_mix_stream)).toBe(budgetKey(1400, ENDPOINTS.resume_mcu_task));
    expect(budgetKey(1400, ENDPOINTS.kick_user_off_seat)).not.toBe(budgetKey(1400, ENDPOINTS.pick_user_on_seat));
    expect(budgetKey(1400, ENDPOINTS.get_room_list)).not.toBe(budgetKey(1401, ENDPOINTS.get_room_list));
  });

  it('fails fast, sending nothing, when the wait would exceed maxWaitMs', async () => {
    const t = fakeTime();
    const limiter = new RateLimiter({ clock: t.clock, sleep: t.sleep, windowMs: 1000, maxWaitMs: 500 });
    await limiter.acquire('gift', 1);
    await expect(limiter.acquire('gift', 1)).rejects.toBeInstanceOf(RateLimitQueueFull);
    expect(t.sleeps).toEqual([]);
    t.advance(1000);
    await limiter.acquire('gift', 1);
  });

  it('bounds the queue: past maxQueue waiting calls, the next fails at once', async () => {
    let now = 0;
    const pending: Array<() => void> = [];
    const limiter = new RateLimiter({ clock: () => now, sleep: () => new Promise<void>((r) => pending.push(r)), windowMs: 1000, maxQueue: 2 });
    await limiter.acquire('k', 1);
    const a = limiter.acquire('k', 1);
    const b = limiter.acquire('k', 1);
    await new Promise((r) => setImmediate(r));
    await expect(limiter.acquire('k', 1)).rejects.toThrow(/already waiting/);
    now = 5000;
    pending.splice(0).forEach((r) => r());
    await a;
    now = 10_000;
    pending.splice(0).forEach((r) => r());
    await b;
  });
});

describe('DestructiveBreaker', () => {
  it('admits max destructive actions in a room within the window; the next trips it until the cooldown ends', async () => {
    const breaker = new DestructiveBreaker({ enabled: true, max: 3, windowSeconds: 60, cooldownSeconds: 300 }, memoryCapCounter());
    for (let i = 0; i < 3; i++) expect((await breaker.admit('r', i)).ok).toBe(true);
    expect(await breaker.check('r', 5)).toBeUndefined();
    const fourth = await breaker.admit('r', 10);
    expect(fourth).toMatchObject({ ok: false, reason: expect.stringMatching(/breaker for room "r" is open/) });
    expect(await breaker.check('r', 11)).toMatch(/is open/);
    expect((await breaker.admit('other', 11)).ok).toBe(true);
    expect(await breaker.check('r', 10 + 300_000)).toBeUndefined();
  });

  it('a released place (an action then not sent) does not count', async () => {
    const breaker = new DestructiveBreaker({ enabled: true, max: 1, windowSeconds: 60, cooldownSeconds: 300 }, memoryCapCounter());
    const first = await breaker.admit('r', 0);
    if (!first.ok) throw new Error('expected a place');
    await first.release();
    expect((await breaker.admit('r', 1)).ok).toBe(true);
  });

  it('can be switched off', async () => {
    const breaker = new DestructiveBreaker({ enabled: false, max: 1, windowSeconds: 60, cooldownSeconds: 300 }, memoryCapCounter());
    for (let i = 0; i < 5; i++) expect((await breaker.admit('r', i)).ok).toBe(true);
    expect(await breaker.check('r', 6)).toBeUndefined();
  });
});
