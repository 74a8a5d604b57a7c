// Takes, just before a call goes out, its places under the policy's rate caps and the rooms'
// destructive-action breakers: each place is taken atomically (check and count in one step), so
// parallel calls cannot all slip under a cap, and all are given back if the call is then not sent.
import type { DestructiveBreaker } from './breaker.js';
import type { CapCounter, Decision } from './rules.js';

export type Reservation = { ok: true; release: () => Promise<void> } | { ok: false; rule: 'cap' | 'breaker'; reason: string };

export async function reservePlaces(
  capKeys: Decision['capKeys'],
  rooms: readonly string[],
  counter: CapCounter,
  breaker: DestructiveBreaker,
  now: number,
  /** Told when a place could not be given back (it then lapses with its window). */
  onReleaseError: (err: unknown) => void = () => {},
): Promise<Reservation> {
  const taken: Array<() => Promise<void>> = [];
  const release = async () => {
    for (const undo of taken.splice(0).reverse()) await undo().catch(onReleaseError);
  };
  try {
    for (const { key, windowMs, max } of capKeys) {
      const id = await counter.reserve(key, max, windowMs, now);
      if (id === undefined) {
        await release();
        return { ok: false, rule: 'cap', reason: `Another call reached the policy's cap (${max} per ${windowMs / 1000} s) while this one was being decided; call again.` };
      }
      taken.push(() => counter.release(key, id));
    }
    for (const room of rooms) {
      const admitted = await breaker.admit(room, now);
      if (!admitted.ok) {
        await release();
        return { ok: false, rule: 'breaker', reason: admitted.reason };
      }
      taken.push(admitted.release);
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { ok: true, release };
}
