// live_engine_http_srv room management: create, destroy, read, list, update, change owner.
// Semantics and codes from docs/reference/tencent-live-api.md §5 "room-management (live)".
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import { MAX_SEATS, type RoomInfo, SEAT_LAYOUT_TEMPLATE_IDS, SEAT_TEMPLATES, unixSeconds } from '../state.js';
import { roomStatistic } from './stats.js';
import type { Handler, HandlerMap } from './types.js';
import { applyDefined, fields, TAKE_SEAT_MODES, type Fields } from './validate.js';

const ROOM_LIST_MAX = 20;

/** get_room_info's documented RoomInfo fields, copied out of the state. */
export function renderRoomInfo(info: RoomInfo): Record<string, unknown> {
  return {
    RoomId: info.RoomId, RoomName: info.RoomName, RoomType: info.RoomType, Owner_Account: info.Owner_Account,
    CreateTime: info.CreateTime, IsSeatEnabled: info.IsSeatEnabled, TakeSeatMode: info.TakeSeatMode,
    MaxSeatCount: info.MaxSeatCount, MaxMemberCount: info.MaxMemberCount, IsMessageDisabled: info.IsMessageDisabled,
    CoverURL: info.CoverURL, BackgroundURL: info.BackgroundURL, Category: [...info.Category],
    ActivityStatus: info.ActivityStatus, IsPublicVisible: info.IsPublicVisible, ViewCount: info.ViewCount,
    Notice: info.Notice, IsUnlimitedRoomEnabled: info.IsUnlimitedRoomEnabled,
  };
}

// ---- get_room_list: public rooms by ViewCount desc, RoomId asc on ties, keyset-paginated ----

/** True when room a is listed before room b. */
type Position = { ViewCount: number; RoomId: string };

function precedes(a: Position, b: Position): boolean {
  return a.ViewCount > b.ViewCount || (a.ViewCount === b.ViewCount && a.RoomId < b.RoomId);
}

/**
 * The cursor is the last listed (ViewCount, RoomId), base64url-encoded so callers treat it as
 * opaque. A position rather than an offset keeps pages stable when rooms are created or destroyed
 * between calls: nothing already listed comes back, nothing after the cursor is skipped.
 */
export function encodeCursor(info: Position): string {
  return Buffer.from(JSON.stringify([info.ViewCount, info.RoomId])).toString('base64url');
}

function decodeCursor(next: string): Position | undefined {
  if (next === '' || next === '0') return undefined; // the reference: empty or '0' on the first call
  try {
    const v: unknown = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') {
      return { ViewCount: v[0] as number, RoomId: v[1] };
    }
  } catch { /* fall through */ }
  throw invalidParameter('Next must be empty, "0", or the Next value of a previous get_room_list answer');
}

const getRoomList: Handler = ({ state, body }) => {
  const f = fields(body);
  // Required per the reference; '' starts the listing.
  const next = f.str('Next', { allowEmpty: true });
  const count = f.int('Count', { min: 1, max: ROOM_LIST_MAX });
  // Sent by Tencent's own console client, values not captured: accepted and ignored.
  f.optStr('SortDirection');
  const after = decodeCursor(next);
  // One pass keeping the best count+1 rooms after the cursor: O(rooms) per page, no full sort,
  // so crawling 10,000 rooms stays cheap. The extra room only tells whether a next page exists.
  const want = count + 1;
  const best: RoomInfo[] = [];
  for (const { info } of state.rooms.values()) {
    if (!info.IsPublicVisible || (after && !precedes(after, info))) continue;
    if (best.length === want && !precedes(info, best[want - 1]!)) continue;
    let i = best.length;
    while (i > 0 && precedes(info, best[i - 1]!)) i--;
    best.splice(i, 0, info);
    if (best.length > want) best.pop();
  }
  const page = best.slice(0, count);
  const last = page[page.length - 1];
  return {
    Response: {
      Next: best.length > count && last ? encodeCursor(last) : '',
      RoomList: page.map((r) => ({
        RoomName: r.RoomName, RoomId: r.RoomId, Owner_Account: r.Owner_Account, CoverURL: r.CoverURL,
        Category: [...r.Category], CreateTime: r.CreateTime, ActivityStatus: r.ActivityStatus, ViewCount: r.ViewCount,
      })),
    },
  };
};

// ---- single-room reads and writes ----

const getRoomInfo: Handler = ({ state, body }) => {
  const room = state.requireRoom(fields(body).roomId());
  return { Response: { RoomInfo: renderRoomInfo(room.info) } };
};

