// Seats (room_engine_http_mic), shared by live and conference rooms.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import type { LiveClient } from '../client/types.js';
import { defineTool } from './types.js';
import { RequestId, RoomId, SeatIndex, UserId } from './fields.js';

const q = JSON.stringify;

type SeatRow = { Index?: unknown; Member_Account?: unknown };

/** The room's seats as get_seat_list shows them, for confirmation forms (read just before asking). */
async function readSeats(client: LiveClient, roomId: string): Promise<SeatRow[]> {
  const { body } = await client.call(ENDPOINTS.get_seat_list, { RoomId: roomId }, { idempotent: true });
  const list = (body.Response as { SeatList?: unknown } | undefined)?.SeatList;
  return Array.isArray(list) ? (list as SeatRow[]) : [];
}

/** Who sits on seat `index`, in words a human reads; the same string after consent means "unchanged". */
function occupantOf(seats: SeatRow[], index: number): string {
  const seat = seats.find((s) => s.Index === index);
  if (!seat) return `(no such seat: the room has ${seats.length} seat(s))`;
  return typeof seat.Member_Account === 'string' && seat.Member_Account !== '' ? seat.Member_Account : '(empty)';
}

function seatOf(seats: SeatRow[], account: string): string {
  const seat = seats.find((s) => s.Member_Account === account);
  return seat ? `seat ${String(seat.Index)}` : '(not on a seat)';
}

const forbidFlag = (what: string) =>
  z.boolean().optional().describe(`true forbids ${what} on the seat, false allows it again; leave out to keep it as it is.`);

const flagWords = (v: boolean | undefined, on: string, off: string) => (v === undefined ? 'unchanged' : v ? on : off);

const POLICY_WORDS: Record<0 | 1 | 2, string> = {
  0: '0: cancel the move if the target seat is occupied',
  1: '1: force move: whoever sits on the target seat is sent back to the audience',
  2: '2: swap: whoever sits on the target seat takes the user\'s current seat',
};

