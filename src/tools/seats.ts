// Seats (room_engine_http_mic), shared by live and conference rooms.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../client/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId, SeatIndex, UserId } from './fields.js';

export const seatTools = [
  defineTool({
    name: 'get_seat_list',
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
    name: 'pick_user_on_seat',
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
    name: 'kick_user_off_seat',
    title: 'Remove a user from their seat',
    description:
      'Takes a seated user off their seat, back to the audience (they stay in the room). Destructive: a human ' +
      'must confirm before anything is sent. Data is delivered to the room with the notification (a reason).',
    endpoint: ENDPOINTS.kick_user_off_seat,
    input: z.strictObject({
      RoomId,
      Member_Account: UserId('User ID of the seated user to remove.'),
      Data: z.string().max(1024).describe('Text delivered with the kicked-off-seat notification, e.g. the reason. Tencent marks it mandatory; may be empty.'),
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
];
