// Starting the shared feed for `--redis`: the same Redis and key prefix as the shared policy state,
// and, as there, an unreachable Redis stops the start (never a silent per-replica feed): the error
// says what to do, and the wiring (app.ts) reports it as a configuration error.
import type { Logger } from '../logger.js';
import { connectRedisFeedStore } from './redis-store.js';
import type { FeedStore } from './store.js';

export async function connectSharedFeed(redis: { url: string; prefix?: string }, logger: Logger): Promise<FeedStore> {
  // Before the first connection: the password must not reach a log line.
  try {
    const password = new URL(redis.url).password;
    if (password) logger.addSecret(decodeURIComponent(password));
  } catch {
    // connectRedisFeedStore reports a bad URL.
  }
  try {
    return await connectRedisFeedStore(redis.url, { ...(redis.prefix && { prefix: redis.prefix }), logger });
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}. The room event feed is shared through Redis when --redis is given; start Redis, fix the URL, or drop --redis.`);
  }
}