export const seatTools = [
  defineTool({
    title: 'List a room\'s seats',
    description:
      'Lists every seat of a room with its occupant (empty when free) and whether taking it, video or audio ' +
      'is disabled. Read-only. Use it before seating, kicking or moving anyone, and to check the outcome of ' +
      'a seat change that timed out.',
    endpoint: ENDPOINTS.get_seat_list,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      SeatList: z.array(z.looseObject({
        Index: z.number(),
        Member_Account: z.string().optional(),
        IsTakenDisabled: z.boolean().optional(),
        IsVideoDisabled: z.boolean().optional(),
        IsAudioDisabled: z.boolean().optional(),
      })).describe('Seats in index order.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'No seats were read.',
    summarize: (a, p) => {
      const seats = Array.isArray(p.SeatList) ? (p.SeatList as Array<{ Member_Account?: string }>) : [];
      return `Room ${JSON.stringify(a.RoomId)} has ${seats.length} seat(s), ${seats.filter((s) => s.Member_Account).length} occupied.`;
    },
  }),

  defineTool({
    title: 'Put a member on a seat',
    description:
      'Seats a room member (or a robot) on a given seat index. The user must already be in the room and not ' +
      'seated; the seat must exist, be free and unlocked. Use get_seat_list first to find a free seat.',
    endpoint: ENDPOINTS.pick_user_on_seat,
    input: z.strictObject({
      RoomId,
      Member_Account: UserId('User ID to seat; must be a member of the room.'),
      Index: SeatIndex,
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'The user was not seated.',
    checkWith: 'get_seat_list',
    summarize: (a) => `${JSON.stringify(a.Member_Account)} is on seat ${a.Index} of room ${JSON.stringify(a.RoomId)}.`,
  }),

  defineTool({
    title: 'Remove a user from their seat',
    description:
      'Takes a seated user off their seat, back to the audience (they stay in the room). Destructive: a human ' +
      'must confirm before anything is sent. Data is delivered to the room with the notification (a reason).',
    endpoint: ENDPOINTS.kick_user_off_seat,
    input: z.strictObject({
      RoomId,
      Member_Account: UserId('User ID of the seated user to remove.'),
      // trtc.io/document/64429 marks Data mandatory and states no length limit, so none is imposed here.
      Data: z.string().describe('Text delivered with the kicked-off-seat notification, e.g. the reason. Tencent marks it mandatory (may be empty) and documents no length limit.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The user was not removed from the seat.',
    checkWith: 'get_seat_list',
    confirm: {
      action: (a) => `Remove ${JSON.stringify(a.Member_Account)} from their seat in live room ${JSON.stringify(a.RoomId)}.`,
      facts: (a) => [['Room', a.RoomId], ['User', a.Member_Account], ['Reason (Data)', a.Data || '(none)']],
    },
    summarize: (a) => `${JSON.stringify(a.Member_Account)} was removed from their seat in room ${JSON.stringify(a.RoomId)}.`,
  }),

  defineTool({
    title: 'Lock or unlock a seat',
    description:
      'Locks a seat (ForbidTaken=true: nobody can take it) and/or forbids video or audio on it; the same call ' +
      'unlocks (ForbidTaken=false) or allows them again. Destructive: locking an occupied seat first removes ' +
      'the occupant back to the audience, so a human confirms (the form shows who sits there). Read ' +
      'get_seat_list first for the seat indexes and their occupants. Give at least one of the three flags.',
    endpoint: ENDPOINTS.lock_seat,
    input: z.strictObject({
      RoomId,
      Index: SeatIndex,
      ForbidTaken: z.boolean().optional().describe('true locks the seat (an occupant is removed first), false unlocks it; leave out to keep it as it is.'),
      ForbidVideo: forbidFlag('video'),
      ForbidAudio: forbidFlag('audio'),
    }).refine((a) => a.ForbidTaken !== undefined || a.ForbidVideo !== undefined || a.ForbidAudio !== undefined, {
      message: 'give at least one of ForbidTaken, ForbidVideo, ForbidAudio; otherwise the call changes nothing',
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    // Set-to-value flags: once a seat is locked nobody can sit there, so a repeat cannot remove anyone else.
    idempotent: true,
    notDone: 'The seat was not locked or changed, and no one was removed from it.',
    checkWith: 'get_seat_list',
    confirm: {
      action: (a) => a.ForbidTaken === true
        ? `Lock seat ${a.Index} of room ${q(a.RoomId)}; whoever sits on it is removed back to the audience first.`
        : `Change the locks of seat ${a.Index} of room ${q(a.RoomId)}.`,
      facts: (a) => [
        ['Room', a.RoomId],
        ['Seat index', String(a.Index)],
        ['Taking the seat (ForbidTaken)', flagWords(a.ForbidTaken, 'locked: the occupant is removed', 'unlocked')],
        ['Video (ForbidVideo)', flagWords(a.ForbidVideo, 'forbidden', 'allowed')],
        ['Audio (ForbidAudio)', flagWords(a.ForbidAudio, 'forbidden', 'allowed')],
      ],
      // Consent covers the occupant the human saw; if someone else sits down meanwhile, nothing is sent.
      async snapshot(a, client) {
        return { [`Now on seat ${a.Index}`]: occupantOf(await readSeats(client, a.RoomId), a.Index) };
      },
    },
    summarize: (a) => {
      const parts = [
        a.ForbidTaken !== undefined && (a.ForbidTaken ? 'locked' : 'unlocked'),
        a.ForbidVideo !== undefined && `video ${a.ForbidVideo ? 'forbidden' : 'allowed'}`,
        a.ForbidAudio !== undefined && `audio ${a.ForbidAudio ? 'forbidden' : 'allowed'}`,
      ].filter(Boolean);
      return `Seat ${a.Index} of room ${q(a.RoomId)}: ${parts.join(', ')}.`;
    },
  }),

  defineTool({
    title: 'Move a seated user to another seat',
    description:
      'Moves a user who is already on a seat to seat SeatIndex. Policy says what happens when that seat is ' +
      'occupied: 0 cancels the move, 1 force-moves (the occupant is sent back to the audience), 2 swaps the ' +
      'two users. Destructive (Policy 1 removes someone), so a human confirms. This is Tencent\'s current move ' +
      'API: prefer it over switch_seat. Read get_seat_list first; to seat someone from the audience use ' +
      'pick_user_on_seat.',
    endpoint: ENDPOINTS.move_user_to_seat,
    input: z.strictObject({
      RoomId,
      SeatIndex: SeatIndex.describe('Target seat index, starting at 0. Read get_seat_list for the seats a room has.'),
      Member_Account: UserId('User ID of the seated user to move.'),
      Policy: z.literal([0, 1, 2]).describe('If the target seat is occupied: 0 = cancel the move, 1 = force move (the occupant goes back to the audience), 2 = swap seats.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    // A move is relative to where people sit now; a replay after others moved could displace someone new.
    idempotent: false,
    notDone: 'No one was moved or removed from a seat.',
    checkWith: 'get_seat_list',
    confirm: {
      action: (a) => `Move ${q(a.Member_Account)} to seat ${a.SeatIndex} of room ${q(a.RoomId)} (Policy ${POLICY_WORDS[a.Policy]}).`,
      facts: (a) => [
        ['Room', a.RoomId],
        ['User', a.Member_Account],
        ['Target seat', String(a.SeatIndex)],
        ['If occupied (Policy)', POLICY_WORDS[a.Policy]],
      ],
      async snapshot(a, client) {
        const seats = await readSeats(client, a.RoomId);
        return {
          [`${q(a.Member_Account)} is now on`]: seatOf(seats, a.Member_Account),
          [`Now on seat ${a.SeatIndex}`]: occupantOf(seats, a.SeatIndex),
        };
      },
    },
    summarize: (a) => `${q(a.Member_Account)} was moved to seat ${a.SeatIndex} of room ${q(a.RoomId)} (Policy ${a.Policy}).`,
  }),

  defineTool({
    title: 'Move a seated user to an empty seat (older API)',
    description:
      'Older API (Tencent titles it "Switch Seat (Old version)"): moves a seated user to seat ToIndex, which ' +
      'must be empty and unlocked; it never removes anyone. Prefer move_user_to_seat (its Policy 0 does the ' +
      'same and it also swaps or force-moves); use this only where the newer API is unavailable. Read ' +
      'get_seat_list first to find an empty seat.',
    endpoint: ENDPOINTS.switch_seat,
    input: z.strictObject({
      RoomId,
      ToIndex: SeatIndex.describe('Destination seat index, starting at 0; the seat must be empty and unlocked.'),
      Member_Account: UserId('User ID of the seated user to move.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'The user was not moved.',
    checkWith: 'get_seat_list',
    summarize: (a) => `${q(a.Member_Account)} was moved to seat ${a.ToIndex} of room ${q(a.RoomId)}.`,
  }),
];
