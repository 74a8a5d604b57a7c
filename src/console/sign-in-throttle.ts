// Throttling of the console's sign-in and other secret-guessing doors (operator token, enrolment
// links, passkey assertions): after a few failures from one address, or many from everywhere,
// further attempts are refused until the window passes, even with the right secret, so guessing
// costs minutes per handful of tries instead of milliseconds.
export interface ThrottleOptions {
  /** Failures allowed per address per window (default 5). */
  perAddress?: number;
  /** Failures allowed from all addresses together per window (default 30). */
  overall?: number;
  windowMs?: number;
  clock?: () => number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly perAddress: number;
  private readonly overall: number;
  private readonly windowMs: number;
  private readonly clock: () => number;

  constructor(o: ThrottleOptions = {}) {
    this.perAddress = o.perAddress ?? 5;
    this.overall = o.overall ?? 30;
    this.windowMs = o.windowMs ?? 60_000;
    this.clock = o.clock ?? Date.now;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** 0 when an attempt may be made now, else milliseconds until one may. */
  retryAfterMs(address: string): number {
    const now = this.clock();
    const wait = (list: number[], max: number) => (list.length >= max ? list[list.length - max]! + this.windowMs - now : 0);
    return Math.max(wait(this.recent(`a|${address}`, now), this.perAddress), wait(this.recent('*', now), this.overall), 0);
  }

  fail(address: string): void {
    const now = this.clock();
    if (this.failures.size > 10_000) this.failures.clear(); // bounded memory; the overall cap still holds next window
    for (const key of [`a|${address}`, '*']) this.failures.set(key, [...this.recent(key, now), now]);
  }
}
