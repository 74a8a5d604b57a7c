// group_open_avchatroom_http_svc get_members (tencentcloud.com/document/product/1047/50293) and
// check_members (1047/60523), and group_open_http_svc get_online_member_num (1047/38521), answered
// for live rooms, whose RoomId the
// sandbox takes as the IM group ID (as TUILiveKit rooms are IM groups; see src/tools/audience.ts).
//
// Where the pages are silent, and what the sandbox chose:
// - An unknown GroupId is 10010 ("group does not exist or was dismissed", the IM group code); a
//   conference room is not an audio-video group and answers the same.
// - get_members lists members (robots excluded: they do not go online) latest join first, at most
//   1,000, 500 a page. Timestamp is the page cursor: 0 first, then NextTimestamp; the sandbox uses
//   the join time of the last member returned plus its position, an opaque number to callers.
// - Mark filters on marks the sandbox's live rooms never carry, so a Mark returns an empty page.
// - Nickname and avatar come from the account's profile (portrait_set), else the room nickname.
// - The online count is the room's members (robots excluded); Tencent's refresh delay is not played.
// - check_members answers the requested accounts that are members, in request order, each once. Its
//   page lists 10007 for a group that is not an AVChatRoom: a conference room answers that. The
//   page names no maximum list length, so the sandbox sets none.
import { SandboxError } from '../errors.js';
import { imState } from '../im/state.js';
import type { LiveRoom, SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields } from './validate.js';

const q = JSON.stringify;
const GROUP_NOT_FOUND = 10010;
const PAGE = 500;
const MOST = 1000;

function liveGroup(state: SandboxState, groupId: string): LiveRoom {
  const room = state.rooms.get(groupId);
  if (!room) throw new SandboxError(GROUP_NOT_FOUND, `group ${q(groupId)} does not exist or was dismissed`);
  return room;
}

const getMembers: Handler = ({ state, body }) => {
  const f = fields(body);
  const room = liveGroup(state, f.str('GroupId'));
  const cursor = f.int('Timestamp', { min: 0 });
  const mark = f.optInt('Mark', { min: 0 });
  const all = [...room.members.entries()]
    .map(([id, m], i) => ({ id, m, i }))
    .sort((a, b) => b.m.joinTime - a.m.joinTime || a.i - b.i)
    .slice(0, MOST);
  const listed = mark === undefined ? all : [];
  const start = cursor === 0 ? 0 : cursor % (MOST + 1);
  const page = listed.slice(start, start + PAGE);
  const end = start + page.length;
  const profiles = imState(state).accounts;
  const MemberList = page.map(({ id, m }) => {
    const p = profiles.get(id)?.profile;
    return {
      Member_Account: id,
      JoinTime: m.joinTime,
      NickName: String(p?.get('Tag_Profile_IM_Nick') ?? m.nickname),
      Avatar: String(p?.get('Tag_Profile_IM_Image') ?? ''),
    };
  });
  // Opaque cursor: a multiple of MOST + 1 plus the next position, never 0 while more remain.
  const NextTimestamp = end < listed.length ? (MOST + 1) * Math.max(1, page.at(-1)!.m.joinTime) + end : 0;
  return { MemberList, NextTimestamp };
};

const getOnlineMemberNum: Handler = ({ state, body }) => {
  const room = liveGroup(state, fields(body).str('GroupId'));
  return { OnlineMemberNum: room.members.size };
};

const NOT_AN_AV_GROUP = 10007;

const checkMembers: Handler = ({ state, body }) => {
  const f = fields(body);
  const groupId = f.str('GroupId');
  const wanted = f.accountList('Member_Account');
  if (!state.rooms.has(groupId) && state.conferenceRooms.has(groupId)) {
    throw new SandboxError(NOT_AN_AV_GROUP, `group ${q(groupId)} is not an AVChatRoom group; check_members applies to live rooms only`);
  }
  const room = liveGroup(state, groupId);
  return { Member_Account: [...new Set(wanted)].filter((id) => room.members.has(id)) };
};

export const audienceHandlers = {
  check_members: checkMembers,
  get_members: getMembers,
  get_online_member_num: getOnlineMemberNum,
} satisfies HandlerMap;
