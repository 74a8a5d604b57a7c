// room_engine_http_srv members (TUIRoomKit conference rooms): member list, member info and roles,
// marks, kick, ban, unban, banned list. Merged into conferenceHandlers by conference.ts, which also
// uses the helpers here. Codes from docs/reference/tencent-live-api.md §5 "conference".
//
// Where the reference was unsure, and what the sandbox chose:
// - Every conference page lists 100005 (not a member) and 100006 (permission), even where they
//   cannot apply (reads), evidently a shared table. The sandbox answers 100005 only where an
//   account must be in the room (kick, marks, member info, new owner) and 100006 only for acts on
//   the owner (kick, ban, role change), which the owner's rights forbid.
// - Bans do not require membership (a user can be banned before they join, as in live rooms);
//   members among the banned are removed, off any seat. Re-banning sets the new expiry.
// - get_banned_member_list: the table names the cursor Next (String), the sample sends Offset
//   (Integer) and the answer is NextOffset (Integer); both are accepted, Offset wins.
// - Member roles render as RoomOwner | Admin | Member, as the doc sample (647/60715) spells the owner.
// - Robots are members too (listed, markable, kickable); room.robots marks which ones are robots.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import { type ConferenceMember, type ConferenceRoom, type SandboxState, unixSeconds } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields, type Fields } from './validate.js';

const q = JSON.stringify;
/** Per-call account cap of kick and ban (and, by symmetry, unban). */
const ACCOUNTS_PER_CALL = 20;
const MEMBER_LIST_DEFAULT = 50;
const BANNED_LIST_MAX = 100;
const MARKS_MIN = 1000;
const MARKS_PER_CALL = 3;
const MARKS_PER_ROOM = 10;
const MARK_MEMBERS_PER_CALL = 10;

/**
 * The conference room, or 100004. Live and conference rooms share one id space, so a live RoomId
 * is a real room of the wrong kind: the ErrorInfo says so, the code stays the documented 100004.
 */
export function conferenceRoom(state: SandboxState, roomId: string): ConferenceRoom {
  const room = state.conferenceRooms.get(roomId);
  if (room) return room;
  if (state.rooms.has(roomId)) {
    throw new SandboxError(CODES.ROOM_NOT_FOUND, `${q(roomId)} is a live room, not a conference room; use the live_engine_http_srv commands for it`);
  }
  return state.requireConferenceRoom(roomId);
}

export function roleOf(room: ConferenceRoom, account: string, m: ConferenceMember): string {
  return account === room.info.Owner_Account ? 'RoomOwner' : m.Role;
}

export function newMember(now: number, account: string): ConferenceMember {
  return { joinTime: unixSeconds(now), nickname: account, NameCard: account, Role: 'Member', Marks: [], CustomInfo: '' };
}

function requireMember(room: ConferenceRoom, account: string, field: string): ConferenceMember {
  const m = room.members.get(account);
  if (!m) throw new SandboxError(CODES.NOT_A_MEMBER, `${field} ${q(account)} is not a member of conference room ${q(room.info.RoomId)}`);
  return m;
}

function refuseOwner(room: ConferenceRoom, accounts: readonly string[], what: string): void {
  if (accounts.includes(room.info.Owner_Account)) {
    throw new SandboxError(CODES.NOT_PERMITTED, `${q(room.info.Owner_Account)} owns conference room ${q(room.info.RoomId)} and cannot be ${what}; change the owner first`);
  }
}

/** A paging integer encoded as a string cursor, '' (or absent) meaning 0. */
function offsetCursor(f: Fields, name: string): number {
  const raw = f.optStr(name) ?? '';
  if (raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw)) throw invalidParameter(`${name} must be empty or the ${name} value of a previous answer; got ${q(raw)}`);
  return Number(raw);
}

const getRoomMemberList: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const count = f.optInt('Count', { min: 1 }) ?? MEMBER_LIST_DEFAULT;
  const start = offsetCursor(f, 'Next');
  const room = conferenceRoom(state, roomId);
  // Join order; the cursor is a position in it (opaque to callers).
  const all = [...room.members.entries()];
  const page = all.slice(start, start + count);
  return {
    Response: {
      Next: start + count < all.length ? String(start + count) : '',
      MemberList: page.map(([account, m]) => ({
        Member_Account: account, NameCard: m.NameCard, Role: roleOf(room, account, m), Marks: [...m.Marks], CustomInfo: m.CustomInfo,
      })),
    },
  };
};

const updateRoomMemberInfo: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const mi = f.object('MemberInfo');
  const account = mi.str('Member_Account');
  const nameCard = mi.optStr('NameCard', { maxBytes: 32 });
  const role = mi.optStr('Role', { oneOf: ['Admin', 'Member'] }) as ConferenceMember['Role'] | undefined;
  const customInfo = mi.optStr('CustomInfo', { maxBytes: 60 });
  const room = conferenceRoom(state, roomId);
  const member = requireMember(room, account, 'MemberInfo.Member_Account');
  if (role !== undefined) refuseOwner(room, [account], 'given another role');
  if (nameCard !== undefined) member.NameCard = nameCard;
  if (role !== undefined) member.Role = role;
  if (customInfo !== undefined) member.CustomInfo = customInfo;
  return {};
};

