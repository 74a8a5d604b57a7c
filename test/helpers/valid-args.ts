// One valid input for any tool, built from the JSON Schema it advertises and checked by its zod
// schema: required fields only, filled with values that exist in the demo seed where the name says
// what they are, so most calls reach Tencent's logic rather than "room not found".
import type { ToolDef } from '../../src/tools/types.js';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
};

const KNOWN: Record<string, unknown> = {
  RoomId: 'live_music_night',
  FromRoomId: 'live_music_night',
  ToRoomIdList: ['live_cooking_show'],
  Member_Account: 'guest_omar',
  MemberList_Account: ['viewer_ada'],
  NewOwner_Account: 'guest_omar',
  BattleId: 'battle_demo_1',
  GiftId: 'gift_rose',
  CategoryId: 'cat_popular',
  // IM levers: a live room is its IM group; profile fields are named by tag.
  GroupId: 'live_music_night',
  TagList: ['Tag_Profile_IM_Nick'],
  Tag: 'Tag_Profile_IM_Nick',
  // Accounts the IM levers read or change: a member of the demo seed, so an imported account.
  Set_Account: 'guest_omar',
  Get_Account: 'guest_omar',
  // send_broadcast_msg: one text element (the schema is a union of element kinds).
  MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello from the sweep' } }],
  From_Account: 'guest_omar',
  // Callback configuration: an http(s) URL and real callback commands.
  Url: 'https://mod.example.com/tencent/callback',
  CallbackCommandList: ['Live.CallbackAfterMemberStateChanged'],
};

function valueOf(s: Schema, name: string): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return valueOf(s.anyOf[0]!, name);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return Math.min(Math.max(1, min), s.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'string': {
      const n = Math.max(s.minLength ?? 1, 1);
      return 'x'.repeat(Math.min(n, s.maxLength ?? n)).replace(/^x/, 'v');
    }
    case 'array':
      return Array.from({ length: Math.max(s.minItems ?? 1, 1) }, (_, i) => {
        const v = valueOf(s.items ?? {}, name);
        return typeof v === 'string' ? `${v}${i}` : v;
      });
    case 'object':
      return objectOf(s);
    default:
      return 'v';
  }
}

const KNOWN_CONFERENCE: Record<string, unknown> = {
  ...KNOWN,
  RoomId: 'conf_weekly_sync',
  Member_Account: 'eng_oli',
  MemberList_Account: ['eng_pat'],
  NewOwner_Account: 'eng_oli',
};

function objectOf(s: Schema, known = KNOWN): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of s.required ?? []) {
    const prop = s.properties?.[key] ?? {};
    out[key] = key in known ? known[key] : valueOf(prop, key);
  }
  return out;
}

/** Valid arguments for `def`, or a thrown error naming what zod rejected. */
export function validArgs(def: ToolDef, inputSchema: Schema): Record<string, unknown> {
  const args = objectOf(inputSchema, def.endpoint.family === 'conference' ? KNOWN_CONFERENCE : KNOWN);
  const parsed = def.input.safeParse(args);
  if (!parsed.success) {
    // A seeded value may not fit this field (e.g. a shorter limit): fall back to a generic value.
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && key in KNOWN) args[key] = valueOf(inputSchema.properties?.[key] ?? {}, key);
    }
    // A refinement that wants more than the required fields (e.g. "name at least one field to
    // change"): fill the optional fields of the object it points at, one by one.
    for (let again = def.input.safeParse(args); !again.success;) {
      const [top] = again.error.issues[0]!.path;
      const sub = typeof top === 'string' ? inputSchema.properties?.[top] : undefined;
      const target = sub?.type === 'object' ? (args[top as string] as Record<string, unknown>) : args;
      const shape = sub?.type === 'object' ? sub : inputSchema;
      const next = Object.keys(shape.properties ?? {}).find((k) => !(k in target));
      if (!next) break;
      target[next] = valueOf(shape.properties![next]!, next);
      again = def.input.safeParse(args);
    }
    const again = def.input.safeParse(args);
    if (!again.success) throw new Error(`no valid arguments for ${def.name}: ${again.error.message}`);
  }
  return args;
}
