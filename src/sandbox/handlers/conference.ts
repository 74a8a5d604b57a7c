// room_engine_http_srv (TUIRoomKit conference rooms): create, read, update, destroy, change owner,
// robots; the member commands come from conference-members.ts. Codes from
// docs/reference/tencent-live-api.md §5 "conference (TUIRoomKit)".
//
// Where the reference was unsure, and what the sandbox chose:
// - Live and conference rooms share one id space: create_room on any existing RoomId is 100003
//   (the conference page only carries 100003 by assumption; 100010/100012 are live-only).
// - A room created over REST has no members: people join from the app, robots through add_robot.
// - IsPasswordEnabled / Password (1690/102878, 102880) are stored as sent and answered by
//   get_room_info in clear, as Tencent does; no length or charset rule is documented, so none is applied.
// - RoomStatus is NotStarted while a scheduled start lies ahead, Running otherwise ('None' is
//   never produced). CreateTime is the creation second (the doc's description is a copy error).
// - change_room_owner: From_Account must be the current owner (else 100006) and the new owner a
//   member (else 100005). The old owner stays in the room as a Member.
// - add_robot: a robot already in the room is a no-op; a human member with that id, or a banned
//   id, is 100002 (the page documents only 100001/100002/100004). delete_robot of anything but a
//   robot of the room is 100002 for the same reason.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import { type ConferenceRoomInfo, MAX_SEATS, unixSeconds } from '../state.js';
import { conferenceMemberHandlers, conferenceRoom, newMember, refuseBanned } from './conference-members.js';
import type { Handler, HandlerMap } from './types.js';
import { applyDefined, fields, TAKE_SEAT_MODES, type Fields } from './validate.js';

const q = JSON.stringify;

/** The optional settings create_room and update_room_info share, with their documented limits. */
function settings(ri: Fields): Partial<ConferenceRoomInfo> {
  return {
    RoomName: ri.optStr('RoomName', { allowEmpty: false, maxBytes: 100 }),
    MaxMemberCount: ri.optInt('MaxMemberCount', { min: 1 }),
    IsVideoDisabled: ri.optBool('IsVideoDisabled'),
    IsAudioDisabled: ri.optBool('IsAudioDisabled'),
    IsMessageDisabled: ri.optBool('IsMessageDisabled'),
    IsScreenSharingDisabled: ri.optBool('IsScreenSharingDisabled'),
    IsCloudRecordingDisabled: ri.optBool('IsCloudRecordingDisabled'),
    CustomInfo: ri.optStr('CustomInfo', { maxBytes: 500 }),
    TakeSeatMode: ri.optStr('TakeSeatMode', { oneOf: TAKE_SEAT_MODES }) as ConferenceRoomInfo['TakeSeatMode'] | undefined,
    // 1690/102878 (create) and 1690/102880 (update) list both; no length limit is documented.
    IsPasswordEnabled: ri.optBool('IsPasswordEnabled'),
    Password: ri.optStr('Password', { allowEmpty: true }),
  };
}

const createRoom: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const ri = f.object('RoomInfo');
  const roomId = ri.roomId();
  ri.str('RoomType', { oneOf: ['Conference'] });
  const owner = ri.optStr('Owner_Account', { allowEmpty: false }) ?? state.admin;
  const init = {
    ...settings(ri),
    RoomId: roomId,
    Owner_Account: owner,
    ScheduleStartTime: ri.optInt('ScheduleStartTime', { min: 0 }),
    ScheduleEndTime: ri.optInt('ScheduleEndTime', { min: 0 }),
    IsSeatEnabled: ri.optBool('IsSeatEnabled'),
    MaxSeatCount: ri.optInt('MaxSeatCount', { min: 1, max: MAX_SEATS }),
  };
  const invitees = f.optStrList('ScheduleInviteeList_Account') ?? [];
  const { ScheduleStartTime: start, ScheduleEndTime: end } = init;
  if (start !== undefined && end !== undefined && end <= start) {
    throw invalidParameter(`RoomInfo.ScheduleEndTime (${end}) must be after RoomInfo.ScheduleStartTime (${start})`);
  }
  if (init.TakeSeatMode !== undefined && init.IsSeatEnabled !== true) {
    throw invalidParameter('RoomInfo.TakeSeatMode needs RoomInfo.IsSeatEnabled true; a room without seats has no seat mode');
  }
  if (state.hasRoomId(roomId)) {
    const kind = state.rooms.has(roomId) ? 'a live room' : 'a conference room';
    throw new SandboxError(CODES.ROOM_EXISTS, `room id ${q(roomId)} is already used by ${kind}; choose another`);
  }
  const room = state.addConferenceRoom(init, now);
  room.invitees = [...new Set(invitees)];
  return {};
};

