// `--redis URL`: connects the state that replicas must share (rate budgets, policy caps and the
// breaker, approvals, the confirmation-state signing key) to one Redis. Unreachable at start means
// the server does not start; down later means calls that need the shared state fail and send
// nothing, until the connection comes back (it reconnects by itself). Never a fallback to memory.
import { Redis, type RedisOptions } from 'ioredis';
import type { OnceStore } from '../once.js';
import { guarded } from './errors.js';
import { silentLogger, type Logger } from '../../logger.js';
import { RedisApprovalStore } from './approvals.js';
import { RedisCapCounter, RedisSlotStore, type RedisClockMode } from './counters.js';
import { RedisUnavailableError, redactRedisUrl } from './errors.js';
import { DEFAULT_REDIS_PREFIX, redisKeys } from './keys.js';
import { loadOrCreateSharedKey } from './shared-key.js';

export interface RedisStoreOptions {
  /** Namespaces one deployment's keys (default "tencent-live-mcp"); another prefix is another deployment. */
  prefix?: string;
  /** Approval.instance for this deployment (default: the prefix). */
  instance?: string;
  /** Whose clock the rate and cap windows are counted in (default 'redis': the server's TIME). */
  windowClock?: RedisClockMode;
  /** Extra window per rate grant for grant-to-arrival jitter between replicas (default 50 ms; see RedisSlotStore). */
  rateWindowMarginMs?: number;
  /** The replicas' clock for approval times (default Date.now). */
  clock?: () => number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** A Redis command that takes longer fails the call (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Polling fallback while a call waits for a console decision (default 1000 ms). */
  pollMs?: number;
  logger?: Logger;
}

export interface RedisStores {
  counter: RedisCapCounter;
  slots: RedisSlotStore;
  approvals: RedisApprovalStore;
  /** For createConfirmStateCodec(codecKey): the same on every replica of the deployment. */
  codecKey: Uint8Array;
  /** Ready to spread into createPolicyRuntime({ ...stores.runtimeOptions, policy, audit, … }). */
  runtimeOptions: { counter: RedisCapCounter; slots: RedisSlotStore; approvals: RedisApprovalStore };
  /** Spends each elicitation consent once across the fleet: pass to createConfirmStateCodec with codecKey. */
  once: OnceStore;
  prefix: string;
  /** The command connection (tests, diagnostics). */
  redis: Redis;
  close(): Promise<void>;
}

export async function connectRedisStores(url: string, opts: RedisStoreOptions = {}): Promise<RedisStores> {
  const shown = redactRedisUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUnavailableError(`--redis / TENCENT_LIVE_REDIS_URL must be a URL such as redis://127.0.0.1:6379/0 or rediss://user:password@host:6380; got ${shown}.`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisUnavailableError(`--redis / TENCENT_LIVE_REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//.`);
  }
  const keys = redisKeys(opts.prefix ?? DEFAULT_REDIS_PREFIX);
  const log = opts.logger ?? silentLogger;
  if (parsed.password) log.addSecret(decodeURIComponent(parsed.password));

  // Before the first connection, one attempt and no retries: a wrong URL stops the start at once.
  let started = false;
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    commandTimeout: opts.commandTimeoutMs ?? 2000,
    // While disconnected, fail at once instead of queueing: a tool call must not hang on Redis.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => (started ? Math.min(100 * 2 ** Math.min(times, 5), 3000) : null),
  };
  const redis = new Redis(url, options);
  const subscriber = redis.duplicate();
  let down = false;
  // ioredis reports the cause (ECONNREFUSED, WRONGPASS…) as an event; connect() only says "closed".
  let firstError: string | undefined;
  for (const [name, conn] of [['commands', redis], ['subscriber', subscriber]] as const) {
    conn.on('error', (err: Error) => {
      if (!started) firstError ??= err.message;
      if (!started || down) return;
      down = true;
      log.warn('Redis connection lost; calls that need the shared policy state fail until it is back', { connection: name, url: shown, error: err.message });
    });
    conn.on('ready', () => {
      if (started && down) {
        down = false;
        log.info('Redis connection restored', { connection: name, url: shown });
      }
    });
  }
  // A polite QUIT, but never a shutdown that hangs on a Redis that is gone.
  const closeAll = async () => {
    await Promise.race([Promise.allSettled([redis.quit(), subscriber.quit()]), new Promise((r) => setTimeout(r, 1000).unref())]);
    redis.disconnect();
    subscriber.disconnect();
  };

