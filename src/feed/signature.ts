// Tencent's callback authentication: with a callback token set in the console (or through
// v4/live_config/set_callback_token), every callback carries RequestTime (unix seconds) and
// Sign = lowercase hex SHA-256 of (token + RequestTime). A request older or newer than 60 s is
// refused, which bounds how long a captured request can be replayed.
// Source: Chat "Webhook Overview", callback authentication section,
// https://www.tencentcloud.com/document/product/1047/34354
import { createHash, timingSafeEqual } from 'node:crypto';

/** Tencent's window for RequestTime, both directions (clock skew), per the page above. */
export const SIGN_WINDOW_SECONDS = 60;

export function callbackSign(token: string, requestTime: string | number): string {
  return createHash('sha256').update(`${token}${requestTime}`).digest('hex');
}

export type SignCheck = { ok: true } | { ok: false; reason: string };

export function checkSign(token: string, query: URLSearchParams, nowMs: number): SignCheck {
  const sign = query.get('Sign');
  const time = query.get('RequestTime');
  if (!sign || !time) return { ok: false, reason: 'missing Sign or RequestTime (callback authentication is on)' };
  if (!/^\d{1,12}$/.test(time)) return { ok: false, reason: 'RequestTime is not unix seconds' };
  if (Math.abs(nowMs / 1000 - Number(time)) > SIGN_WINDOW_SECONDS) {
    return { ok: false, reason: `RequestTime is more than ${SIGN_WINDOW_SECONDS} s from now (stale or replayed)` };
  }
  const want = Buffer.from(callbackSign(token, time), 'utf8');
  const got = Buffer.from(sign.toLowerCase(), 'utf8');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'Sign does not match' };
  return { ok: true };
}