function roomStatus(info: ConferenceRoomInfo, now: number): string {
  return info.ScheduleStartTime > unixSeconds(now) ? 'NotStarted' : 'Running';
}

const getRoomInfo: Handler = ({ state, body, now }) => {
  const room = conferenceRoom(state, fields(body).roomId());
  const i = room.info;
  return {
    Response: {
      RoomInfo: {
        RoomId: i.RoomId, RoomName: i.RoomName, RoomType: i.RoomType, Owner_Account: i.Owner_Account,
        MaxMemberCount: i.MaxMemberCount, MaxSeatCount: i.MaxSeatCount,
        IsVideoDisabled: i.IsVideoDisabled, IsAudioDisabled: i.IsAudioDisabled, IsMessageDisabled: i.IsMessageDisabled,
        IsScreenSharingDisabled: i.IsScreenSharingDisabled, IsCloudRecordingDisabled: i.IsCloudRecordingDisabled,
        CustomInfo: i.CustomInfo, ScheduleStartTime: i.ScheduleStartTime, ScheduleEndTime: i.ScheduleEndTime,
        RoomStatus: roomStatus(i, now), IsSeatEnabled: i.IsSeatEnabled, TakeSeatMode: i.TakeSeatMode,
        CreateTime: i.CreateTime, MemberCount: room.members.size,
        // Tencent answers the password in clear; the tools redact it before the model sees it.
        IsPasswordEnabled: i.IsPasswordEnabled ?? false, Password: i.Password ?? '',
      },
    },
  };
};

const updateRoomInfo: Handler = ({ state, body }) => {
  const ri = fields(body).object('RoomInfo');
  const roomId = ri.roomId();
  const changes = settings(ri);
  const room = conferenceRoom(state, roomId);
  if (changes.TakeSeatMode !== undefined && !room.info.IsSeatEnabled) {
    throw invalidParameter(`RoomInfo.TakeSeatMode cannot be set: conference room ${q(roomId)} has no seats`);
  }
  applyDefined(room.info, changes);
  return {};
};

const destroyRoom: Handler = ({ state, body }) => {
  const room = conferenceRoom(state, fields(body).roomId());
  state.conferenceRooms.delete(room.info.RoomId);
  return {};
};

const changeRoomOwner: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const from = f.str('From_Account');
  const to = f.str('NewOwner_Account');
  const room = conferenceRoom(state, roomId);
  const owner = room.info.Owner_Account;
  if (from !== owner) {
    throw new SandboxError(CODES.NOT_PERMITTED, `From_Account ${q(from)} is not the owner of conference room ${q(roomId)} (the owner is ${q(owner)})`);
  }
  if (to === owner) throw invalidParameter(`NewOwner_Account ${q(to)} already owns conference room ${q(roomId)}`);
  if (!room.members.has(to)) {
    throw new SandboxError(CODES.NOT_A_MEMBER, `NewOwner_Account ${q(to)} is not a member of conference room ${q(roomId)}; only a member can become the owner`);
  }
  room.info.Owner_Account = to;
  const previous = room.members.get(owner);
  if (previous) previous.Role = 'Member';
  return {};
};

const addRobot: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const account = f.str('Member_Account');
  const room = conferenceRoom(state, roomId);
  if (room.robots.has(account)) return {};
  if (room.members.has(account)) {
    throw invalidParameter(`${q(account)} is already a (non-robot) member of conference room ${q(roomId)}`);
  }
  refuseBanned(state, room, account, now);
  room.robots.add(account);
  room.members.set(account, newMember(now, account));
  return {};
};

const deleteRobot: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const account = f.str('Member_Account');
  const room = conferenceRoom(state, roomId);
  if (!room.robots.has(account)) {
    const why = room.members.has(account) ? 'is a member but not a robot (use kick_user_out)' : 'is not in the room';
    throw invalidParameter(`Member_Account ${q(account)} ${why}; conference room ${q(roomId)} has no such robot`);
  }
  state.removeFromRoom(room, account);
  return {};
};

export const conferenceHandlers = {
  conference_create_room: createRoom,
  conference_get_room_info: getRoomInfo,
  conference_update_room_info: updateRoomInfo,
  conference_destroy_room: destroyRoom,
  conference_change_room_owner: changeRoomOwner,
  conference_add_robot: addRobot,
  delete_robot: deleteRobot,
  ...conferenceMemberHandlers,
} satisfies HandlerMap;
