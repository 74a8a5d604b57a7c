// Messages into a live room (live_engine_http_srv), posted by the server in someone's name. The
// text and data are the model's words shown to strangers, so they travel as data, never spliced
// into this server's own sentences. Tencent has no read API for room messages: get_room_stats'
// TotalMsgCount is the only trace a send leaves that a caller can read back.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { idString, isJsonText, RequestId, RoomId, UNDOCUMENTED_LIST_CAP, UserId, utf8Bytes } from './fields.js';

const q = JSON.stringify;

/** "merge messages into one of up to 12,000 bytes" (send_broadcast_msg, trtc.io/document/49440). */
const BROADCAST_MAX_BYTES = 12_000;
/** The two element kinds a moderator broadcasts: text and custom data (IM message formats). */
const BroadcastElem = z.discriminatedUnion('MsgType', [
  z.strictObject({ MsgType: z.literal('TIMTextElem'), MsgContent: z.strictObject({ Text: idString('The text.') }) }),
  z.strictObject({
    MsgType: z.literal('TIMCustomElem'),
    MsgContent: z.strictObject({
      Data: z.string().describe('Custom data.'),
      Desc: z.string().optional().describe('Description.'),
      Ext: z.string().optional().describe('Extension.'),
    }),
  }),
]).describe('A text or a custom element.');

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
      'Sends an app-defined custom message into one live room (clients route by BusinessId, read Data), e.g. to ' +
      'trigger an effect. Not undoable; a retry sends it again. Fields from the doc\'s sample.',
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

  defineTool({
    title: 'Broadcast a message to every live room of the app',
    description:
      // 1 call/s and the 12,000-byte merge: trtc.io/document/49440.
      'Delivers one message to every live room of the app at once (one room: send_text_msg), e.g. a platform ' +
      'notice; it cannot be taken back. Needs the Chat plan feature "Broadcast messaging of audio-video group", ' +
      'turned on in the Chat console. Destructive: a human confirms. 1 call/s: to say more, merge elements into ' +
      'one message.',
    endpoint: ENDPOINTS.send_broadcast_msg,
    input: z.strictObject({
      From_Account: UserId('Shown sender, an existing account (default: the app administrator).').optional(),
      Random: z.number().int().min(0).max(4294967295)
        .describe('Two messages with the same Random within 5 minutes are one message.'),
      // Tencent states no element count; the cap is this server's.
      MsgBody: z.array(BroadcastElem).min(1).max(UNDOCUMENTED_LIST_CAP)
        .describe(`With CloudCustomData at most ${BROADCAST_MAX_BYTES} bytes.`),
      CloudCustomData: z.string().optional().describe('Delivered with the message.'),
    }).refine((a) => utf8Bytes(JSON.stringify(a.MsgBody)) + utf8Bytes(a.CloudCustomData ?? '') <= BROADCAST_MAX_BYTES, {
      message: `MsgBody and CloudCustomData together must be at most ${BROADCAST_MAX_BYTES} bytes (trtc.io/document/49440)`,
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The broadcast was not sent.',
    confirm: {
      action: (a) => `Broadcast a message to EVERY live room of the app as ${q(a.From_Account ?? 'the app administrator')}.`,
      facts: (a) => [
        ['Sender', a.From_Account ?? '(the app administrator)'],
        ['Reaches', 'every live room of the application'],
        ...a.MsgBody.map((e, i) => [`Element ${i + 1}`, e.MsgType === 'TIMTextElem' ? q(e.MsgContent.Text) : `custom data ${q(e.MsgContent.Data)}`] as const),
      ],
    },
    summarize: (a) => `Broadcast sent to every live room as ${q(a.From_Account ?? 'the app administrator')} (Random ${a.Random}).`,
  }),
];
