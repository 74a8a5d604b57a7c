// Operator rules: what an agent may do alone, what needs a human, and what it may never do.
//
// Precedence (tested in test/unit/rules.test.ts):
//   1. --read-only wins over everything: write tools are not even registered.
//   2. Every rule that matches the call (tool or toolset, and its room conditions) gives an action;
//      a rule with caps gives its `over` action once the call exceeds a cap.
//   3. The strictest action wins: deny beats confirm beats allow.
//   4. When no rule matches, the default for the tool's effect applies
//      (reads allow, writes allow, destructive confirm).
import * as z from 'zod/v4';
import type { Toolset } from '../catalog/endpoints.js';
import { TOOLSETS } from '../tools/toolsets.js';
import type { Effect, ToolDef } from '../tools/types.js';
import { roomPatternMatches, targetsOf } from './targets.js';
import { HoldRulesSchema } from '../feed/holds.js';

export const Action = z.enum(['allow', 'confirm', 'deny']);
export type Action = z.infer<typeof Action>;
/**
 * A rule's action: an Action, or `shadow`: calls the rule covers are decided, confirmed and
 * audited as the other rules and defaults say, then not sent (shadow.ts).
 */
export const RuleAction = z.enum(['allow', 'confirm', 'deny', 'shadow']);
export const Channel = z.enum(['elicitation', 'console']);
export type Channel = z.infer<typeof Channel>;

export const RuleSchema = z
  .strictObject({
    tools: z.array(z.string()).min(1).optional().describe('Tool names this rule covers.'),
    toolsets: z.array(z.string()).min(1).optional().describe('Toolsets (families) this rule covers, or "all".'),
    action: RuleAction,
    rooms: z.array(z.string().min(1)).min(1).optional().describe('Only in rooms matching one of these patterns (* is a wildcard).'),
    exceptRooms: z.array(z.string().min(1)).min(1).optional().describe('Not in rooms matching one of these patterns.'),
    maxDurationSeconds: z.number().int().positive().optional().describe('Cap on Duration / MuteTime.'),
    maxAccounts: z.number().int().positive().optional().describe('Cap on the number of accounts one call touches.'),
    rate: z
      .strictObject({
        max: z.number().int().positive(),
        windowSeconds: z.number().positive(),
        per: z.enum(['room', 'app']).default('room'),
      })
      .optional()
      .describe('Cap on how many such calls this rule lets through per window.'),
    over: z.enum(['confirm', 'deny']).default('confirm').describe('What a call past a cap needs.'),
    channels: z.array(Channel).min(1).optional().describe('Confirmation channels for this rule, in order.'),
    note: z.string().optional(),
  })
  .refine((r) => r.tools || r.toolsets, { message: 'a rule needs "tools" or "toolsets"' });
export type Rule = z.infer<typeof RuleSchema>;

