// A circuit breaker for destructive actions per room: a storm of kicks or bans in one room (a
// looping agent, a prompt injection in chat) trips it, and further destructive calls in that room
// are refused until the cooldown ends. It counts with the same store as the policy caps, so it is
// shared between replicas when the caps are.
import type { CapCounter, Policy } from './rules.js';

export class DestructiveBreaker {
  constructor(
    private readonly settings: Policy['breaker'],
    private readonly counter: CapCounter,
  ) {}

  /** Undefined when the room's breaker is closed; else why it is open. */
  async check(room: string, now: number): Promise<string | undefined> {
    if (!this.settings.enabled) return undefined;
    const cooldownMs = this.settings.cooldownSeconds * 1000;
    if ((await this.counter.count(`breaker-open:${room}`, cooldownMs, now)) > 0) {
      return `The destructive-action breaker for room ${JSON.stringify(room)} is open: more than ${this.settings.max} destructive actions in ${this.settings.windowSeconds} s. It closes ${this.settings.cooldownSeconds} s after it tripped; an operator can raise the limit in the policy's "breaker" section.`;
    }
    return undefined;
  }

  /** Counts one destructive action that went out; trips the breaker when the window is full. */
  async record(room: string, now: number): Promise<void> {
    if (!this.settings.enabled) return;
    const windowMs = this.settings.windowSeconds * 1000;
    await this.counter.hit(`breaker:${room}`, windowMs, now);
    if ((await this.counter.count(`breaker:${room}`, windowMs, now)) >= this.settings.max) {
      await this.counter.hit(`breaker-open:${room}`, this.settings.cooldownSeconds * 1000, now);
    }
  }
}
