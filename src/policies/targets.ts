// What a call touches, read from Tencent's own field names so that rules work for every family
// without per-tool code: the room (RoomId, or RoomInfo.RoomId), the accounts (every *_Account
// field and list), and a duration (Duration for bans, MuteTime for mutes).
import { durationInSeconds, ENDPOINTS, type EndpointName } from '../catalog/endpoints.js';

export interface Targets {
  rooms: string[];
  accounts: string[];
  durationSeconds?: number;
}

const DURATION_FIELDS = new Set(['Duration', 'MuteTime']);
const ROOM_FIELDS = new Set(['RoomId', 'FromRoomId', 'ToRoomIdList']);
// The acting side of a call is not a target: who sends a message or who owns a new room.
const ACTOR_FIELDS = new Set(['From_Account', 'Owner_Account', 'Sender_Account']);

/** Walks the arguments, nested objects and lists included (RoomInfo, MemberList[], ScoreList[]…). */
export function targetsOf(args: Record<string, unknown>, tool?: string): Targets {
  const endpoint = tool !== undefined && Object.hasOwn(ENDPOINTS, tool) ? ENDPOINTS[tool as EndpointName] : undefined;
  const rooms = new Set<string>();
  const accounts = new Set<string>();
  let durationSeconds: number | undefined;
  const strings = (v: unknown) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (ROOM_FIELDS.has(key)) strings(v).forEach((r) => rooms.add(r));
      else if (key.endsWith('_Account') && !ACTOR_FIELDS.has(key)) strings(v).forEach((a) => accounts.add(a));
      else if (DURATION_FIELDS.has(key) && typeof v === 'number') {
        // The catalog says which endpoints give Duration in another unit (create_battle: ms).
        const seconds = durationInSeconds(endpoint, v);
        durationSeconds = Math.max(durationSeconds ?? 0, seconds);
      }
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(args);
  return { rooms: [...rooms], accounts: [...accounts], ...(durationSeconds !== undefined && { durationSeconds }) };
}

/**
 * `*` matches any run of characters, line terminators included (`.` would stop at "\n", letting
 * "vip-1\n" escape `vip-*`); everything else is literal; the pattern covers the whole ID.
 */
export function roomPatternMatches(pattern: string, roomId: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*') + '$');
  return re.test(roomId);
}
