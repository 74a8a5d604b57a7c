// Where a call's arguments decide its effect. A tool row's `effect` is what the tool usually does;
// for the tools below, some arguments turn an ordinary write into something that silences, hides
// or strips a whole room or a person, which must not happen with no human under the default
// policy. Such a call is treated as destructive (the policy's destructive default and rules about
// destructive calls apply, and the per-room breaker counts it), and the tool's published
// annotations show the worst case (destructiveHint: true). This table is the one place the
// classification is written; README "Effects decided by arguments" lists it for operators.
import type { Effect } from './types.js';

export interface ArgumentEffect {
  tool: string;
  /** The arguments that make the call destructive, as operators read them. */
  when: string;
  /** What such a call does. */
  does: string;
  test: (args: Record<string, unknown>) => boolean;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export const ARGUMENT_EFFECTS: readonly ArgumentEffect[] = [
  { tool: 'update_room_info', when: 'RoomInfo.IsMessageDisabled: true', does: 'mutes chat for the whole room',
    test: (a) => obj(a.RoomInfo).IsMessageDisabled === true },
  { tool: 'update_room_info', when: 'RoomInfo.IsPublicVisible: false', does: 'hides the room from the room list',
    test: (a) => obj(a.RoomInfo).IsPublicVisible === false },
  // Without a read the current role is unknown: setting Member is treated as a demotion.
  { tool: 'update_room_member_info', when: 'MemberInfo.Role: "Member"', does: 'takes the admin role away (a demotion when the member is an admin)',
    test: (a) => obj(a.MemberInfo).Role === 'Member' },
  // Whether the key exists is unknown without a read: any empty value may erase one.
  { tool: 'set_room_metadata', when: 'a Metadata entry with Value ""', does: 'overwrites an existing key with an empty value',
    test: (a) => Array.isArray(a.Metadata) && a.Metadata.some((p) => obj(p).Value === '') },
  { tool: 'conference_update_room_info', when: 'RoomInfo.IsAudioDisabled: true', does: 'turns audio off for every member',
    test: (a) => obj(a.RoomInfo).IsAudioDisabled === true },
  { tool: 'conference_update_room_info', when: 'RoomInfo.IsVideoDisabled: true', does: 'turns video off for every member',
    test: (a) => obj(a.RoomInfo).IsVideoDisabled === true },
  { tool: 'conference_update_room_info', when: 'RoomInfo.IsMessageDisabled: true', does: 'turns text chat off for every member',
    test: (a) => obj(a.RoomInfo).IsMessageDisabled === true },
];

/** The effect of this call: the row's, or destructive when an entry above matches, with why. */
export function effectOfCall(def: { name: string; effect: Effect }, args: Record<string, unknown>): { effect: Effect; because?: string } {
  if (def.effect !== 'write') return { effect: def.effect };
  const hits = ARGUMENT_EFFECTS.filter((e) => e.tool === def.name && e.test(args));
  if (hits.length === 0) return { effect: def.effect };
  return { effect: 'destructive', because: `${def.name} with ${hits.map((h) => `${h.when} ${h.does}`).join('; ')}` };
}

/** The worst effect a tool can have, for its published annotations. */
export function worstEffect(def: { name?: string; effect: Effect }): Effect {
  return def.name !== undefined && def.effect === 'write' && ARGUMENT_EFFECTS.some((e) => e.tool === def.name) ? 'destructive' : def.effect;
}
