// The key that signs input-required state (createConfirmStateCodec), shared by every replica: a
// 2026-era client may send the answering round of a confirmation to another replica than the one
// that asked, and that replica must accept our own signature and nobody else's.
//
// SET NX stores 32 random bytes once per deployment; every replica then reads back whichever value
// won. The key is read at start and kept in memory; deleting it in Redis rotates it for replicas
// started afterwards (restart them all, or rounds in flight between old and new replicas fail
// closed: the answer is not taken and the human is asked again). Anyone who can read this Redis
// can read it: Redis is inside the trust boundary (use AUTH/ACLs and TLS, rediss://).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

export const SHARED_KEY_BYTES = 32;

export async function loadOrCreateSharedKey(redis: Redis, prefix?: string): Promise<Uint8Array> {
  const name = redisKeys(prefix).codecKey;
  await redis.set(name, randomBytes(SHARED_KEY_BYTES).toString('base64'), 'NX');
  const stored = await redis.get(name);
  const key = stored === null ? undefined : Buffer.from(stored, 'base64');
  if (!key || key.length !== SHARED_KEY_BYTES) {
    throw new Error(`Redis key ${name} does not hold a ${SHARED_KEY_BYTES}-byte base64 signing key; delete it to have a new one made.`);
  }
  return new Uint8Array(key);
}
