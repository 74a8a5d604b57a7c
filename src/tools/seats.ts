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
  z.boolean().optional().describe(`true forbids ${what}, false allows; omit to keep.`);

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
      'Lists a room\'s seats: occupant (empty when free), and whether taking, video or audio is disabled. ' +
      'Read-only. Use it before seat changes, and to check one that timed out.',
    endpoint: ENDPOINTS.get_seat_list,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      SeatList: z.array(z.looseObject({
        Index: z.number(),
        Member_Account: z.string().optional(),
        IsTakenDisabled: z.boolean().optional(),
        IsVideoDisabled: z.boolean().optional(),
        IsAudioDisabled: z.boolean().optional(),
      })),
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
      'Seats a room member (or robot) on a free, unlocked seat; the user must be in the room and not ' +
      'seated. Find a free seat with get_seat_list.',
    endpoint: ENDPOINTS.pick_user_on_seat,
    input: z.strictObject({
      RoomId,
      Member_Account: UserId('User to seat; must be in the room.'),
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
      'Takes a seated user back to the audience (they stay in the room). Destructive: a human confirms ' +
      'before anything is sent. Data (e.g. the reason) goes to the room with the notification.',
    endpoint: ENDPOINTS.kick_user_off_seat,
    input: z.strictObject({
      RoomId,
      Member_Account: UserId('Seated user to remove.'),
      // trtc.io/document/64429 marks Data mandatory and states no length limit, so none is imposed here.
      Data: z.string().describe('Sent with the notification, e.g. the reason; required, may be empty.'),
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
      'Locks a seat (ForbidTaken=true) and/or forbids video or audio on it; false undoes each. Give at ' +
      'least one flag. Destructive: locking an occupied seat sends the occupant to the audience, so a ' +
      'human confirms. Read get_seat_list first.',
    endpoint: ENDPOINTS.lock_seat,
    input: z.strictObject({
      RoomId,
      Index: SeatIndex,
      ForbidTaken: z.boolean().optional().describe('true locks (removing any occupant), false unlocks; omit to keep.'),
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
      'Moves a seated user to SeatIndex; Policy says what happens if it is occupied. Destructive: a human ' +
      'confirms. Tencent\'s current move API (prefer it to switch_seat); from the audience use pick_user_on_seat.',
    endpoint: ENDPOINTS.move_user_to_seat,
    input: z.strictObject({
      RoomId,
      SeatIndex: SeatIndex.describe('Target seat, from 0.'),
      Member_Account: UserId('Seated user to move.'),
      Policy: z.literal([0, 1, 2]).describe('If occupied: 0 cancel, 1 force (occupant to audience), 2 swap.'),
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
      'Older API ("Switch Seat (Old version)"): moves a seated user to an empty, unlocked ToIndex; never ' +
      'removes anyone. Prefer move_user_to_seat.',
    endpoint: ENDPOINTS.switch_seat,
    input: z.strictObject({
      RoomId,
      ToIndex: SeatIndex.describe('Empty, unlocked target seat, from 0.'),
      Member_Account: UserId('Seated user to move.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'The user was not moved.',
    checkWith: 'get_seat_list',
    summarize: (a) => `${q(a.Member_Account)} was moved to seat ${a.ToIndex} of room ${q(a.RoomId)}.`,
  }),
];
