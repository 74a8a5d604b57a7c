// A circuit breaker for destructive actions per room: a storm of kicks or bans in one room (a
// looping agent, a prompt injection in chat) trips it, and further destructive calls in that room
// are refused until the cooldown ends. It counts with the same store as the policy caps (shared
// between replicas when they are), and takes its place atomically so parallel calls cannot slip by.
import type { CapCounter, Policy } from './rules.js';

export type BreakerAdmission = { ok: true; release: () => Promise<void> } | { ok: false; reason: string };

export class DestructiveBreaker {
  constructor(
    private readonly settings: Policy['breaker'],
    private readonly counter: CapCounter,
  ) {}

  private openMessage(room: string): string {
    const s = this.settings;
    return `The destructive-action breaker for room ${JSON.stringify(room)} is open: more than ${s.max} destructive actions were attempted there within ${s.windowSeconds} s. It closes ${s.cooldownSeconds} s after it tripped; an operator can change this in the policy's "breaker" section.`;
  }

  /** Undefined when the room's breaker is closed; else why it is open. Counts nothing. */
  async check(room: string, now: number): Promise<string | undefined> {
    if (!this.settings.enabled) return undefined;
    const open = await this.counter.count(`breaker-open:${room}`, this.settings.cooldownSeconds * 1000, now);
    return open > 0 ? this.openMessage(room) : undefined;
  }

  /**
   * Takes one of the room's `max` places in the window for an action about to go out. The first
   * action past the limit trips the breaker and is refused. `release` gives the place back when
   * the action was then not sent after all.
   */
  async admit(room: string, now: number): Promise<BreakerAdmission> {
    const none = { ok: true as const, release: async () => {} };
    if (!this.settings.enabled) return none;
    const open = await this.check(room, now);
    if (open) return { ok: false, reason: open };
    const key = `breaker:${room}`;
    const id = await this.counter.reserve(key, this.settings.max, this.settings.windowSeconds * 1000, now);
    if (id === undefined) {
      await this.counter.hit(`breaker-open:${room}`, this.settings.cooldownSeconds * 1000, now);
      return { ok: false, reason: this.openMessage(room) };
    }
    return { ok: true, release: () => this.counter.release(key, id) };
  }
}
