// The callbacks Tencent POSTs to the receiver, and how each becomes one normalized room event.
// Every field read here is named as in the doc page cited beside its command; the whole payload is
// kept as data on the event, so nothing Tencent sends is lost by normalizing.
import { createHash } from 'node:crypto';

export type EventType =
  | 'message' | 'message_held' | 'message_blocked' | 'member_enter' | 'member_leave'
  | 'seats' | 'room' | 'metadata' | 'gift' | 'moderation' | 'other';

export const EVENT_TYPES: readonly EventType[] = [
  'message', 'message_held', 'message_blocked', 'member_enter', 'member_leave',
  'seats', 'room', 'metadata', 'gift', 'moderation', 'other',
];

/**
 * Commands whose doc page and sample were read for this code (and for the fixtures in
 * test/fixtures/callbacks; docs/reference/tencent-callbacks.md lists them with the pages that
 * gave no full sample). Other commands (room created/updated, metadata, owner and admin changes,
 * the other battle callbacks, the other Room.* callbacks, ContentCallback.ResultNotify) are stored
 * too, typed by their command prefix, with the whole payload as data: no field of theirs is
 * interpreted beyond the room (RoomId, GroupId, RoomInfo.RoomId) and Operator_Account.
 */
export const CALLBACK_DOCS: Record<string, string> = {
  'Group.CallbackBeforeSendMsg': 'https://www.tencentcloud.com/document/product/1047/34374',
  'Group.CallbackAfterSendMsg': 'https://intl.cloud.tencent.com/document/product/1047/34375',
  'Live.CallbackAfterMemberStateChanged': 'https://trtc.io/document/64424',
  'Mic.CallbackAfterSeatInfoChanged': 'https://trtc.io/document/64425',
  'Live.CallbackBeforeSendGift': 'https://www.tencentcloud.com/document/product/647/72210',
  'Live.CallbackAfterDestroyRoom': 'https://trtc.io/document/64423',
  'Live.CallbackAfterStartBattle': 'https://trtc.io/document/68260',
  'Room.CallbackAfterDestroyRoom': 'https://trtc.io/document/60732',
};

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

/**
 * The room an event is about: RoomId (live and conference callbacks), GroupId (IM group
 * callbacks), RoomInfo.RoomId (room created / updated, whose sample nests the room), or for a
 * battle, which names no RoomId, the caller's room (FromRoomInfo.RoomId in the start/end samples,
 * FromRoomId in the create sample).
 */
function roomOf(body: Record<string, unknown>): string {
  return str(body.RoomId) ?? str(body.GroupId) ?? str(obj(body.RoomInfo).RoomId) ?? str(obj(body.FromRoomInfo).RoomId) ?? str(body.FromRoomId) ?? '';
}

export interface NormalizedEvent {
  /** Tencent's retries carry the same body: its hash (with the command) recognizes a repeat. */
  dedupKey: string;
  /** Milliseconds; Tencent's EventTime / MsgTime when given, else the receive time. */
  time: number;
  room: string;
  type: EventType;
  command: string;
  /** The user the event is about (sender, member, operator), when there is one. */
  actor?: string;
  /** Chat text, for message events: stranger content, kept as data. */
  text?: string;
  payload: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Text elements of an IM MsgBody (TIMTextElem.MsgContent.Text), joined. */
export function msgText(body: Record<string, unknown>): string | undefined {
  const elems = Array.isArray(body.MsgBody) ? body.MsgBody : [];
  const parts = elems
    .filter((e): e is { MsgType: string; MsgContent: { Text?: unknown } } => Boolean(e && typeof e === 'object' && (e as { MsgType?: unknown }).MsgType === 'TIMTextElem'))
    .map((e) => str(e.MsgContent?.Text) ?? '');
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function timeOf(body: Record<string, unknown>, receivedMs: number): number {
  const t = body.EventTime ?? body.MsgTime;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return receivedMs;
  // EventTime is milliseconds in the live-room samples, MsgTime seconds in the IM samples.
  return t > 1e12 ? t : t * 1000;
}

export function normalize(command: string, body: Record<string, unknown>, bodyText: string, receivedMs: number): NormalizedEvent {
  const dedupKey = createHash('sha256').update(command).update('\0').update(bodyText).digest('hex');
  const room = roomOf(body);
  const base = { dedupKey, time: timeOf(body, receivedMs), room, command, payload: body };
  const members = Array.isArray(body.MemberList) ? body.MemberList as Array<{ Member_Account?: unknown }> : [];
  switch (command) {
    case 'Group.CallbackAfterSendMsg':
    case 'Group.CallbackBeforeSendMsg': {
      const text = msgText(body);
      return { ...base, type: 'message', actor: str(body.From_Account), ...(text !== undefined && { text }) };
    }
    case 'Live.CallbackAfterMemberStateChanged':
    case 'Room.CallbackAfterMemberStateChanged': {
      // EventType Online/Offline; EventCause Enter, Leave, Kicked, HeartbeatInterrupt, HeartbeatRecover.
      const online = body.EventType === 'Online';
      return { ...base, type: online ? 'member_enter' : 'member_leave', ...(members.length === 1 && { actor: str(members[0]?.Member_Account) }) };
    }
    case 'Mic.CallbackAfterSeatInfoChanged':
      return { ...base, type: 'seats', ...(str(body.Operator_Account) && { actor: str(body.Operator_Account) }) };
    case 'Live.CallbackBeforeSendGift': {
      // The sender is GiftWater.From_Account in the page's sample; Operator_Account otherwise.
      const sender = str(obj(body.GiftWater).From_Account) ?? str(body.Operator_Account);
      return { ...base, type: 'gift', ...(sender && { actor: sender }) };
    }
    case 'ContentCallback.ResultNotify':
      return { ...base, type: 'moderation', ...(str(body.From_Account) && { actor: str(body.From_Account) }) };
    default:
      if (/Metadata/i.test(command)) return { ...base, type: 'metadata' };
      if (/^(Live|Room)\./.test(command)) return { ...base, type: 'room', ...(str(body.Operator_Account) && { actor: str(body.Operator_Account) }) };
      return { ...base, type: 'other' };
  }
}
