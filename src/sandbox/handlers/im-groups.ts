// IM group messages in live rooms (group_open_http_svc), where a live room's IM group ID is its
// RoomId. send_group_msg: https://www.tencentcloud.com/document/product/1047/34959 (From_Account
// sends as that user; ForbidCallbackControl skips the before/after-send callbacks; the answer
// carries MsgTime and MsgSeq). group_msg_recall: https://www.tencentcloud.com/document/product/1047/34965
// (GroupId, MsgSeqList of { MsgSeq }; answer RecallRetList of { MsgSeq, RetCode }).
// The sandbox caps MsgSeqList at 10, the bound this project applies; the page's own cap was not
// read, so a larger list is refused here as invalid rather than by a documented code.
import { invalidParameter } from '../errors.js';
import { unixSeconds } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields } from './validate.js';

/** RetCode for a MsgSeq the room never had (the sandbox's choice; the page's code list was not read). */
export const RECALL_NOT_FOUND = 10030;

const sendGroupMsg: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const groupId = f.str('GroupId');
  const from = f.optStr('From_Account') ?? state.admin;
  const msgBody = body.MsgBody;
  if (!Array.isArray(msgBody) || msgBody.length === 0) throw invalidParameter('MsgBody must be a non-empty array of message elements');
  const room = state.requireRoom(groupId);
  const text = msgBody.map((e) => (e as { MsgContent?: { Text?: unknown } })?.MsgContent?.Text).filter((t) => typeof t === 'string').join('\n');
  state.recordMessage(room, { kind: 'text', Sender_Account: from, at: now, payload: { TextContent: text, MsgBody: msgBody, Random: body.Random } });
  const MsgSeq = room.stats.TotalMsgCount;
  room.messages.at(-1)!.payload.MsgSeq = MsgSeq;
  return { MsgTime: unixSeconds(now), MsgSeq };
};

const groupMsgRecall: Handler = ({ state, body }) => {
  const f = fields(body);
  const room = state.requireRoom(f.str('GroupId'));
  const list = body.MsgSeqList;
  if (!Array.isArray(list) || list.length === 0 || list.length > 10) throw invalidParameter('MsgSeqList must hold 1 to 10 { MsgSeq } entries');
  const RecallRetList = list.map((e) => {
    const seq = (e as { MsgSeq?: unknown })?.MsgSeq;
    if (typeof seq !== 'number' || !Number.isInteger(seq)) throw invalidParameter('each MsgSeqList entry needs an integer MsgSeq');
    const msg = room.messages.find((m) => m.payload.MsgSeq === seq);
    if (!msg) return { MsgSeq: seq, RetCode: RECALL_NOT_FOUND };
    msg.payload.recalled = true;
    return { MsgSeq: seq, RetCode: 0 };
  });
  return { RecallRetList };
};

/**
 * send_broadcast_msg (trtc.io/document/49440): one message into every live room. A repeat with the
 * same Random within five minutes is the same message and is not delivered again. From_Account, when
 * given, must be an account the sandbox knows (the administrator or a room member); the page names no
 * code for it, so it is the sandbox's invalid-parameter answer.
 */
const BROADCAST_DEDUP_MS = 5 * 60_000;
const broadcastsSeen = new WeakMap<object, Map<number, number>>();
const sendBroadcastMsg: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const from = f.optStr('From_Account') ?? state.admin;
  const random = body.Random;
  if (typeof random !== 'number' || !Number.isInteger(random) || random < 0 || random > 4294967295) throw invalidParameter('Random must be an integer from 0 to 4294967295');
  const msgBody = body.MsgBody;
  if (!Array.isArray(msgBody) || msgBody.length === 0) throw invalidParameter('MsgBody must be a non-empty array of message elements');
  const known = from === state.admin || [...state.rooms.values()].some((r) => state.isMember(r, from));
  if (!known) throw invalidParameter(`From_Account ${JSON.stringify(from)} does not exist`);
  const seen = broadcastsSeen.get(state) ?? new Map<number, number>();
  broadcastsSeen.set(state, seen);
  const last = seen.get(random);
  if (last !== undefined && now - last < BROADCAST_DEDUP_MS) return {};
  seen.set(random, now);
  const text = msgBody.map((e) => (e as { MsgContent?: { Text?: unknown } })?.MsgContent?.Text).filter((t) => typeof t === 'string').join('\n');
  for (const room of state.rooms.values()) {
    state.recordMessage(room, { kind: text ? 'text' : 'custom', Sender_Account: from, at: now, payload: { TextContent: text, MsgBody: msgBody, Random: random, broadcast: true } });
  }
  return {};
};

export const imGroupHandlers = {
  send_broadcast_msg: sendBroadcastMsg,
  send_group_msg: sendGroupMsg,
  group_msg_recall: groupMsgRecall,
} satisfies HandlerMap;
