// live_engine_http_srv robots: bot accounts that are members of a live room and can be seated.
// Codes from docs/reference/tencent-live-api.md §5 "robots".
//
// Where the reference was unsure, and what the sandbox chose:
// - A conference RoomId answers 100006 ("room must be of Live type"); an unknown one 100004.
// - The sandbox has no IM account registry, so "each robot must be an imported account" is not
//   checked. A robot banned from the room cannot enter it (ban_member: "cannot enter during the
//   ban"): add_robot refuses the whole call with 100002 naming the banned account, nothing added.
// - Adding a robot already present, or deleting one that is not, changes nothing and succeeds.
// - del_robot takes the robot off any seat it occupies, then out of the room.
import { invalidParameter } from '../errors.js';
import type { LiveRoom, SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields, liveRoomOnly } from './validate.js';

const q = JSON.stringify;

function liveRoom(state: SandboxState, roomId: string): LiveRoom {
  return liveRoomOnly(state, roomId, 'robots here need a Live room (conference rooms use add_robot of room_engine_http_srv)');
}

const getRobot: Handler = ({ state, body }) => {
  const room = liveRoom(state, fields(body).roomId());
  return { Response: { RobotList_Account: [...room.robots] } };
};

const addRobot: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const robots = f.accountList('RobotList_Account');
  const room = liveRoom(state, roomId);
  const banned = robots.find((r) => state.activeBan(room, r, now));
  if (banned !== undefined) {
    throw invalidParameter(`RobotList_Account ${q(banned)} is banned from room ${q(roomId)} until ${room.bans.get(banned)!.until} (unix s); lift the ban with unban_member first`);
  }
  for (const r of robots) room.robots.add(r);
  return {};
};

const delRobot: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const robots = f.accountList('RobotList_Account');
  const room = liveRoom(state, roomId);
  for (const r of robots) {
    if (!room.robots.has(r)) continue;
    const seat = state.seatIndexOf(room, r);
    if (seat >= 0) room.seats[seat]!.Member_Account = '';
    room.robots.delete(r);
  }
  return {};
};

export const robotHandlers = {
  get_robot: getRobot,
  add_robot: addRobot,
  del_robot: delRobot,
} satisfies HandlerMap;
