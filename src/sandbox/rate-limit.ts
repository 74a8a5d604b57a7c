// Per-command request budgets, in fixed one-second windows of the injected clock (so a test with a
// fake clock can fill a second and step to the next). Tencent counts per SDKAppID; the sandbox
// serves one SDKAppID, so the key is the bucket alone.
import { ENDPOINTS, type EndpointName } from '../catalog/endpoints.js';
import { CODES } from './errors.js';

export interface RateRule {
  /** Requests sharing a bucket share its budget. */
  bucket: string;
  limit: number;
  /** What an over-budget request is answered with. */
  code: number;
  /** True when the bucket is a budget several endpoints share. */
  shared?: boolean;
}

export function rateRule(name: EndpointName): RateRule {
  const ep = ENDPOINTS[name];
  // A shared budget (the catalog's: all mixing operations of one SDKAppID) answers with its own code.
  if ('budget' in ep) return { bucket: ep.budget, limit: ep.ratePerSecond, code: CODES.MCU_RATE_LIMITED, shared: true };
  // The gift-configuration APIs (1/s) answer 100012 "called too frequently". send_gift is not a
  // configuration call: it has its own rate and the ordinary 60007; nor is get_gift_count, the
  // per-user statistics read (200/s, trtc.io/document/72557).
  if (ep.family === 'gifts' && name !== 'send_gift' && name !== 'get_gift_count') return { bucket: name, limit: ep.ratePerSecond, code: CODES.TOO_FREQUENT };
  return { bucket: name, limit: ep.ratePerSecond, code: CODES.RATE_LIMITED };
}

export class WindowRateLimiter {
  private readonly windows = new Map<string, { second: number; count: number }>();

  /** Counts one request against `rule`; false when the current second's budget is spent. */
  take(rule: RateRule, nowMs: number): boolean {
    // A limit below 1/s (one call per 10 s) is one call per window of 1/limit seconds.
    const windowMs = rule.limit >= 1 ? 1000 : 1000 / rule.limit;
    const second = Math.floor(nowMs / windowMs);
    const w = this.windows.get(rule.bucket);
    if (!w || w.second !== second) {
      this.windows.set(rule.bucket, { second, count: 1 });
      return true;
    }
    if (w.count >= Math.max(1, rule.limit)) return false;
    w.count += 1;
    return true;
  }
}