  let codecKey: Uint8Array;
  try {
    await redis.connect();
    await subscriber.connect();
    await redis.ping();
    codecKey = await loadOrCreateSharedKey(redis, keys.prefix);
  } catch (err) {
    await closeAll();
    const reason = (firstError ?? (err instanceof Error ? err.message : String(err))).replace(/\.+$/, '');
    throw new RedisUnavailableError(
      `Cannot use Redis at ${shown} (--redis / TENCENT_LIVE_REDIS_URL): ${reason}. ` +
        'The server keeps rate budgets, approvals and breaker counts there when --redis is given and does not fall back to per-process state; start Redis, fix the URL, or drop --redis.',
    );
  }
  started = true;

  const base = { redis, keys, url, clock: opts.windowClock ?? 'redis' } as const;
  const counter = new RedisCapCounter(base);
  const slots = new RedisSlotStore({ ...base, windowMarginMs: opts.rateWindowMarginMs ?? 50 });
  const approvals = new RedisApprovalStore({
    redis, subscriber, keys, url,
    ...(opts.instance && { instance: opts.instance }),
    ...(opts.clock && { clock: opts.clock }),
    ...(opts.pollMs && { pollMs: opts.pollMs }),
  });
  try {
    await approvals.listen();
  } catch (err) {
    await closeAll();
    throw new RedisUnavailableError(`Cannot subscribe to approval notices on Redis at ${shown}: ${err instanceof Error ? err.message : String(err)}.`);
  }
  log.info('shared policy state in Redis', { url: shown, prefix: keys.prefix });

  return {
    counter, slots, approvals, codecKey, prefix: keys.prefix, redis,
    runtimeOptions: { counter, slots, approvals },
    once: redisOnceStore(redis, keys.cap('once'), shown, { name: keys.codecKey, value: Buffer.from(codecKey).toString('base64') }),
    async close() {
      await Promise.race([approvals.detach(), new Promise((r) => setTimeout(r, 1000).unref())]);
      await closeAll();
    },
  };
}

/**
 * One-time consent tokens for the whole fleet: SET NX PX, so only one replica can use each.
 *
 * The spent marks live only in Redis. If Redis loses its data (FLUSHALL, a restart without
 * persistence), every mark is gone while replicas still hold the signing key in memory, so a
 * consent already used would verify and look fresh. The signing key stored in Redis is the
 * deployment's generation: a mark is taken only while Redis still holds the key this replica signs
 * with, checked in the same script. Once it is gone or replaced, every consent signed before is
 * refused (fail closed) until the replicas restart and agree on a new key.
 */
function redisOnceStore(redis: Redis, prefix: string, shown: string, generation: { name: string; value: string }): OnceStore {
  return {
    async use(key, ttlMs) {
      const r = await guarded('use a one-time confirmation', shown, async () =>
        Number(await redis.eval(USE_ONCE_IN_GENERATION, 2, generation.name, `${prefix}:${key}`, generation.value, String(Math.ceil(ttlMs)))));
      if (r === -1) throw new RedisUnavailableError(GENERATION_LOST);
      return r === 1;
    },
  };
}

export const GENERATION_LOST =
  'Redis no longer holds the key this replica signs confirmations with (it lost its data: FLUSHALL, or a restart without persistence), ' +
  'so which consents were already used is unknown. The consent is refused and nothing was sent to Tencent. ' +
  'Restart every replica so that they agree on a new key; then ask again.';

// KEYS[1] the signing key (the generation), KEYS[2] the spent mark; ARGV[1] the key this replica
// holds, ARGV[2] the mark's lifetime in ms. -1: another generation; 1: first use; 0: used before.
const USE_ONCE_IN_GENERATION = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('SET', KEYS[2], '1', 'PX', ARGV[2], 'NX') then return 1 end
return 0
`;
