// A spent consent must not run again after Redis loses its data. Against a real redis-server with
// no persistence: a consent is used, FLUSHALL wipes every spent mark, and the replica that still
// holds the old signing key refuses the replay instead of taking it as fresh.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmStateCodec } from '../../src/policies/confirm.js';
import { connectRedisStores, RedisUnavailableError, type RedisStores } from '../../src/policies/redis-stores.js';
import { redisAvailability, startRedisServer, testPrefix, type RedisServer } from '../helpers/redis.js';

const avail = redisAvailability();
if (!avail.run) console.warn(avail.message);

describe.runIf(avail.run)('consent after Redis lost its data', () => {
  let server: RedisServer;
  const opened: RedisStores[] = [];
  beforeAll(async () => {
    if (!avail.bin) throw new Error(avail.message);
    server = await startRedisServer(avail.bin);
  });
  afterAll(async () => { await server?.stop(); });
  afterEach(async () => { for (const s of opened.splice(0)) await s.close(); });
  const open = async (prefix: string) => {
    const s = await connectRedisStores(server.url, { prefix });
    opened.push(s);
    return s;
  };

  it('a consent used before FLUSHALL is refused after it (fail closed), on every replica that signed with the lost key', async () => {
    const prefix = testPrefix('gen');
    const [a, b] = [await open(prefix), await open(prefix)];
    const codec = createConfirmStateCodec(a.codecKey, { once: a.once });
    const state = await codec.mint({ digest: 'ban', nonce: 'n-1' });
    expect(await codec.verify(state, {} as never)).toMatchObject({ nonce: 'n-1' });
    expect(await a.once.use('consent:n-1', 60_000, Date.now())).toBe(true);
    expect(await b.once.use('consent:n-1', 60_000, Date.now())).toBe(false); // the replay, refused

    await a.redis.flushall();
    // The signed state still verifies in memory; the spent mark is gone. Before the fix the
    // replay was taken as a first use and ran again.
    expect(await codec.verify(state, {} as never)).toMatchObject({ nonce: 'n-1' });
    await expect(a.once.use('consent:n-1', 60_000, Date.now())).rejects.toThrow(RedisUnavailableError);
    await expect(b.once.use('consent:n-1', 60_000, Date.now())).rejects.toThrow(/lost its data.*nothing was sent to Tencent.*Restart every replica/s);
    // Nor does any fresh consent pass on a replica of the lost generation.
    await expect(a.once.use('consent:n-2', 60_000, Date.now())).rejects.toThrow(/lost its data/);
  });

  it('replicas restarted after the loss agree on a new key: old state does not verify, new consents work once', async () => {
    const prefix = testPrefix('gen');
    const old = await open(prefix);
    const oldState = await createConfirmStateCodec(old.codecKey).mint({ digest: 'ban', nonce: 'n-1' });
    await old.redis.flushall();
    const [c, d] = [await open(prefix), await open(prefix)];
    expect(Buffer.from(c.codecKey).equals(Buffer.from(old.codecKey))).toBe(false);
    expect(Buffer.from(d.codecKey).equals(Buffer.from(c.codecKey))).toBe(true);
    await expect(Promise.resolve().then(() => createConfirmStateCodec(c.codecKey).verify(oldState, {} as never))).rejects.toThrow();
    expect(await c.once.use('consent:n-3', 60_000, Date.now())).toBe(true);
    expect(await d.once.use('consent:n-3', 60_000, Date.now())).toBe(false);
    // The replica still on the lost key keeps refusing rather than using the new generation's marks.
    await expect(old.once.use('consent:n-4', 60_000, Date.now())).rejects.toThrow(/lost its data/);
  });
});
