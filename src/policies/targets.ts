// What a call touches, read from Tencent's own field names so that rules work for every family
// without per-tool code: the room (RoomId, or RoomInfo.RoomId), the accounts (every *_Account
// field and list), and a duration (Duration for bans, MuteTime for mutes).

export interface Targets {
  rooms: string[];
  accounts: string[];
  durationSeconds?: number;
}

const DURATION_FIELDS = ['Duration', 'MuteTime'] as const;
// The acting side of a call is not a target: who sends a message or who owns a new room.
const ACTOR_FIELDS = new Set(['From_Account', 'Owner_Account', 'Sender_Account']);

export function targetsOf(args: Record<string, unknown>): Targets {
  const rooms = new Set<string>();
  const accounts = new Set<string>();
  let durationSeconds: number | undefined;
  const visit = (obj: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'RoomId' && typeof value === 'string') rooms.add(value);
      else if (key.endsWith('_Account') && !ACTOR_FIELDS.has(key)) {
        if (typeof value === 'string') accounts.add(value);
        else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') accounts.add(v);
      } else if ((DURATION_FIELDS as readonly string[]).includes(key) && typeof value === 'number') {
        durationSeconds = Math.max(durationSeconds ?? 0, value);
      } else if (key === 'RoomInfo' && value && typeof value === 'object') visit(value as Record<string, unknown>);
    }
  };
  visit(args);
  return { rooms: [...rooms], accounts: [...accounts], ...(durationSeconds !== undefined && { durationSeconds }) };
}

/** `*` matches any run of characters; everything else is literal. */
export function roomPatternMatches(pattern: string, roomId: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(roomId);
}
