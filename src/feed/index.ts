// The feed: what Tencent's callbacks tell us about rooms (events) and the messages held for review.
// One per process, shared by every MCP session, the callback listener and the tools.
import type { Logger } from '../logger.js';
import { HoldEvaluator, type HoldRules } from './holds.js';
import { createReceiver, type Receiver } from './receiver.js';
import { DEFAULT_FEED_LIMITS, openFeedStore, type FeedLimits, type FeedStore } from './store.js';

export interface Feed {
  store: FeedStore;
  holds: HoldEvaluator;
  receiver: Receiver;
  /** The token callbacks are checked with; only ever sent to Tencent (set_callback_token), never shown. */
  readonly callbackToken?: string;
  close(): void | Promise<void>;
}

export interface FeedOptions {
  /** SQLite file, or ':memory:' (tests); unused when `store` is given. */
  file: string;
  /** A store made elsewhere: the shared one (--redis, connectRedisFeedStore) instead of SQLite. */
  store?: FeedStore;
  sdkAppId: number;
  token?: string;
  holds?: HoldRules;
  logger: Logger;
  limits?: FeedLimits;
  clock?: () => number;
}

export function createFeed(o: FeedOptions): Feed {
  const store = o.store ?? openFeedStore(o.file, o.limits ?? DEFAULT_FEED_LIMITS, o.clock);
  const holds = new HoldEvaluator(o.holds);
  const receiver = createReceiver({ store, sdkAppId: o.sdkAppId, holds, logger: o.logger, ...(o.token !== undefined && { token: o.token }), ...(o.clock && { clock: o.clock }) });
  return { store, holds, receiver, ...(o.token !== undefined && { callbackToken: o.token }), close: () => store.close() };
}
