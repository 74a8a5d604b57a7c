// The part of the server's `instructions` that comes from the active policy: which of the offered
// tools run alone, which need a human, which are denied (and so not offered), with the room
// conditions and caps that change that. A client that loads only tool names and the instructions
// still knows what will ask a person before the model tries.
import type { ToolDef } from '../tools/types.js';
import { alwaysDenied, type Action, type Policy, type Rule } from './rules.js';

/**
 * How strict each action is and how the instructions say it. A new policy action is one more line
 * here (the Record makes the compiler ask for it).
 */
const ACTIONS: Record<Action, { rank: number; says: string }> = {
  allow: { rank: 0, says: 'Run without asking anyone' },
  confirm: { rank: 1, says: "Need a human's approval before anything is sent (a confirmation form, or the operator's approval console); a refusal means nothing happened" },
  deny: { rank: 2, says: 'Denied by the operator' },
};

type Def = Pick<ToolDef, 'name' | 'effect' | 'endpoint'>;

const covers = (rule: Rule, def: Def) => Boolean(rule.tools?.includes(def.name) || rule.toolsets?.some((s) => s === 'all' || s === def.endpoint.family));
const stricter = (a: Action, b: Action): Action => (ACTIONS[b].rank > ACTIONS[a].rank ? b : a);
const roomsText = (rule: Rule) =>
  [rule.rooms && `in rooms matching ${rule.rooms.map((r) => JSON.stringify(r)).join(' or ')}`, rule.exceptRooms && `except rooms matching ${rule.exceptRooms.map((r) => JSON.stringify(r)).join(' or ')}`]
    .filter(Boolean)
    .join(' ');

function capsText(rule: Rule): string | undefined {
  const caps = [
    rule.rate && `more than ${rule.rate.max} call${rule.rate.max === 1 ? '' : 's'} per ${rule.rate.windowSeconds}s${rule.rate.per === 'room' ? ' per room' : ''}`,
    rule.maxDurationSeconds !== undefined && `a Duration/MuteTime over ${rule.maxDurationSeconds}s`,
    rule.maxAccounts !== undefined && `more than ${rule.maxAccounts} accounts in one call`,
  ].filter(Boolean);
  return caps.length > 0 ? caps.join(', or ') : undefined;
}

/** A rule that decides (allow, confirm, deny); `shadow` rules only mark calls as not sent. */
type DecidingRule = Rule & { action: Action };
const decides = (r: Rule): r is DecidingRule => r.action !== 'shadow';

/** What one tool gets with no room named and no cap reached, and what changes that. */
export function toolStanding(def: Def, policy: Policy): { action: Action; notes: string[] } {
  const rules = policy.rules.filter(decides).filter((r) => covers(r, def));
  // A rule without `rooms` applies when no room is named (and everywhere but its exceptRooms).
  const always = rules.filter((r) => !r.rooms);
  // Matching rules replace the default; among them the strictest wins (rules.ts decide()).
  const strictest = (rs: DecidingRule[]) => (rs.length > 0 ? rs.map((r) => r.action).reduce(stricter) : policy.defaults[def.effect]);
  const base = strictest(always);
  const notes: string[] = [];
  for (const rule of rules) {
    if (rule.rooms) {
      const there = always.length > 0 ? stricter(base, rule.action) : rule.action;
      if (there !== base) notes.push(`${there} ${roomsText(rule)}`);
    } else if (rule.exceptRooms) {
      const there = strictest(always.filter((r) => r !== rule));
      if (there !== base) notes.push(`${there} in rooms matching ${rule.exceptRooms.map((r) => JSON.stringify(r)).join(' or ')}`);
    }
    const caps = rule.action === 'deny' ? undefined : capsText(rule);
    if (caps && ACTIONS[rule.over].rank > ACTIONS[base].rank) notes.push(`${rule.over} past ${caps}`);
  }
  // Shadow rules (shadow.ts): decided and asked as above, then never sent.
  if (def.effect !== 'read') {
    for (const rule of policy.rules.filter((r) => r.action === 'shadow' && covers(r, def))) {
      notes.push(`shadow mode${rule.rooms || rule.exceptRooms ? ` ${roomsText(rule)}` : ''}: nothing is sent to Tencent`);
    }
  }
  return { action: base, notes };
}

/**
 * The policy paragraph of the instructions for the offered tools (and those the policy removed).
 * `shadowAll`: --shadow is on, so no non-read call is sent whatever the rules say.
 */
export function policyInstructions(offered: readonly Def[], removed: readonly Def[], policy: Policy, shadowAll = false): string {
  const groups = new Map<Action, string[]>();
  for (const def of offered) {
    const { action, notes } = toolStanding(def, policy);
    const list = groups.get(action) ?? [];
    list.push(notes.length > 0 ? `${def.name} (${notes.join('; ')})` : def.name);
    groups.set(action, list);
  }
  const lines = (Object.keys(ACTIONS) as Action[])
    .filter((a) => groups.has(a))
    .map((a) => `- ${ACTIONS[a].says}: ${groups.get(a)!.join(', ')}.`);
  if (removed.length > 0) lines.push(`- ${ACTIONS.deny.says} and not offered: ${removed.map((d) => d.name).join(', ')}.`);
  if (shadowAll) lines.push('- Shadow mode is on for every tool that is not a read: such calls are decided, asked and audited as above, and none is sent to Tencent.');
  return `The operator's policy for these tools:\n${lines.join('\n')}`;
}

// HTTP builds a server per request: the paragraph is computed once per (tool list, policy).
const cache = new WeakMap<readonly ToolDef[], WeakMap<Policy, string>>();

export function cachedPolicyInstructions(tools: readonly ToolDef[], policy: Policy, shadowAll = false): string {
  if (shadowAll) return policyInstructions(tools.filter((t) => !alwaysDenied(t, policy)), tools.filter((t) => alwaysDenied(t, policy)), policy, true);
  let byPolicy = cache.get(tools);
  if (!byPolicy) cache.set(tools, (byPolicy = new WeakMap()));
  let text = byPolicy.get(policy);
  if (text === undefined) {
    text = policyInstructions(tools.filter((t) => !alwaysDenied(t, policy)), tools.filter((t) => alwaysDenied(t, policy)), policy);
    byPolicy.set(policy, text);
  }
  return text;
}
