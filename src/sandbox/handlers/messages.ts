// live_engine_http_srv messages: text and custom messages posted into a live room by the App
// administrator in a sender's name. Codes from docs/reference/tencent-live-api.md §5 "messages".
//
// Where the reference was unsure, and what the sandbox chose:
// - The docs name the sender Sender_Account and require it, but say nothing about who may be named:
//   the sandbox accepts any non-empty account, in the room or not (hosts and official accounts
//   post from outside the audience).
// - Neither page documents an error for a muted sender or a room with IsMessageDisabled (the
//   error tables were not captured; the reference only says "likely subject to chat mute"). The
//   sandbox does not refuse such messages: it records every accepted message in the room's log
//   with whether the sender was muted and whether room chat was off, so tests can see the state
//   the message met without the sandbox inventing an error code.
// - send_text_msg answers Response { MsgTime, MsgSeq } as the newest (zh, 2025-11) page's sample
//   shows; MsgDropReason (e.g. "MsgFreqCtrl") is never set here. send_custom_msg's response
//   sample shows only the envelope, so it answers with nothing more.
// - ExtensionInfo must be JSON text ("must be a JSON string" per the doc): anything else is 100002.
import { SandboxError, invalidParameter } from '../errors.js';
import { groupMuteLeft } from '../im/state.js';
import { type LiveRoom, type RoomMessage, type SandboxState, unixSeconds } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields, isJsonText } from './validate.js';

/**
 * An account muted app-wide (setnospeaking) cannot send group messages: 10017 (trtc.io/document/
 * 34923). The sandbox applies it to live-room messages sent in the account's name; a room-level mute
 * (mute_member) is only recorded, as above.
 */
function refuseAppWideMuted(state: SandboxState, sender: string, now: number): void {
  if (groupMuteLeft(state, sender, now) > 0) {
    throw new SandboxError(10017, `account ${JSON.stringify(sender)} is muted app-wide (setnospeaking); its group messages are refused`);
  }
}

function record(state: SandboxState, room: LiveRoom, msg: RoomMessage, now: number): number {
  state.recordMessage(room, {
    ...msg,
    payload: {
      ...msg.payload,
      senderMuted: state.activeMute(room, msg.Sender_Account, now) !== undefined,
      roomChatDisabled: room.info.IsMessageDisabled,
    },
  });
  // Per-room sequence: every message the room has had, gifts and custom messages included.
  return room.stats.TotalMsgCount;
}

const sendTextMsg: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const sender = f.str('Sender_Account');
  const text = f.str('TextContent');
  const ext = f.optStr('ExtensionInfo');
  if (ext !== undefined && !isJsonText(ext)) {
    throw invalidParameter('ExtensionInfo must be a JSON string (escaped JSON text, e.g. "{\\"data\\":1}")');
  }
  const room = state.requireRoom(roomId);
  refuseAppWideMuted(state, sender, now);
  const seq = record(state, room, {
    kind: 'text', Sender_Account: sender, at: now,
    payload: { TextContent: text, ...(ext !== undefined && { ExtensionInfo: ext }) },
  }, now);
  return { Response: { MsgTime: unixSeconds(now), MsgSeq: seq } };
};

const sendCustomMsg: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const sender = f.str('Sender_Account');
  const businessId = f.str('BusinessId');
  // Required per the sample; an empty payload is still a payload.
  const data = f.str('Data', { allowEmpty: true });
  const room = state.requireRoom(roomId);
  refuseAppWideMuted(state, sender, now);
  record(state, room, { kind: 'custom', Sender_Account: sender, at: now, payload: { BusinessId: businessId, Data: data } }, now);
  return {};
};

export const messageHandlers = {
  send_text_msg: sendTextMsg,
  send_custom_msg: sendCustomMsg,
} satisfies HandlerMap;