export const PolicySchema = z.strictObject({
  defaults: z
    .strictObject({ read: Action.default('allow'), write: Action.default('allow'), destructive: Action.default('confirm') })
    .default({ read: 'allow', write: 'allow', destructive: 'confirm' }),
  channels: z.array(Channel).min(1).default(['elicitation', 'console']),
  rules: z.array(RuleSchema).default([]),
  breaker: z
    .strictObject({
      enabled: z.boolean().default(true),
      max: z.number().int().positive().default(10),
      windowSeconds: z.number().positive().default(60),
      cooldownSeconds: z.number().positive().default(300),
    })
    .default({ enabled: true, max: 10, windowSeconds: 60, cooldownSeconds: 300 }),
  approvals: z
    .strictObject({
      waitSeconds: z.number().min(0).max(3600).default(0),
      ttlSeconds: z.number().positive().max(86_400).default(900),
      // A flood of calls must not bury the one that matters under thousands of pending approvals.
      maxPendingPerCaller: z.number().int().positive().max(10_000).default(20),
      maxPending: z.number().int().positive().max(100_000).default(200),
    })
    .default({ waitSeconds: 0, ttlSeconds: 900, maxPendingPerCaller: 20, maxPending: 200 }),
  /** Which chat messages the before-send callback holds for review (src/feed/holds.ts); none when absent. */
  holds: HoldRulesSchema.optional(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

/** Counts the calls a capped rule has let through, per window. In memory, or shared (Redis). */
export interface CapCounter {
  count(key: string, windowMs: number, now: number): Promise<number>;
  hit(key: string, windowMs: number, now: number): Promise<void>;
  /**
   * Atomically counts one more call if fewer than `max` are in the window, and returns an id to
   * release it by (a call that is then not sent); undefined when the window is full. Parallel
   * calls cannot all slip under a cap between a check and a count.
   */
  reserve(key: string, max: number, windowMs: number, now: number): Promise<string | undefined>;
  release(key: string, id: string): Promise<void>;
}

export interface Decision {
  kind: Action;
  /** Which rule decided ("rule 2", "default for destructive"), for the audit log and messages. */
  rule: string;
  reason: string;
  channels: Channel[];
  /** Caps to reserve a place in just before the call goes out (all or nothing). */
  capKeys: Array<{ key: string; windowMs: number; max: number }>;
  /** The shadow rule that covers the call ("rule 3"): decided as usual, then not sent. */
  shadow?: string;
}

const STRICTNESS: Record<Action, number> = { allow: 0, confirm: 1, deny: 2 };

function covers(rule: Rule, def: Pick<ToolDef, 'name' | 'endpoint'>): boolean {
  return Boolean(rule.tools?.includes(def.name) || rule.toolsets?.some((s) => s === 'all' || s === def.endpoint.family));
}

/**
 * Whether a rule's room conditions cover a call that may touch several rooms (a PK battle). Rules
 * that restrict (deny, confirm) apply when ANY room matches, so naming a second room cannot escape
 * them; rules that grant (allow) apply only when EVERY room matches.
 */
function roomsApply(rule: Rule, rooms: string[]): boolean {
  const matches = (patterns: string[], r: string) => patterns.some((p) => roomPatternMatches(p, r));
  const inScope = (r: string) => (!rule.rooms || matches(rule.rooms, r)) && !(rule.exceptRooms && matches(rule.exceptRooms, r));
  if (!rule.rooms && !rule.exceptRooms) return true;
  if (rooms.length === 0) return !rule.rooms;
  return rule.action === 'allow' ? rooms.every(inScope) : rooms.some(inScope);
}

export function defaultAction(policy: Policy, effect: Effect): Action {
  return policy.defaults[effect];
}

export async function decide(
  def: Pick<ToolDef, 'name' | 'endpoint' | 'effect'>,
  args: Record<string, unknown>,
  policy: Policy,
  counter: CapCounter,
  now: number,
): Promise<Decision> {
  const targets = targetsOf(args, def.name);
  let best: Decision | undefined;
  const allCapKeys: Decision['capKeys'] = [];
  let shadow: string | undefined;
  for (const [i, rule] of policy.rules.entries()) {
    if (!covers(rule, def) || !roomsApply(rule, targets.rooms)) continue;
    if (rule.action === 'shadow') {
      // Read tools send nothing that could act: shadow mode is for the calls that change things.
      if (def.effect !== 'read') shadow ??= `rule ${i + 1}`;
      continue;
    }
    let kind: Action = rule.action;
    let reason = rule.note ?? `rule ${i + 1} says ${rule.action}`;
    const capKeys: Decision['capKeys'] = [];
    if (kind !== 'deny') {
      const over: string[] = [];
      if (rule.maxDurationSeconds !== undefined && (targets.durationSeconds ?? 0) > rule.maxDurationSeconds) {
        over.push(`duration ${targets.durationSeconds}s exceeds ${rule.maxDurationSeconds}s`);
      }
      if (rule.maxAccounts !== undefined && targets.accounts.length > rule.maxAccounts) {
        over.push(`${targets.accounts.length} accounts exceed ${rule.maxAccounts} per call`);
      }
      if (rule.rate) {
        // Counted per room: a call touching several rooms counts in each of them.
        const scopes = rule.rate.per === 'room' ? (targets.rooms.length > 0 ? targets.rooms : ['*']) : ['*'];
        const windowMs = rule.rate.windowSeconds * 1000;
        for (const scope of scopes) {
          const key = `rule${i}:${rule.rate.per}:${scope}`;
          const used = await counter.count(key, windowMs, now);
          if (used >= rule.rate.max) over.push(`${used} such calls ${rule.rate.per === 'room' ? `in room ${JSON.stringify(scope)} ` : ''}in the last ${rule.rate.windowSeconds}s (cap ${rule.rate.max})`);
          else capKeys.push({ key, windowMs, max: rule.rate.max });
        }
      }
      if (over.length > 0 && STRICTNESS[rule.over] > STRICTNESS[kind]) {
        kind = rule.over;
        reason = `rule ${i + 1}: ${over.join('; ')}`;
      }
    }
    // Every matching rule's caps count the call, whichever rule decides it: a stricter rule
    // winning (say, confirm in VIP rooms) must not let the call slip past another rule's cap.
    allCapKeys.push(...capKeys);
    const d: Decision = { kind, rule: `rule ${i + 1}`, reason, channels: rule.channels ?? policy.channels, capKeys: [] };
    if (!best || STRICTNESS[d.kind] > STRICTNESS[best.kind]) best = d;
  }
  if (best) return { ...best, capKeys: best.kind === 'deny' ? [] : allCapKeys, ...(shadow && { shadow }) };
  const kind = defaultAction(policy, def.effect);
  return { kind, rule: `default for ${def.effect}`, reason: `${def.effect} tools ${kind === 'allow' ? 'are allowed' : kind === 'confirm' ? 'need confirmation' : 'are denied'} by default`, channels: policy.channels, capKeys: [], ...(shadow && { shadow }) };
}

/** Tools a rule denies outright, whatever the arguments: they are not listed at all. */
export function alwaysDenied(def: Pick<ToolDef, 'name' | 'endpoint' | 'effect'>, policy: Policy): boolean {
  if (policy.defaults[def.effect] === 'deny' && !policy.rules.some((r) => covers(r, def))) return true;
  return policy.rules.some((r) => r.action === 'deny' && covers(r, def) && !r.rooms && !r.exceptRooms);
}

/** Checks names in a parsed policy against the catalog; returns problems as sentences. */
export function policyProblems(policy: Policy, toolNames: readonly string[]): string[] {
  const problems: string[] = [];
  const toolsets = Object.keys(TOOLSETS) as Toolset[];
  for (const [i, rule] of policy.rules.entries()) {
    for (const t of rule.tools ?? []) if (!toolNames.includes(t)) problems.push(`rule ${i + 1}: unknown tool "${t}"`);
    for (const s of rule.toolsets ?? []) if (s !== 'all' && !toolsets.includes(s as Toolset)) problems.push(`rule ${i + 1}: unknown toolset "${s}" (valid: all, ${toolsets.join(', ')})`);
  }
  return problems;
}

/**
 * A CapCounter kept in this process: a sliding log of hit times per key. Keys are per room, so a
 * long-running server sees an unbounded number of them: a key whose log has emptied is deleted,
 * and a sweep (at most once per second of the clock it is given) drops every log whose window has
 * passed, so memory follows the rooms active within their windows, not every room ever seen.
 */
export function memoryCapCounter(): CapCounter & { readonly size: number } {
  const hits = new Map<string, { windowMs: number; log: Array<{ t: number; id: string }> }>();
  let seq = 0;
  let lastSweep = -Infinity;
  const sweep = (now: number) => {
    if (now - lastSweep < 1000) return;
    lastSweep = now;
    for (const [key, entry] of hits) {
      const kept = entry.log.filter((h) => h.t > now - entry.windowMs);
      if (kept.length === 0) hits.delete(key);
      else entry.log = kept;
    }
  };
  const live = (key: string, windowMs: number, now: number) => {
    sweep(now);
    const entry = hits.get(key);
    const kept = (entry?.log ?? []).filter((h) => h.t > now - windowMs);
    // The longest window a key was used with decides when the sweep may drop it.
    hits.set(key, { windowMs: Math.max(windowMs, entry?.windowMs ?? 0), log: kept });
    return kept;
  };
  const forget = (key: string) => {
    if (hits.get(key)?.log.length === 0) hits.delete(key);
  };
  return {
    /** How many keys are held (for the memory benchmark and its test). */
    get size() { return hits.size; },
    async count(key, windowMs, now) {
      const n = live(key, windowMs, now).length;
      forget(key);
      return n;
    },
    async hit(key, windowMs, now) { live(key, windowMs, now).push({ t: now, id: `h${seq++}` }); },
    async reserve(key, max, windowMs, now) {
      // Check and count in one synchronous step: nothing can interleave in this process.
      const log = live(key, windowMs, now);
      if (log.length >= max) {
        forget(key);
        return undefined;
      }
      const id = `r${seq++}`;
      log.push({ t: now, id });
      return id;
    },
    async release(key, id) {
      const entry = hits.get(key);
      if (!entry) return;
      entry.log = entry.log.filter((h) => h.id !== id);
      forget(key);
    },
  };
}