const markRoomMember: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  // The table types CommandType as a String, the sample sends a number: the sample wins.
  const command = f.int('CommandType', { oneOf: [1, 2] });
  const list = f.obj.MemberList;
  if (!Array.isArray(list)) throw invalidParameter('MemberList is required (an array of { Member_Account, Marks })');
  if (list.length < 1 || list.length > MARK_MEMBERS_PER_CALL) {
    throw invalidParameter(`MemberList must hold 1 to ${MARK_MEMBERS_PER_CALL} members; got ${list.length}`);
  }
  const entries = list.map((_, i) => {
    const e = f.objectAt('MemberList', i);
    const marks = e.optIntList('Marks', { minItems: 1, maxItems: MARKS_PER_CALL });
    if (!marks) throw invalidParameter(`${e.label('Marks')} is required (an array of integers)`);
    const low = marks.find((m) => m < MARKS_MIN);
    if (low !== undefined) throw invalidParameter(`${e.label('Marks')} values must be >= ${MARKS_MIN}; got ${low}`);
    return { account: e.str('Member_Account'), marks };
  });
  const distinct = new Set(entries.flatMap((e) => e.marks));
  if (distinct.size > MARKS_PER_CALL) throw invalidParameter(`at most ${MARKS_PER_CALL} distinct marks per call; got ${distinct.size}`);
  const room = conferenceRoom(state, roomId);
  const members = entries.map((e) => requireMember(room, e.account, 'MemberList.Member_Account'));
  if (command === 1) {
    const inRoom = new Set([...room.members.values()].flatMap((m) => m.Marks));
    for (const m of distinct) inRoom.add(m);
    if (inRoom.size > MARKS_PER_ROOM) {
      throw invalidParameter(`a conference room may use at most ${MARKS_PER_ROOM} distinct marks; this call would make ${inRoom.size}`);
    }
  }
  entries.forEach((e, i) => {
    const member = members[i]!;
    member.Marks = command === 1
      ? [...new Set([...member.Marks, ...e.marks])]
      : member.Marks.filter((m) => !e.marks.includes(m));
  });
  return {};
};

const kickUserOut: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const accounts = f.accountList('MemberList_Account', ACCOUNTS_PER_CALL);
  f.str('Reason', { allowEmpty: true, maxBytes: 1000 });
  const room = conferenceRoom(state, roomId);
  // All or nothing: one stranger in the list and nobody is removed.
  const strangers = accounts.filter((a) => !room.members.has(a));
  if (strangers.length > 0) {
    throw new SandboxError(CODES.NOT_A_MEMBER, `not members of conference room ${q(roomId)}: ${q(strangers)}; nobody was removed`);
  }
  refuseOwner(room, accounts, 'removed');
  for (const a of accounts) state.removeFromRoom(room, a);
  return {};
};

const banRoomMember: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const accounts = f.accountList('MemberList_Account', ACCOUNTS_PER_CALL);
  // Mandatory here (≤ 1000 bytes), unlike the live ban_member's optional 200-byte Reason.
  const reason = f.str('Reason', { allowEmpty: true, maxBytes: 1000 });
  const duration = f.int('Duration', { min: 1 });
  const room = conferenceRoom(state, roomId);
  refuseOwner(room, accounts, 'banned');
  const until = unixSeconds(now) + duration;
  for (const a of accounts) {
    state.removeFromRoom(room, a);
    room.bans.set(a, { until, reason });
  }
  return {};
};

const unbanRoomMember: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const accounts = f.accountList('MemberList_Account', ACCOUNTS_PER_CALL);
  const room = conferenceRoom(state, roomId);
  // Lifting a ban that is not there changes nothing; the call still succeeds.
  for (const a of accounts) room.bans.delete(a);
  return {};
};

const getBannedMemberList: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const limit = f.optInt('Limit', { min: 1, max: BANNED_LIST_MAX }) ?? BANNED_LIST_MAX;
  const offset = f.has('Offset') ? f.int('Offset', { min: 0 }) : offsetCursor(f, 'Next');
  const room = conferenceRoom(state, roomId);
  const active = [...room.bans.keys()].filter((a) => state.activeBan(room, a, now));
  const page = active.slice(offset, offset + limit);
  return {
    Response: {
      BannedAccountList: page.map((a) => ({ Member_Account: a, BannedUntil: room.bans.get(a)!.until })),
      NextOffset: offset + limit < active.length ? offset + limit : 0,
    },
  };
};

/** The account's ban still in force, for handlers that would let someone (back) in. */
export function refuseBanned(state: SandboxState, room: ConferenceRoom, account: string, now: number): void {
  const ban = state.activeBan(room, account, now);
  if (ban) {
    throw invalidParameter(`${q(account)} is banned from conference room ${q(room.info.RoomId)} until ${ban.until} (unix s); lift it with unban_room_member first`);
  }
}

export const conferenceMemberHandlers = {
  get_room_member_list: getRoomMemberList,
  update_room_member_info: updateRoomMemberInfo,
  mark_room_member: markRoomMember,
  kick_user_out: kickUserOut,
  ban_room_member: banRoomMember,
  unban_room_member: unbanRoomMember,
  conference_get_banned_member_list: getBannedMemberList,
} satisfies HandlerMap;
