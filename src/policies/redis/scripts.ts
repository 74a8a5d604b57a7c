// The Lua scripts behind the Redis stores. Each runs atomically on the Redis server, so a
// check-and-take (a rate slot, a digest lookup-or-create, pending → approved → consumed) can never
// interleave with another replica's. Scripts run by EVALSHA, falling back to EVAL once after a
// SCRIPT FLUSH or a failover to a server that has not seen them.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript {
  readonly lua: string;
  readonly sha: string;
}

function script(lua: string): LuaScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

export async function runScript(redis: Redis, s: LuaScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}

// The time the windows are counted in: the caller's clock (ARGV), or the Redis server's (TIME),
// in milliseconds with microsecond precision. Scripts that read TIME only write through their
// effects (Redis ≥ 5 replicates effects, and 7 does nothing else), so this stays safe on replicas.
const NOW = `
local now = tonumber(ARGV[1])
if ARGV[2] == 'redis' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end`;

/**
 * Sliding-log rate slot. KEYS[1] the budget's sorted set (score = grant time).
 * ARGV: now, clock mode, rate, windowMs, a unique member.
 * Returns {1, 0} when a slot was taken, else {0, ms until the oldest grant that must leave does}.
 */
export const TAKE_SLOT = script(`${NOW}
local rate = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < rate then
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window))
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], n - rate, n - rate, 'WITHSCORES')
return {0, math.max(1, math.ceil(tonumber(oldest[2]) + window - now))}
`);

/** Cap counter read. KEYS[1] the sorted set. ARGV: now, clock mode, windowMs. Returns the live count. */
export const COUNT_HITS = script(`${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
return redis.call('ZCARD', KEYS[1])
`);

/** Cap counter hit. KEYS[1] the sorted set. ARGV: now, clock mode, windowMs, a unique member. */
export const ADD_HIT = script(`${NOW}
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return redis.call('ZCARD', KEYS[1])
`);

// Approvals are hashes: scalar fields the scripts change (status, decidedBy, decidedAt) and one
// immutable JSON field (body) with everything the console shows, which Lua never re-encodes.

/**
 * The live approval for a digest, or a new pending one: one script, so two replicas racing on the
 * same call create a single approval.
 * KEYS[1] digest index (string → id), KEYS[2] list index (sorted set by createdAt).
 * KEYS[1] is keyed by the digest bound to the requester, so identical calls by two callers never share.
 * ARGV: approval key prefix, new id, now, expiresAt, ttlMs, keepMs, instance, digest, body, channel, requester.
 * Returns {created (0|1), HGETALL of the approval}.
 */
export const REQUEST_APPROVAL = script(`
local now = tonumber(ARGV[3])
local existing = redis.call('GET', KEYS[1])
if existing then
  local k = ARGV[1] .. existing
  local f = redis.call('HMGET', k, 'status', 'expiresAt')
  if (f[1] == 'pending' or f[1] == 'approved') and tonumber(f[2]) > now then
    return {0, redis.call('HGETALL', k)}
  end
end
local id = ARGV[2]
local k = ARGV[1] .. id
local ttl = tonumber(ARGV[5])
redis.call('HSET', k, 'id', id, 'instance', ARGV[7], 'digest', ARGV[8], 'body', ARGV[9],
  'createdAt', ARGV[3], 'expiresAt', ARGV[4], 'status', 'pending', 'requester', ARGV[11])
redis.call('PEXPIRE', k, ttl + tonumber(ARGV[6]))
redis.call('SET', KEYS[1], id, 'PX', ttl)
redis.call('ZADD', KEYS[2], now, id)
redis.call('PUBLISH', ARGV[10], 'created ' .. id)
return {1, redis.call('HGETALL', k)}
`);

/**
 * pending → approved | rejected, once. KEYS[1] the approval.
 * ARGV: new status, decided by, now, channel, id.
 * Returns {'ok' | 'not_found' | 'expired' | 'already_decided', HGETALL}.
 */
export const DECIDE_APPROVAL = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found', {}} end
local f = redis.call('HMGET', KEYS[1], 'status', 'expiresAt')
local now = tonumber(ARGV[3])
local status = f[1]
if (status == 'pending' or status == 'approved') and tonumber(f[2]) <= now then
  redis.call('HSET', KEYS[1], 'status', 'expired')
  status = 'expired'
end
if status == 'expired' then return {'expired', redis.call('HGETALL', KEYS[1])} end
if status ~= 'pending' then return {'already_decided', redis.call('HGETALL', KEYS[1])} end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'decidedBy', ARGV[2], 'decidedAt', ARGV[3])
redis.call('PUBLISH', ARGV[4], 'decided ' .. ARGV[5])
return {'ok', redis.call('HGETALL', KEYS[1])}
`);

/**
 * approved → consumed, once across every replica. KEYS[1] the approval.
 * ARGV: now, channel, id, requester ('' = not checked). Returns 1 for the one caller that consumed
 * it, else 0; an approval bound to another requester (or to none recorded) is never consumed.
 */
export const CONSUME_APPROVAL = script(`
local f = redis.call('HMGET', KEYS[1], 'status', 'expiresAt', 'requester')
if f[1] ~= 'approved' then return 0 end
if ARGV[4] ~= '' and f[3] ~= ARGV[4] then return 0 end
if tonumber(f[2]) <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'status', 'expired')
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'consumed')
redis.call('PUBLISH', ARGV[2], 'consumed ' .. ARGV[3])
return 1
`);