const changeRoomOwner: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const newOwner = f.str('NewOwner_Account');
  const room = state.requireRoom(roomId);
  // The live variant does not require the new owner to be in the room (the conference variant
  // does, per the reference), so any non-empty id is recorded.
  room.info.Owner_Account = newOwner;
  return {};
};

/** The optional RoomInfo fields create_room and update_room_info share, with their limits. */
function mutableRoomFields(ri: Fields): Partial<RoomInfo> {
  return {
    RoomName: ri.optStr('RoomName', { maxBytes: 100, allowEmpty: false }),
    TakeSeatMode: ri.optStr('TakeSeatMode', { oneOf: TAKE_SEAT_MODES }) as RoomInfo['TakeSeatMode'] | undefined,
    MaxMemberCount: ri.optInt('MaxMemberCount', { min: 1 }),
    IsMessageDisabled: ri.optBool('IsMessageDisabled'),
    IsPublicVisible: ri.optBool('IsPublicVisible'),
    CoverURL: ri.optStr('CoverURL', { maxBytes: 200 }),
    Category: ri.optIntList('Category', { maxItems: 3 }),
    ActivityStatus: ri.optInt('ActivityStatus'),
    Notice: ri.optStr('Notice', { maxBytes: 100 }),
  };
}

const createRoom: Handler = ({ state, body, now }) => {
  const ri = fields(body).object('RoomInfo');
  const roomId = ri.roomId();
  ri.str('RoomType', { oneOf: ['Live'] });
  const owner = ri.optStr('Owner_Account', { allowEmpty: false }) ?? state.admin;
  // SeatTemplate is required in the newest doc but absent from older versions, which used the
  // numeric SeatLayoutTemplateId or nothing; the sandbox accepts all three and defaults the layout.
  let template = ri.optStr('SeatTemplate', { oneOf: Object.keys(SEAT_TEMPLATES) });
  const layoutId = ri.optInt('SeatLayoutTemplateId', { oneOf: Object.keys(SEAT_LAYOUT_TEMPLATE_IDS).map(Number) });
  template ??= layoutId === undefined ? undefined : SEAT_LAYOUT_TEMPLATE_IDS[layoutId];
  const init = {
    ...mutableRoomFields(ri),
    RoomId: roomId,
    Owner_Account: owner,
    SeatTemplate: template,
    MaxSeatCount: ri.optInt('MaxSeatCount', { min: 1, max: MAX_SEATS }),
    IsSeatEnabled: ri.optBool('IsSeatEnabled'),
    IsUnlimitedRoomEnabled: ri.optBool('IsUnlimitedRoomEnabled'),
    KeepOwnerOnSeat: ri.optBool('KeepOwnerOnSeat'),
    BackgroundURL: ri.optStr('BackgroundURL', { maxBytes: 200 }),
  };
  const existing = state.rooms.get(roomId);
  if (existing && existing.info.Owner_Account === owner) {
    throw new SandboxError(CODES.ROOM_EXISTS_SAME_OWNER, `room ${JSON.stringify(roomId)} already exists with the same Owner_Account; it can be used as is`);
  }
  if (state.hasRoomId(roomId)) {
    throw new SandboxError(CODES.ROOM_EXISTS, `room id ${JSON.stringify(roomId)} already exists; choose another`);
  }
  if (state.lastCreated.get(roomId) === unixSeconds(now)) {
    throw new SandboxError(CODES.TOO_FREQUENT, `room ${JSON.stringify(roomId)} was already created this second; the same room id can be created at most once per second`);
  }
  state.addRoom(init, now);
  state.lastCreated.set(roomId, unixSeconds(now));
  return { Response: { RoomId: roomId } };
};

const destroyRoom: Handler = ({ state, body }) => {
  const room = state.requireRoom(fields(body).roomId());
  state.removeRoom(room.info.RoomId);
  // Newer doc versions return end-of-live statistics; older ones only the common fields.
  return { Response: { Statistic: roomStatistic(room) } };
};

const updateRoomInfo: Handler = ({ state, body }) => {
  const ri = fields(body).object('RoomInfo');
  const roomId = ri.roomId();
  const changes = mutableRoomFields(ri);
  applyDefined(state.requireRoom(roomId).info, changes);
  return {};
};

export const roomHandlers = {
  get_room_list: getRoomList,
  get_room_info: getRoomInfo,
  change_room_owner: changeRoomOwner,
  create_room: createRoom,
  destroy_room: destroyRoom,
  update_room_info: updateRoomInfo,
} satisfies HandlerMap;
