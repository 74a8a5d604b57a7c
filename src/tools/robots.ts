// Robots (bot accounts) in live rooms (live_engine_http_srv). Robots count as room members: they
// can be seated with pick_user_on_seat, and a room holding robots is never auto-dismissed.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId, UNDOCUMENTED_LIST_CAP, UserId } from './fields.js';
import { countOf, numberedLines } from './format.js';

const q = JSON.stringify;

// Tencent documents no per-call cap for robot lists (add_robot https://trtc.io/document/69079,
// del_robot https://trtc.io/document/69080): capped at 20 so that a confirmation form names every robot it removes.
const RobotList = (what: string) =>
  // Tencent documents no cap: capped so a confirmation stays readable.
  z.array(UserId()).min(1).max(UNDOCUMENTED_LIST_CAP).describe(what);

export const robotTools = [
  defineTool({
    title: 'List a room\'s robots',
    description: 'Lists the robot accounts in a live room, before seating or removing robots.',
    endpoint: ENDPOINTS.get_robot,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      RobotList_Account: z.array(z.string()),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The robot list was not read.',
    summarize: (a, p) => `Room ${q(a.RoomId)} has ${countOf(p.RobotList_Account)} robot(s).`,
  }),

  defineTool({
    title: 'Add robots to a room',
    description:
      'Puts robot accounts (imported IM accounts: account_check) into a live room as members; seat them with ' +
      'pick_user_on_seat. Only Live rooms take robots (else 100006). While robots remain the room is never ' +
      'auto-dismissed: remove them with del_robot or destroy the room.',
    endpoint: ENDPOINTS.add_robot,
    input: z.strictObject({
      RoomId,
      RobotList_Account: RobotList('Robots to add.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'No robot was added.',
    checkWith: 'get_robot',
    summarize: (a) => `Robots ${q(a.RobotList_Account)} added to room ${q(a.RoomId)}.`,
  }),

  defineTool({
    title: 'Remove robots from a room',
    description:
      'Removes robots from a live room and their seats. Destructive: a human confirms. Read get_robot first.',
    endpoint: ENDPOINTS.del_robot,
    input: z.strictObject({
      RoomId,
      RobotList_Account: RobotList('Robots to remove.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    // Removing a robot that is already gone changes nothing.
    idempotent: true,
    notDone: 'No robot was removed.',
    checkWith: 'get_robot',
    confirm: {
      action: (a) => `Remove robots ${q(a.RobotList_Account)} from live room ${q(a.RoomId)} (and from any seat they occupy).`,
      facts: (a) => [['Room', a.RoomId], ...numberedLines('Robot', a.RobotList_Account, '/')],
    },
    summarize: (a) => `Robots ${q(a.RobotList_Account)} removed from room ${q(a.RoomId)}.`,
  }),
];
