// The sandbox sends Tencent's callbacks, signed like Tencent (Sign = sha256(token + RequestTime)),
// to the server's receiver for what happens in its rooms: viewers' chat (before- and after-send,
// honouring the before-send answer), members entering and leaving, bans, seat changes, and the
// messages the admin sends. Shapes follow the pages cited in src/feed/callbacks.ts.
import { randomInt } from 'node:crypto';
import { callbackSign } from '../feed/signature.js';
import type { LiveRoom, SandboxState, SeatRoom } from './state.js';
import { unixSeconds } from './state.js';

export interface CallbackTarget { url: string; token?: string }

/** Tencent's before-send timeout: on timeout the message goes through (page 1047/34374). */
export const BEFORE_SEND_TIMEOUT_MS = 2000;

export interface CallbackStats { sent: number; failed: number; delivered: number; blocked: number }

export class LiveCallbacks {
  private target: CallbackTarget | undefined;
  readonly stats: CallbackStats = { sent: 0, failed: 0, delivered: 0, blocked: 0 };

  constructor(private readonly sdkAppId: number, private readonly state: SandboxState, private readonly clock: () => number) {}

  setTarget(target: CallbackTarget | undefined): void { this.target = target; }
  get enabled(): boolean { return this.target !== undefined; }

  /** POSTs one callback; the receiver's JSON answer, or undefined on timeout or failure. */
  async post(command: string, body: Record<string, unknown>, timeoutMs = BEFORE_SEND_TIMEOUT_MS): Promise<{ ErrorCode?: number } | undefined> {
    const t = this.target;
    if (!t) return undefined;
    const url = new URL(t.url);
    url.searchParams.set('SdkAppid', String(this.sdkAppId));
    url.searchParams.set('CallbackCommand', command);
    url.searchParams.set('contenttype', 'json');
    url.searchParams.set('ClientIP', '127.0.0.1');
    url.searchParams.set('OptPlatform', 'RESTAPI');
    if (t.token !== undefined) {
      const time = String(Math.floor(this.clock() / 1000));
      url.searchParams.set('RequestTime', time);
      url.searchParams.set('Sign', callbackSign(t.token, time));
    }
    this.stats.sent += 1;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ CallbackCommand: command, ...body }), signal: AbortSignal.timeout(timeoutMs) });
      return (await res.json()) as { ErrorCode?: number };
    } catch {
      this.stats.failed += 1;
      return undefined;
    }
  }

  /** A viewer sends a text message: before-send decides; delivered messages get after-send. */
  async viewerSend(room: LiveRoom, account: string, text: string): Promise<{ delivered: boolean; msgSeq?: number }> {
    const now = this.clock();
    if (this.state.activeMute(room, account, now) !== undefined || this.state.activeBan(room, account, now) || room.info.IsMessageDisabled) {
      return { delivered: false };
    }
    const Random = randomInt(1, 2 ** 31);
    const MsgBody = [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
    const base = { GroupId: room.info.RoomId, Type: 'AVChatRoom', From_Account: account, Operator_Account: account, Random, MsgBody };
    const answer = await this.post('Group.CallbackBeforeSendMsg', base);
    // 0 (or no answer in time) lets it through; 1 refuses; 2 drops silently.
    if (answer && (answer.ErrorCode === 1 || answer.ErrorCode === 2)) {
      this.stats.blocked += 1;
      return { delivered: false };
    }
    const at = this.clock();
    this.state.recordMessage(room, { kind: 'text', Sender_Account: account, at, payload: { TextContent: text, MsgBody, Random } });
    const MsgSeq = room.stats.TotalMsgCount;
    room.messages.at(-1)!.payload.MsgSeq = MsgSeq;
    this.stats.delivered += 1;
    void this.post('Group.CallbackAfterSendMsg', { ...base, MsgSeq, MsgTime: unixSeconds(at) });
    return { delivered: true, msgSeq: MsgSeq };
  }

  memberState(roomId: string, accounts: string[], online: boolean, cause: string): void {
    if (accounts.length === 0) return;
    void this.post('Live.CallbackAfterMemberStateChanged', {
      RoomId: roomId, EventType: online ? 'Online' : 'Offline', EventCause: cause,
      MemberList: accounts.map((Member_Account) => ({ Member_Account })), EventTime: this.clock(),
    });
  }

  seats(room: SeatRoom, operator: string): void {
    void this.post('Mic.CallbackAfterSeatInfoChanged', {
      RoomId: room.info.RoomId, Operator_Account: operator,
      SeatList: room.seats.map((s) => ({
        Index: s.Index, ...(s.Member_Account && { Member_Account: s.Member_Account }),
        IsTakenDisabled: s.IsLocked, IsVideoDisabled: s.IsVideoLocked, IsAudioDisabled: s.IsAudioLocked,
      })),
    });
  }

  /** After a REST call the sandbox served: the callbacks Tencent would send for it. */
  afterRest(command: string, body: Record<string, unknown>, answer: Record<string, unknown>): void {
    if (!this.enabled) return;
    const roomId = typeof body.RoomId === 'string' ? body.RoomId : typeof body.GroupId === 'string' ? body.GroupId : undefined;
    if (!roomId) return;
    const list = (k: string) => (Array.isArray(body[k]) ? (body[k] as unknown[]).filter((a): a is string => typeof a === 'string') : []);
    switch (command) {
      case 'ban_member':
        return this.memberState(roomId, list('MemberList_Account'), false, 'Kicked');
      case 'kick_user_off_seat': case 'pick_user_on_seat': case 'move_user_to_seat': case 'lock_seat': case 'switch_seat': {
        const room = this.state.rooms.get(roomId) ?? this.state.conferenceRooms.get(roomId);
        if (room) this.seats(room, this.state.admin);
        return;
      }
      case 'send_text_msg': {
        const r = (answer.Response ?? {}) as Record<string, unknown>;
        void this.post('Group.CallbackAfterSendMsg', {
          GroupId: roomId, Type: 'AVChatRoom', From_Account: body.Sender_Account, Operator_Account: this.state.admin,
          MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: body.TextContent } }], MsgSeq: r.MsgSeq, MsgTime: r.MsgTime,
        });
        return;
      }
      case 'send_group_msg': {
        const forbid = Array.isArray(body.ForbidCallbackControl) ? body.ForbidCallbackControl : [];
        if (forbid.includes('ForbidAfterSendMsgCallback')) return;
        void this.post('Group.CallbackAfterSendMsg', {
          GroupId: roomId, Type: 'AVChatRoom', From_Account: body.From_Account ?? this.state.admin, Operator_Account: this.state.admin,
          Random: body.Random, MsgBody: body.MsgBody, MsgSeq: answer.MsgSeq, MsgTime: answer.MsgTime,
        });
        return;
      }
      default:
    }
  }
}
