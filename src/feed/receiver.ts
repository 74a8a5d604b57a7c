// The callback receiver's logic, without sockets: query and body in, Tencent-shaped answer out.
// Protocol (Chat "Webhook Overview", https://www.tencentcloud.com/document/product/1047/34354, and
// each callback's page in callbacks.ts): POST with query SdkAppid, CallbackCommand, contenttype,
// ClientIP, OptPlatform (live-room callbacks may say SdkAppId / WebhookCommand), and with callback
// authentication on, Sign and RequestTime. The answer is JSON { ActionStatus, ErrorCode, ErrorInfo }.
// Before-send answers (https://www.tencentcloud.com/document/product/1047/34374): ErrorCode 0 lets
// the message through, 1 refuses it (the sender is told), 2 drops it silently (the sender sees it
// as sent). The SQLite store answers at once and the Redis store in a few round trips, so the
// answer is well inside the 2 s budget either way.
import type { Logger } from '../logger.js';
import { msgText, normalize } from './callbacks.js';
import type { HoldEvaluator } from './holds.js';
import { checkSign } from './signature.js';
import type { FeedStore } from './store.js';

export interface CallbackAnswer {
  status: number;
  body: { ActionStatus: 'OK' | 'FAIL'; ErrorCode: number; ErrorInfo: string };
}

export interface ReceiverOptions {
  store: FeedStore;
  sdkAppId: number;
  /** The callback token; undefined only when the operator chose to run without one. */
  token?: string;
  holds: HoldEvaluator;
  logger: Logger;
  clock?: () => number;
  /** Publishes a newly stored event to other replicas (Redis), when sharing. */
  onEvent?: (id: number) => void;
}

export interface ReceiverStats { accepted: number; duplicates: number; refused: number; held: number }

const ok = (code = 0, info = ''): CallbackAnswer => ({ status: 200, body: { ActionStatus: 'OK', ErrorCode: code, ErrorInfo: info } });
const fail = (status: number, info: string): CallbackAnswer => ({ status, body: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: info } });

export function createReceiver(o: ReceiverOptions) {
  const clock = o.clock ?? Date.now;
  const stats: ReceiverStats = { accepted: 0, duplicates: 0, refused: 0, held: 0 };
  const refuse = (status: number, info: string, why: Record<string, unknown>) => {
    stats.refused += 1;
    o.logger.warn('callback refused', { reason: info, ...why });
    return fail(status, info);
  };

  async function handle(method: string, query: URLSearchParams, bodyText: string): Promise<CallbackAnswer> {
    if (method !== 'POST') return refuse(405, 'callbacks are POSTed', { method });
    const now = clock();
    // Authentication first: nothing from an unauthenticated request is looked at or stored.
    if (o.token !== undefined) {
      const sign = checkSign(o.token, query, now);
      if (!sign.ok) return refuse(401, `callback authentication failed: ${sign.reason}`, {});
    }
    const app = query.get('SdkAppid') ?? query.get('SdkAppId') ?? query.get('sdkappid');
    if (app !== String(o.sdkAppId)) return refuse(403, 'SdkAppid does not match this server\'s application', { sdkAppId: app });
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return refuse(400, 'body is not valid JSON', {});
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(400, 'body must be a JSON object', {});
    const b = body as Record<string, unknown>;
    const command = query.get('CallbackCommand') ?? query.get('WebhookCommand') ?? (typeof b.CallbackCommand === 'string' ? b.CallbackCommand : undefined);
    if (!command || command.length > 128) return refuse(400, 'CallbackCommand is missing', {});

    const ev = normalize(command, b, bodyText, now);
    if (command === 'Group.CallbackBeforeSendMsg') return beforeSend(ev, b, now);
    const { id, duplicate } = await o.store.add(ev);
    if (duplicate) stats.duplicates += 1;
    else {
      stats.accepted += 1;
      o.onEvent?.(id);
    }
    // The after-send callback of a released message closes its release, even if the process
    // that sent it died before recording the answer.
    if (command === 'Group.CallbackAfterSendMsg' && typeof b.Random === 'number' && ev.actor) {
      await o.store.confirmBySendRandom(ev.room, ev.actor, b.Random, typeof b.MsgSeq === 'number' ? b.MsgSeq : undefined, now);
    }
    // Every other answer is ErrorCode 0. For Live.CallbackBeforeSendGift that means "agree"
    // (https://www.tencentcloud.com/document/product/647/72210: 0 agrees, 1 rejects, 102100–102200
    // are passed through to the sender): this server has no gift rules, so it never blocks a gift.
    return ok();
  }

  async function beforeSend(ev: ReturnType<typeof normalize>, b: Record<string, unknown>, now: number): Promise<CallbackAnswer> {
    const sender = ev.actor ?? '';
    // A message this server re-sends on release is not held again (it also asks Tencent to skip
    // this callback; this covers a Tencent that calls anyway).
    if (typeof b.Random === 'number' && (await o.store.listHeld({ room: ev.room, status: ['releasing'], limit: 1000 })).some((h) => h.sender === sender && h.sendRandom === b.Random)) {
      return ok();
    }
    const text = msgText(b);
    const reason = ev.room ? o.holds.reason({ room: ev.room, sender, ...(text !== undefined && { text }) }) : undefined;
    if (!reason) return ok();
    // Retried before-send callbacks (same body) must not queue the message twice.
    const { duplicate } = await o.store.add({ ...ev, type: 'message_held' });
    if (duplicate) return ok(o.holds.rules.answer === 'silent' ? 2 : 1, 'held for review');
    const held = await o.store.hold({ room: ev.room, sender, ...(text !== undefined && { text }), reason, msgBody: Array.isArray(b.MsgBody) ? b.MsgBody : [] }, now);
    stats.held += 1;
    o.logger.info('message held for review', { room: ev.room, heldId: held.id });
    return ok(o.holds.rules.answer === 'silent' ? 2 : 1, 'held for review');
  }

  return { handle, stats };
}

export type Receiver = ReturnType<typeof createReceiver>;
