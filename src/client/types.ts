// The contract between the tools layer and the signed client. Tools see only this.
import type { Endpoint } from '../catalog/endpoints.js';

export type ErrorKind = 'api' | 'http' | 'network' | 'timeout' | 'schema';

/**
 * Whether the request may have taken effect at Tencent:
 * - 'no': it provably never left (connect failed, rejected before sending) or Tencent answered FAIL;
 * - 'unknown': it may have been processed (reset or timeout after the body was sent, 5xx, bad JSON).
 * A write whose outcome is 'unknown' must be reported as such and never replayed.
 */
export type Delivery = 'no' | 'unknown';

export interface CallOptions {
  /** Reads (and writes that Tencent documents as idempotent) may be retried; nothing else is. */
  idempotent: boolean;
  signal?: AbortSignal;
}

export interface CallResult {
  /** The whole decoded body minus ActionStatus/ErrorCode/ErrorInfo/RequestId. */
  body: Record<string, unknown>;
  requestId: string;
}

export interface LiveClient {
  call(endpoint: Endpoint, body: Record<string, unknown>, opts: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}
