// Toolsets: one per resource family, so a client with a tool cap can load what it needs. Without
// --toolsets or --tools the server lists DEFAULT_TOOLS (also `--toolsets default`); `--toolsets a,b`
// selects whole toolsets; `--tools` names an exact list; `--read-only` keeps only reads and wins
// over everything else.
import type { Toolset } from '../catalog/endpoints.js';
import type { ToolDef } from './types.js';

export const TOOLSETS: Record<Toolset, string> = {
  rooms: 'Live rooms: list, inspect, create, update, destroy, change owner',
  seats: 'Seats: list, seat, kick off, lock, move',
  members: 'Members: member lists, admins, bans, mutes',
  messages: 'Messages: text and custom messages into a room',
  metadata: 'Room metadata: custom key/value pairs on a room',
  robots: 'Robots: bot accounts in live rooms',
  mix: 'Mix stream (MCU): cloud mixing layout and task',
  battles: 'PK battles between rooms',
  gifts: 'Gifts: the gift catalogue, categories, languages, sending',
  stats: 'Statistics of a live room',
  conference: 'Conference rooms (TUIRoomKit)',
  callbacks: 'Tencent callback configuration: the callback URL and commands, and the callback authentication token',
  feed: 'Room event feed and held-message review queue (from Tencent callbacks), message recall',
  enforcement: 'Account enforcement (IM): app-wide mute of an account, login invalidation',
  profiles: 'Accounts and profiles (IM): imported or not, read and reset nicknames and avatars',
  audience: 'Audience of a live room as an IM group: online members with join time, online count, which given accounts are in it',
  trtc: 'TRTC media rooms (Tencent Cloud API 3.0, needs TENCENT_CLOUD_SECRET_ID/KEY): remove users from the audio/video, room history',
};

/**
 * What a server lists when neither --toolsets nor --tools is given: what a moderator reaches for
 * first, not whole toolsets. Every tool description and input schema costs the model context on
 * each session, so the default is a list of tools (about 5,300 tokens of tools/list; the six
 * toolsets it draws from would be about 10,600). It holds the five tools the product started from
 * (get_room_list, pick_user_on_seat, kick_user_off_seat, change_room_owner, resume_mcu_task), the
 * room event feed and held-message review (the whole `feed` toolset), and the undo of every
 * default tool that has one (unban_member for ban_member, pick_user_on_seat for a kick). Catalog
 * order decides the listing order. test/mcp/toolsets.test.ts holds the size budget.
 */
export const DEFAULT_TOOLS: readonly string[] = [
  'get_room_list', 'get_room_info', 'change_room_owner',
  'get_seat_list', 'pick_user_on_seat', 'kick_user_off_seat',
  'get_member_list', 'ban_member', 'unban_member', 'mute_member',
  'send_text_msg',
  'resume_mcu_task',
  'get_room_events', 'list_held_messages', 'release_held_message', 'discard_held_message', 'group_msg_recall',
];

/** `--toolsets default` (also what no flag means) selects DEFAULT_TOOLS; it combines with toolsets. */
export const DEFAULT_SELECTION = 'default';

export const isDefaultTool = (def: ToolDef): boolean => DEFAULT_TOOLS.includes(def.name);

export interface ToolSelection {
  /** Toolset names, 'default' or 'all'; undefined means the default tools. */
  toolsets?: readonly string[];
  /** An exact list of tool names; cannot be combined with toolsets. */
  tools?: readonly string[];
  readOnly?: boolean;
}

export class SelectionError extends Error {
  override name = 'SelectionError';
}

export function toolsetOf(def: ToolDef): Toolset {
  return def.endpoint.family;
}

export function selectTools(catalog: readonly ToolDef[], sel: ToolSelection): ToolDef[] {
  if (sel.tools && sel.toolsets) {
    throw new SelectionError('Give either toolsets or an exact tool list, not both.');
  }
  let chosen: ToolDef[];
  if (sel.tools) {
    const names = new Set(catalog.map((t) => t.name as string));
    const unknown = sel.tools.filter((n) => !names.has(n));
    if (unknown.length > 0) {
      throw new SelectionError(`Unknown tool(s): ${unknown.join(', ')}. Valid tools: ${[...names].sort().join(', ')}.`);
    }
    const wanted = new Set(sel.tools);
    chosen = catalog.filter((t) => wanted.has(t.name));
  } else {
    const sets = sel.toolsets ?? [DEFAULT_SELECTION];
    const valid = Object.keys(TOOLSETS);
    const unknown = sets.filter((s) => s !== 'all' && s !== DEFAULT_SELECTION && !valid.includes(s));
    if (unknown.length > 0) {
      throw new SelectionError(`Unknown toolset(s): ${unknown.join(', ')}. Valid toolsets: ${DEFAULT_SELECTION}, all, ${valid.join(', ')}.`);
    }
    const all = sets.includes('all');
    const withDefault = sets.includes(DEFAULT_SELECTION);
    chosen = catalog.filter((t) => all || sets.includes(toolsetOf(t)) || (withDefault && isDefaultTool(t)));
  }
  return sel.readOnly ? chosen.filter((t) => t.effect === 'read') : chosen;
}

/** Splits a comma-separated flag or variable value; empty entries are dropped. */
export function splitList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}
