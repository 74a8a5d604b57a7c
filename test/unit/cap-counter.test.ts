// The in-process cap and breaker counter forgets rooms whose windows have passed, so a server
// that acts in many rooms over its life holds only the rooms active within their windows.
import { describe, expect, it } from 'vitest';
import { DestructiveBreaker } from '../../src/policies/breaker.js';
import { memoryCapCounter } from '../../src/policies/rules.js';

describe('memoryCapCounter', () => {
  it('drops a key once its window has passed, after one destructive call in each of 10,000 rooms', async () => {
    const counter = memoryCapCounter();
    const breaker = new DestructiveBreaker({ enabled: true, max: 5, windowSeconds: 60, cooldownSeconds: 300 }, counter);
    let now = 1_000_000;
    for (let i = 0; i < 10_000; i++) {
      const admitted = await breaker.admit(`room-${i}`, now);
      expect(admitted.ok).toBe(true);
      now += 1;
    }
    // Each room holds one place for its 60 s window; checking for an open breaker leaves nothing.
    expect(counter.size).toBe(10_000);
    // A call in another room after every window has passed sweeps the old ones away.
    now += 61_000;
    await breaker.admit('room-late', now);
    expect(counter.size).toBe(1);
  });

  it('still counts within the window and refuses past the cap', async () => {
    const counter = memoryCapCounter();
    const t = 5_000;
    expect(await counter.reserve('k', 2, 10_000, t)).toBeDefined();
    expect(await counter.reserve('k', 2, 10_000, t + 1)).toBeDefined();
    expect(await counter.reserve('k', 2, 10_000, t + 2)).toBeUndefined();
    expect(await counter.count('k', 10_000, t + 3)).toBe(2);
    // A sweep caused by another key does not drop a log whose window is still open.
    await counter.count('other', 10_000, t + 5_000);
    expect(await counter.count('k', 10_000, t + 5_001)).toBe(2);
    expect(await counter.count('k', 10_000, t + 10_003)).toBe(0);
  });

  it('a released place is forgotten, and a key with nothing in it is not kept', async () => {
    const counter = memoryCapCounter();
    const id = await counter.reserve('k', 1, 10_000, 0);
    expect(counter.size).toBe(1);
    await counter.release('k', id!);
    expect(counter.size).toBe(0);
    expect(await counter.count('never-used', 10_000, 1)).toBe(0);
    expect(counter.size).toBe(0);
  });

  it('keeps a key for the longest window it was used with', async () => {
    const counter = memoryCapCounter();
    await counter.hit('k', 60_000, 0);
    // A shorter window used later on the same key must not let the sweep drop the long one early.
    await counter.count('k', 1_000, 10);
    await counter.count('other', 1_000, 30_000);
    expect(await counter.count('k', 60_000, 30_001)).toBe(1);
  });
});
