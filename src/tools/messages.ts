// Messages into a live room (live_engine_http_srv), posted by the server in someone's name. The
// text and data are the model's words shown to strangers, so they travel as data, never spliced
// into this server's own sentences. Tencent has no read API for room messages: get_room_stats'
// TotalMsgCount is the only trace a send leaves that a caller can read back.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { idString, isJsonText, RequestId, RoomId, UserId } from './fields.js';

const q = JSON.stringify;

const Sender_Account = UserId('User ID the message is shown as coming from (e.g. the host, or an official account).');

export const messageTools = [
  defineTool({
    title: 'Send a text message to a room',
    description:
      'Posts a chat (barrage) text message into a live room, shown as sent by Sender_Account; every viewer sees it. ' +
      'Not undoable, and a retry posts it again. Tencent does not document whether a room-wide chat mute or a ' +
      'mute on the sender stops server-sent messages; a MsgDropReason in the result means it was dropped (e.g. ' +
      'rate control). Tencent has no read API for room messages; after an ' +
      'unknown outcome, TotalMsgCount in get_room_stats is the only trace.',
    endpoint: ENDPOINTS.send_text_msg,
    input: z.strictObject({
      RoomId,
      Sender_Account,
      TextContent: idString('The message text.'),
      ExtensionInfo: z.string().refine(isJsonText, { message: 'must be a JSON string, e.g. "{\\"pinned\\":true}"' })
        .optional().describe('Custom data delivered with the message (IM CloudCustomData); must be a JSON string.'),
    }),
    output: z.looseObject({
      MsgTime: z.number().optional().describe('When the message was sent (unix seconds).'),
      MsgSeq: z.number().optional().describe('Sequence number of the message in the room.'),
      MsgDropReason: z.string().optional().describe('Present when Tencent accepted the call but dropped the message, e.g. "MsgFreqCtrl" (too many messages).'),
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
      'Broadcasts an app-defined custom message into a live room: clients route it by BusinessId and read Data ' +
      '(commonly JSON), e.g. to trigger an effect or a poll. Not undoable, and a retry sends it again. Tencent\'s ' +
      'field table was only partly published: the fields and their being required come from the doc\'s sample.',
    endpoint: ENDPOINTS.send_custom_msg,
    input: z.strictObject({
      RoomId,
      Sender_Account,
      BusinessId: idString('App-defined business identifier that clients use to route the message.'),
      Data: z.string().describe('Custom payload string (commonly JSON) that the app\'s clients interpret.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'The custom message was not sent.',
    checkWith: 'get_room_stats',
    summarize: (a) => `Custom message (BusinessId ${q(a.BusinessId)}) sent to room ${q(a.RoomId)} as ${q(a.Sender_Account)}.`,
  }),
];
