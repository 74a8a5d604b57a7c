// Messages into a live room (live_engine_http_srv), posted by the server in someone's name. The
// text and data are the model's words shown to strangers, so they travel as data, never spliced
// into this server's own sentences. Tencent has no read API for room messages: get_room_stats'
// TotalMsgCount is the only trace a send leaves that a caller can read back.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { idString, isJsonText, RequestId, RoomId, UserId } from './fields.js';

const q = JSON.stringify;

const Sender_Account = UserId('Shown as the sender (e.g. the host or an official account).');

export const messageTools = [
  defineTool({
    title: 'Send a text message to a room',
    description:
      'Posts a chat text message into a live room as Sender_Account; every viewer sees it. Not undoable; a ' +
      'retry posts it again. MsgDropReason in the result: dropped (e.g. rate control). No read API for ' +
      'room messages: after an unknown outcome only TotalMsgCount in get_room_stats shows it.',
    endpoint: ENDPOINTS.send_text_msg,
    input: z.strictObject({
      RoomId,
      Sender_Account,
      TextContent: idString('The message text.'),
      ExtensionInfo: z.string().refine(isJsonText, { message: 'must be a JSON string, e.g. "{\\"pinned\\":true}"' })
        .optional().describe('IM CloudCustomData; a JSON string.'),
    }),
    output: z.looseObject({
      MsgTime: z.number().optional(),
      MsgSeq: z.number().optional().describe('For group_msg_recall.'),
      MsgDropReason: z.string().optional().describe('Set when Tencent dropped the message, e.g. "MsgFreqCtrl".'),
      RequestId,
    }),
    effect: 'write',
    idempotent: false,
    notDone: 'The message was not sent.',
    checkWith: 'get_room_stats',
    summarize: (a, p) => p.MsgDropReason
      ? `Tencent accepted the call but dropped the message to room ${q(a.RoomId)} (MsgDropReason ${q(p.MsgDropReason)}); it was not delivered.`
      : `Text message sent to room ${q(a.RoomId)} as ${q(a.Sender_Account)}.`,
  }),

  defineTool({
    title: 'Send a custom message to a room',
    description:
      'Broadcasts an app-defined custom message (clients route by BusinessId, read Data), e.g. to trigger ' +
      'an effect. Not undoable; a retry sends it again. Fields from the doc\'s sample (table partly ' +
      'unpublished).',
    endpoint: ENDPOINTS.send_custom_msg,
    input: z.strictObject({
      RoomId,
      Sender_Account,
      BusinessId: idString('Routes the message in the app\'s clients.'),
      Data: z.string().describe('Payload (commonly JSON) the clients interpret.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'The custom message was not sent.',
    checkWith: 'get_room_stats',
    summarize: (a) => `Custom message (BusinessId ${q(a.BusinessId)}) sent to room ${q(a.RoomId)} as ${q(a.Sender_Account)}.`,
  }),
];
