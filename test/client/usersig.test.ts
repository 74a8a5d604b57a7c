// UserSig: fixed-clock vectors pin the exact format; Tencent's own Node package is the independent
// check. The vectors were produced by tls-sig-api-v2 1.0.2 with Date.now frozen at `now` seconds.
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import { decodeUserSig, genUserSig, UserSigCache, userSigSignatureValid } from '../../src/client/usersig.js';

const VECTORS = [
  {
    sdkAppId: 1400000000, secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
    identifier: 'xiaojun', expire: 86400 * 180, now: 1700000000,
    sig: 'eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__',
  },
  {
    sdkAppId: 20000001, secretKey: 'test-secret-key-0123456789',
    identifier: 'administrator', expire: 86400, now: 1735689600,
    sig: 'eJw1ysEKgkAUheF3udtCZqwmG3AVRGURZhK4k*4ot3AcxksG0bsHWmf3f5w3XA5Z8DQeNISBgOnQhMYyVTRwiQ1Z6tiX3PrfocNH6Rwh6FAMk6MzNQa0XM4WKlopIUY1L0fegI7U-E8d1aCBz33LScXVmvNNmm*L08TIemdJiuR2xfsx6wUWe4t1GsPnC3-ONGM_',
  },
  {
    sdkAppId: 1600000001, secretKey: 'another-key',
    identifier: 'admin_01-x', expire: 3600, now: 1,
    sig: 'eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl58QaGuhVQ2eKU7MSCgswUJStDMwMIMITIlGTmpipZQTmpFQWZRalKVsZmBgZQjZnpSlZKho6lPiElwQWJJYll7oWmBr6hheY*qUEp-gaFJiHa4S6BkZ6uEYnlKYmOJrZKtQDprS-P',
  },
];

describe('genUserSig', () => {
  it.each(VECTORS)('matches the pinned vector for $identifier@$sdkAppId', ({ sig, ...input }) => {
    expect(genUserSig(input)).toBe(sig);
  });

  it('uses only the URL-safe alphabet', () => {
    for (const v of VECTORS) expect(v.sig).toMatch(/^[A-Za-z0-9*_-]+$/);
  });

  it('decodes back to its inputs and verifies with its key only', () => {
    const v = VECTORS[1]!;
    const d = decodeUserSig(genUserSig(v));
    expect(d).toMatchObject({ identifier: v.identifier, sdkAppId: v.sdkAppId, time: v.now, expire: v.expire });
    expect(userSigSignatureValid(d!, v.secretKey)).toBe(true);
    expect(userSigSignatureValid(d!, 'some-other-key')).toBe(false);
    expect(userSigSignatureValid({ ...d!, identifier: 'someone-else' }, v.secretKey)).toBe(false);
  });

  it('decodeUserSig rejects garbage', () => {
    expect(decodeUserSig('not-a-sig')).toBeUndefined();
    expect(decodeUserSig('')).toBeUndefined();
  });
});

describe('against Tencent\'s reference package (tls-sig-api-v2)', () => {
  const sdkAppId = 1400123456;
  const key = 'reference-check-key-7f3a9c0d';

  it('produces the same string for the same time', () => {
    const ref: string = new TLSSigAPIv2.Api(sdkAppId, key).genSig('administrator', 86400);
    const d = decodeUserSig(ref);
    expect(d).toBeDefined();
    expect(d!.identifier).toBe('administrator');
    expect(d!.sdkAppId).toBe(sdkAppId);
    expect(genUserSig({ sdkAppId, secretKey: key, identifier: 'administrator', expire: d!.expire, now: d!.time })).toBe(ref);
  });

  it('our verifier accepts the reference sig and rejects it under another key', () => {
    const d = decodeUserSig(new TLSSigAPIv2.Api(sdkAppId, key).genSig('ops_bot', 3600))!;
    expect(userSigSignatureValid(d, key)).toBe(true);
    expect(userSigSignatureValid(d, key + 'x')).toBe(false);
  });
});

describe('UserSigCache', () => {
  it('keeps the sig until half its lifetime, then signs a new one', () => {
    let ms = 1_700_000_000_000;
    const cache = new UserSigCache({ sdkAppId: 1400000000, secretKey: 'k-123456', identifier: 'administrator', expire: 3600, clock: () => ms });
    const first = cache.get();
    expect(decodeUserSig(first)!.time).toBe(1_700_000_000);
    ms += 1799_000; // 29 min 59 s: still the same sig
    expect(cache.get()).toBe(first);
    ms += 1000; // half-life reached
    const second = cache.get();
    expect(second).not.toBe(first);
    expect(decodeUserSig(second)!.time).toBe(1_700_001_800);
    ms += 60_000;
    expect(cache.get()).toBe(second);
  });
});
