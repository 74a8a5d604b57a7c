// live_engine_http_srv cloud mixing (MCU): set_mix_stream and resume_mcu_task.
// The shared 20/s per-SDKAppID budget (100422) is enforced by the dispatcher's rate limiter, not here.
//
// Choices where the reference was unsure:
// - set_mix_stream starts the room's mix task when there is none (and sets the layout when there
//   is). Its error list is only "assumed same as resume_mcu_task", and a sandbox in which no API
//   can ever create a task would leave resume_mcu_task untestable except on seeded rooms.
//   resume_mcu_task, whose page does document it, answers 100424 when no task exists.
// - A custom-layout window naming a user of this room who is not on a seat answers 100428 ("failed
//   to pull the host information while mixing"): the doc requires every mixed host to be seated.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import type { LiveRoom, SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields, liveRoomOnly, type Fields } from './validate.js';

const LAYOUT_GRID = 0;
const LAYOUT_CUSTOM = 1000;

const q = JSON.stringify;

/** A live room that supports seats and was created with IsUnlimitedRoomEnabled (else 100006). */
function mixableRoom(state: SandboxState, roomId: string): LiveRoom {
  const room = liveRoomOnly(state, roomId, 'stream mixing needs a Live room');
  if (room.seats.length === 0 || !room.info.IsUnlimitedRoomEnabled) {
    throw new SandboxError(CODES.NOT_PERMITTED,
      `room ${q(roomId)} cannot mix streams: it must support seats and be created with IsUnlimitedRoomEnabled=true ` +
      `(seats: ${room.seats.length}, IsUnlimitedRoomEnabled: ${room.info.IsUnlimitedRoomEnabled})`);
  }
  return room;
}

/** One window of a custom layout; returns the user it shows in this room, if any. */
function checkWindow(w: Fields, roomId: string, full: boolean): string | undefined {
  if (full) {
    w.optInt('LocationX', { min: 0 });
    w.optInt('LocationY', { min: 0 });
    w.optInt('ImageWidth', { min: 1 });
    w.optInt('ImageHeight', { min: 1 });
  }
  w.optInt('StreamType', { min: 0 });
  w.optInt('ZOrder', { min: 0 });
  const windowRoom = w.optStr('RoomId');
  const account = w.optStr('Member_Account', { allowEmpty: false });
  return windowRoom === undefined || windowRoom === roomId ? account : undefined;
}

/** Validates LayoutInfo and returns the users of this room it places. */
function layoutUsers(info: Fields, roomId: string): string[] {
  const users: string[] = [];
  const list = info.obj.LayoutList;
  if (list !== undefined && !Array.isArray(list)) throw invalidParameter(`${info.label('LayoutList')} must be an array of objects`);
  const windows: unknown[] = list ?? [];
  windows.forEach((_, i) => {
    const u = checkWindow(info.objectAt('LayoutList', i), roomId, true);
    if (u) users.push(u);
  });
  const max = info.optObject('MaxUserLayout');
  const u = max && checkWindow(max, roomId, false);
  if (u) users.push(u);
  if (windows.length === 0 && !max) {
    throw invalidParameter(`${info.prefix} must place at least one window (LayoutList or MaxUserLayout) when LayoutMode is ${LAYOUT_CUSTOM}`);
  }
  return users;
}

const setMixStream: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const layoutMode = f.int('LayoutMode', { oneOf: [LAYOUT_GRID, LAYOUT_CUSTOM] });
  const enc = f.optObject('VideoEncode');
  const VideoEncode = enc && { Width: enc.optInt('Width', { min: 1 }), Height: enc.optInt('Height', { min: 1 }) };
  const info = layoutMode === LAYOUT_CUSTOM ? f.object('LayoutInfo') : f.optObject('LayoutInfo');
  const users = info && layoutMode === LAYOUT_CUSTOM ? layoutUsers(info, roomId) : [];
  const room = mixableRoom(state, roomId);
  for (const u of users) {
    if (state.seatIndexOf(room, u) < 0) {
      throw new SandboxError(CODES.MIX_HOST_UNAVAILABLE, `cannot mix ${q(u)}: not on a seat of room ${q(roomId)} (every mixed host must be on a seat)`);
    }
  }
  room.mix = { exists: true, status: 'running', LayoutMode: layoutMode, VideoEncode, LayoutInfo: info && structuredClone(info.obj), updatedAt: now };
  return {};
};

const resumeMcuTask: Handler = ({ state, body, now }) => {
  const room = mixableRoom(state, fields(body).roomId());
  if (!room.mix.exists) {
    throw new SandboxError(CODES.MIX_TASK_NOT_FOUND, `room ${q(room.info.RoomId)} has no stream-mixing task to resume; set one with set_mix_stream`);
  }
  room.mix.status = 'running';
  room.mix.updatedAt = now;
  return {};
};

export const mixHandlers = {
  set_mix_stream: setMixStream,
  resume_mcu_task: resumeMcuTask,
} satisfies HandlerMap;
