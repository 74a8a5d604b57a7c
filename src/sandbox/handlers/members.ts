// live_engine_http_srv member management: member and admin lists, bans, mutes. Codes from
// docs/reference/tencent-live-api.md §5 "member-management (live)".
//
// Where the reference was unsure, and what the sandbox chose:
// - get_member_list lists robots too (they are room members that can be seated) and counts them
//   in MemberCount. Order is by account; Next is an opaque cursor holding the last account listed,
//   so pages stay stable when people come and go. 100 per page (undocumented), at most 1000 in
//   all (the doc's cap). A conference RoomId answers 100006, the code the doc gives for a room of
//   the wrong type; the other member calls answer 100004 for anything that is not a live room.
// - ban_member removes the user from the room, their seat and the robots (a banned user is no
//   longer a member: pick_user_on_seat then answers 100005). Users not in the room can be banned
//   ahead of time. A repeated ban restarts the clock from now. Mutes and admin roles are kept.
// - get_banned_member_list pages by Offset/Limit in ban order (default Limit 20, undocumented);
//   NextOffset 0 means the end. Expired bans and mutes are dropped before any list is built.
// - mute_member and modify_admin have no documented list cap; the sandbox enforces none (the tools
//   cap them at 20). Muting or granting admin to someone not in the room is accepted, as a
//   pre-emptive moderation step; revoking a non-admin or unbanning a non-banned user is a no-op.
import { invalidParameter } from '../errors.js';
import { type LiveRoom, type SandboxState, unixSeconds } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields, liveRoomOnly } from './validate.js';

const BAN_LIST_CAP = 20;
const MEMBER_PAGE = 100;
const MEMBER_LIST_MAX = 1000;
const BANNED_PAGE_DEFAULT = 20;
const BANNED_PAGE_MAX = 100;

// ---- get_member_list ----

function encodeNext(account: string): string {
  return Buffer.from(account, 'utf8').toString('base64url');
}

function decodeNext(next: string): string | undefined {
  if (next === '') return undefined;
  const account = Buffer.from(next, 'base64url').toString('utf8');
  if (account === '' || encodeNext(account) !== next) {
    throw invalidParameter('Next must be "" or the Next value of a previous get_member_list answer');
  }
  return account;
}

const getMemberList: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  // Required per the newest doc; "" starts the listing.
  const after = decodeNext(f.str('Next', { allowEmpty: true }));
  const room = liveRoomOnly(state, roomId, 'get_member_list serves live rooms (use get_room_member_list)');
  const everyone = [...new Set([...room.members.keys(), ...room.robots])].sort();
  const listable = everyone.slice(0, MEMBER_LIST_MAX);
  const start = after === undefined ? 0 : listable.findIndex((a) => a > after);
  const page = start < 0 ? [] : listable.slice(start, start + MEMBER_PAGE);
  const more = start >= 0 && start + MEMBER_PAGE < listable.length;
  return {
    Response: {
      Next: more ? encodeNext(page[page.length - 1]!) : '',
      MemberCount: everyone.length,
      MemberList: page.map((Member_Account) => ({ Member_Account })),
    },
  };
};

// ---- admins ----

const getAdminList: Handler = ({ state, body }) => {
  const room = state.requireRoom(fields(body).roomId());
  return { Response: { Admin_Account: [...room.admins] } };
};

const modifyAdmin: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const admins = f.accountList('Admin_Account');
  // 'add' | 'delete', as the CallbackAfterModifyAdmin payload names them.
  const op = f.str('OpType', { oneOf: ['add', 'delete'] });
  const room = state.requireRoom(roomId);
  for (const a of admins) {
    if (op === 'add') room.admins.add(a);
    else room.admins.delete(a);
  }
  return {};
};

// ---- bans ----

function activeBans(state: SandboxState, room: LiveRoom, now: number): Array<{ Member_Account: string; BannedUntil: number }> {
  const out: Array<{ Member_Account: string; BannedUntil: number }> = [];
  for (const account of [...room.bans.keys()]) {
    const ban = state.activeBan(room, account, now);
    if (ban) out.push({ Member_Account: account, BannedUntil: ban.until });
  }
  return out;
}

const banMember: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const banned = f.accountList('MemberList_Account', BAN_LIST_CAP);
  const duration = f.int('Duration', { min: 1 });
  const reason = f.optStr('Reason', { maxBytes: 200 }) ?? '';
  const room = state.requireRoom(roomId);
  const until = unixSeconds(now) + duration;
  for (const a of banned) {
    // Delete first so a renewed ban moves to the end of the list, in ban order.
    room.bans.delete(a);
    room.bans.set(a, { until, reason });
    state.removeFromRoom(room, a);
  }
  return {};
};

const unbanMember: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const list = f.accountList('MemberList_Account', BAN_LIST_CAP);
  const room = state.requireRoom(roomId);
  for (const a of list) room.bans.delete(a);
  return {};
};

const getBannedMemberList: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const offset = f.optInt('Offset', { min: 0 }) ?? 0;
  const limit = f.optInt('Limit', { min: 1, max: BANNED_PAGE_MAX }) ?? BANNED_PAGE_DEFAULT;
  const all = activeBans(state, state.requireRoom(roomId), now);
  const page = all.slice(offset, offset + limit);
  const end = offset + page.length;
  return { Response: { BannedAccountList: page, NextOffset: end < all.length ? end : 0 } };
};

// ---- mutes ----

const muteMember: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const list = f.accountList('MemberList_Account');
  // 0 unmutes.
  const muteTime = f.int('MuteTime', { min: 0 });
  const room = state.requireRoom(roomId);
  for (const a of list) {
    if (muteTime === 0) room.mutes.delete(a);
    else room.mutes.set(a, unixSeconds(now) + muteTime);
  }
  return {};
};

const getMutedMemberList: Handler = ({ state, body, now }) => {
  const room = state.requireRoom(fields(body).roomId());
  const MutedAccountList: Array<{ Member_Account: string; MutedUntil: number }> = [];
  for (const account of [...room.mutes.keys()]) {
    const until = state.activeMute(room, account, now);
    if (until !== undefined) MutedAccountList.push({ Member_Account: account, MutedUntil: until });
  }
  return { Response: { MutedAccountList } };
};

export const memberHandlers = {
  get_member_list: getMemberList,
  get_admin_list: getAdminList,
  modify_admin: modifyAdmin,
  ban_member: banMember,
  unban_member: unbanMember,
  get_banned_member_list: getBannedMemberList,
  mute_member: muteMember,
  get_muted_member_list: getMutedMemberList,
} satisfies HandlerMap;
