// Shared policy state in Redis for several replicas (`--redis URL`); see src/policies/redis/.
export { connectRedisStores, type RedisStoreOptions, type RedisStores } from './redis/connect.js';
export { RedisCapCounter, RedisSlotStore, type RedisClockMode, type RedisCounterOptions } from './redis/counters.js';
export { RedisApprovalStore, type RedisApprovalStoreOptions } from './redis/approvals.js';
export { loadOrCreateSharedKey, SHARED_KEY_BYTES } from './redis/shared-key.js';
export { RedisUnavailableError, redactRedisUrl } from './redis/errors.js';
export { DEFAULT_REDIS_PREFIX, redisKeys, type RedisKeys } from './redis/keys.js';
