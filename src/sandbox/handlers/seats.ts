// room_engine_http_mic: the seat list of live and conference rooms alike (the reference notes the
// service is shared). Codes from docs/reference/tencent-live-api.md §3 and §5 "seat-management".
//
// Where the reference was unsure, and what the sandbox chose:
// - Index is 0-based (the SDKs seat the host on 0). An index outside the room's seats is 100002.
// - pick_user_on_seat with Index -1 takes the first free, unlocked seat, as the SDKs' takeSeat(-1)
//   does; that is the one case where 100205 (seats are full) can arise, since naming a specific
//   seat that is taken answers 100210.
// - kick_user_off_seat documents only 100001/100002/100004/100211, so a user who is not on any
//   seat (whether or not they are in the room) gets 100002 with an ErrorInfo that says which.
// - move_user_to_seat and switch_seat have no captured private-code table; they reuse the family's
//   codes (100200 locked, 100210 occupied, 100211 no seats) and 100002 for a user not seated.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import type { SandboxState, Seat, SeatRoom } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields } from './validate.js';

export function renderSeat(s: Seat): Record<string, unknown> {
  return {
    Index: s.Index,
    Member_Account: s.Member_Account,
    IsTakenDisabled: s.IsLocked,
    IsVideoDisabled: s.IsVideoLocked,
    IsAudioDisabled: s.IsAudioLocked,
  };
}

const q = JSON.stringify;

/** The room, refusing rooms without seats (100211). */
function seatedRoom(state: SandboxState, roomId: string): SeatRoom {
  const room = state.requireSeatRoom(roomId);
  if (room.seats.length === 0) throw new SandboxError(CODES.NO_SEATS, `room ${q(roomId)} does not support seats`);
  return room;
}

function seatAt(room: SeatRoom, index: number, field: string): Seat {
  const seat = room.seats[index];
  if (!seat || index < 0) {
    throw invalidParameter(`${field} ${index} is out of range; room ${q(room.info.RoomId)} has seats 0 to ${room.seats.length - 1}`);
  }
  return seat;
}

/** The seat `account` sits on, or 100002 naming why not. */
function occupiedSeat(state: SandboxState, room: SeatRoom, account: string): Seat {
  const i = state.seatIndexOf(room, account);
  if (i >= 0) return room.seats[i]!;
  const why = state.isMember(room, account) ? 'is not on any seat' : 'is not in the room (and so on no seat)';
  throw invalidParameter(`Member_Account ${q(account)} ${why} of room ${q(room.info.RoomId)}`);
}

function ensureTakeable(room: SeatRoom, seat: Seat): void {
  if (seat.IsLocked) throw new SandboxError(CODES.SEAT_LOCKED, `seat ${seat.Index} of room ${q(room.info.RoomId)} is locked`);
  if (seat.Member_Account !== '') {
    throw new SandboxError(CODES.SEAT_OCCUPIED, `seat ${seat.Index} of room ${q(room.info.RoomId)} is already occupied by ${q(seat.Member_Account)}`);
  }
}

const getSeatList: Handler = ({ state, body }) => {
  // A room without seats lists none: this endpoint documents no 100211.
  const room = state.requireSeatRoom(fields(body).roomId());
  return { Response: { SeatList: room.seats.map(renderSeat) } };
};

const pickUserOnSeat: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const account = f.str('Member_Account');
  const index = f.int('Index', { min: -1 });
  const room = seatedRoom(state, roomId);
  if (index >= 0) seatAt(room, index, 'Index');
  if (!state.isMember(room, account)) {
    throw new SandboxError(CODES.NOT_A_MEMBER, `${q(account)} is not a member of room ${q(roomId)}; only users (or robots) in the room can be put on a seat`);
  }
  const current = state.seatIndexOf(room, account);
  if (current >= 0) throw new SandboxError(CODES.ALREADY_ON_SEAT, `${q(account)} is already on seat ${current} of room ${q(roomId)}`);
  let seat: Seat;
  if (index === -1) {
    const free = room.seats.find((s) => !s.IsLocked && s.Member_Account === '');
    if (!free) throw new SandboxError(CODES.SEATS_FULL, `all seats of room ${q(roomId)} are taken or locked`);
    seat = free;
  } else {
    seat = seatAt(room, index, 'Index');
    ensureTakeable(room, seat);
  }
  seat.Member_Account = account;
  return {};
};

const kickUserOffSeat: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const account = f.str('Member_Account');
  // The doc marks Data mandatory; it may be empty.
  f.str('Data', { allowEmpty: true });
  const room = seatedRoom(state, roomId);
  // Back to the audience: the user stays in the room.
  occupiedSeat(state, room, account).Member_Account = '';
  return {};
};

const lockSeat: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const index = f.int('Index');
  const forbidTaken = f.optBool('ForbidTaken');
  const forbidVideo = f.optBool('ForbidVideo');
  const forbidAudio = f.optBool('ForbidAudio');
  const seat = seatAt(seatedRoom(state, roomId), index, 'Index');
  // "If someone occupies the seat when locking, they are kicked off first."
  if (forbidTaken === true) seat.Member_Account = '';
  if (forbidTaken !== undefined) seat.IsLocked = forbidTaken;
  if (forbidVideo !== undefined) seat.IsVideoLocked = forbidVideo;
  if (forbidAudio !== undefined) seat.IsAudioLocked = forbidAudio;
  return {};
};

const moveUserToSeat: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const target = f.int('SeatIndex');
  const account = f.str('Member_Account');
  // 0 = cancel when occupied, 1 = force (the occupant goes back to the audience), 2 = swap.
  const policy = f.int('Policy', { oneOf: [0, 1, 2] });
  const room = seatedRoom(state, roomId);
  const to = seatAt(room, target, 'SeatIndex');
  const from = occupiedSeat(state, room, account);
  if (from === to) return {};
  if (to.IsLocked) throw new SandboxError(CODES.SEAT_LOCKED, `seat ${target} of room ${q(roomId)} is locked`);
  const occupant = to.Member_Account;
  if (occupant !== '' && policy === 0) {
    throw new SandboxError(CODES.SEAT_OCCUPIED, `seat ${target} of room ${q(roomId)} is occupied by ${q(occupant)} and Policy 0 cancels the move`);
  }
  to.Member_Account = account;
  from.Member_Account = policy === 2 ? occupant : '';
  return {};
};

const switchSeat: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const target = f.int('ToIndex');
  const account = f.str('Member_Account');
  const room = seatedRoom(state, roomId);
  const to = seatAt(room, target, 'ToIndex');
  const from = occupiedSeat(state, room, account);
  if (from === to) return {};
  // The old API moves to empty seats only.
  ensureTakeable(room, to);
  to.Member_Account = account;
  from.Member_Account = '';
  return {};
};

export const seatHandlers = {
  get_seat_list: getSeatList,
  pick_user_on_seat: pickUserOnSeat,
  kick_user_off_seat: kickUserOffSeat,
  lock_seat: lockSeat,
  move_user_to_seat: moveUserToSeat,
  switch_seat: switchSeat,
} satisfies HandlerMap;
