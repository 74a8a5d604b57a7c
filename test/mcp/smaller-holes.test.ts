// Smaller holes, each as an attacker found it: a UserSig echoed in a success body, plain http to a
// remote endpoint, a gateway's 4xx or 302 called "nothing reached Tencent", a room pattern that a
// newline escaped, and a cancelled write recorded "unknown" although Tencent answered OK.
import { describe, expect, it } from 'vitest';
import { baseUrlFor } from '../../src/client/regions.js';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { createRestClient } from '../../src/client/rest-client.js';
import { insecureEndpointAllowed, isLoopbackHost } from '../../src/client/endpoint-transport.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema, decide, memoryCapCounter } from '../../src/policies/rules.js';
import { roomPatternMatches } from '../../src/policies/targets.js';
import { TOOLS } from '../../src/tools/index.js';
import { failureResult } from '../../src/call/render.js';
import { ADMIN, APP, KEY, mockTencent, ok, rejection } from '../helpers/client-mock.js';
import { harnessPerTest } from '../helpers/harness.js';

const start = harnessPerTest();
const tool = (name: string) => TOOLS.find((t) => t.name === name)!;

describe('credentials echoed in a success body', () => {
  it('a UserSig and the secret key anywhere in a parsed body are scrubbed', async () => {
    const m = mockTencent();
    m.pool.intercept({ path: (p: string) => p.startsWith('/v4/'), method: 'POST' }).reply((opts) => {
      const sig = new URL(`https://x${opts.path}`).searchParams.get('usersig')!;
      return { statusCode: 200, data: JSON.stringify(ok({ Response: { Echo: { usersig: sig, note: `debug ${sig} ${KEY}` }, List: [sig], [sig]: 1 } })) };
    });
    const r = await m.client.call(ENDPOINTS.get_room_info, { RoomId: 'r' }, { idempotent: true });
    const sig = m.seen()[0]!.query.get('usersig')!;
    const text = JSON.stringify(r);
    expect(sig.length).toBeGreaterThan(20);
    expect(text).not.toContain(sig);
    expect(text).not.toContain(KEY);
    expect(text).toContain('[redacted]');
  });

  it('a UserSig and the key spelled with JSON escapes are scrubbed too', async () => {
    const m = mockTencent();
    // Every character as \uXXXX: the raw text never holds the secret, the parsed string does.
    const escaped = (v: string) => [...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    m.pool.intercept({ path: (p: string) => p.startsWith('/v4/'), method: 'POST' }).reply((opts) => {
      const sig = new URL(`https://x${opts.path}`).searchParams.get('usersig')!;
      const body = JSON.stringify(ok({ Response: { Echo: 'SIG', Key: 'KEY' } }));
      return { statusCode: 200, data: body.replace('"SIG"', `"${escaped(sig)}"`).replace('"KEY"', `"${escaped(KEY)}"`) };
    });
    const r = await m.client.call(ENDPOINTS.get_room_info, { RoomId: 'r' }, { idempotent: true });
    const sig = m.seen()[0]!.query.get('usersig')!;
    const text = JSON.stringify(r);
    expect(text).not.toContain(sig);
    expect(text).not.toContain(KEY);
    expect(r.body).toMatchObject({ Response: { Echo: '[redacted]', Key: '[redacted]' } });
  });
});

describe('plain http to a remote endpoint', () => {
  it('is refused unless the operator opts out; loopback stays allowed', () => {
    expect(() => baseUrlFor({ endpoint: 'http://gateway.internal:9000' })).toThrow(/plain http:\/\/.*TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT=1/);
    expect(() => createRestClient({ sdkAppId: APP, secretKey: KEY, admin: ADMIN, endpoint: 'http://10.0.0.5' })).toThrow(/not loopback/);
    expect(baseUrlFor({ endpoint: 'http://gateway.internal:9000', allowInsecure: true })).toBe('http://gateway.internal:9000');
    expect(baseUrlFor({ endpoint: 'https://gateway.internal' })).toBe('https://gateway.internal');
    for (const h of ['127.0.0.1', '127.8.0.1', '[::1]', 'localhost', 'a.localhost']) expect(baseUrlFor({ endpoint: `http://${h}:9000` })).toMatch(/^http:/);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
    expect(insecureEndpointAllowed({ TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT: '1' })).toBe(true);
    expect(insecureEndpointAllowed({})).toBe(false);
  });
});

describe('a gateway\'s 4xx and 302', () => {
  it('a 403 says the request reached the endpoint and was refused there, not "Nothing reached Tencent"', async () => {
    const m = mockTencent();
    m.reply('/v4/', { status: 403, text: 'forbidden' });
    const err = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, {}, { idempotent: false }));
    expect(err.message).toMatch(/adminapisgp\.im\.qcloud\.com refused kick_user_off_seat with HTTP 403: the request reached it/);
    const text = (failureResult(tool('kick_user_off_seat'), err).content[0] as { text: string }).text;
    expect(text).not.toMatch(/Nothing reached Tencent/);
    expect(text).toMatch(/reached the endpoint but was refused/);
  });

  it('a 302 says the request reached the endpoint and its outcome is not known', async () => {
    const m = mockTencent();
    m.reply('/v4/', { status: 302, text: '' });
    const err = await rejection(m.client.call(ENDPOINTS.kick_user_off_seat, {}, { idempotent: false }));
    expect(err.delivery).toBe('unknown');
    expect(err.message).toMatch(/HTTP 302, a redirect that was not followed.*whether anything behind it acted is not known/);
    const text = (failureResult(tool('kick_user_off_seat'), err).content[0] as { text: string }).text;
    expect(text).not.toMatch(/Nothing reached Tencent/);
    expect(text).toMatch(/unknown whether Tencent carried it out/);
    expect(m.seen()).toHaveLength(1);
  });
});

describe('room patterns', () => {
  it('match the whole ID, line terminators included', async () => {
    expect(roomPatternMatches('vip-*', 'vip-1\n')).toBe(true);
    expect(roomPatternMatches('vip-*', 'vip-\u2028x')).toBe(true);
    expect(roomPatternMatches('*-vip', 'a\nb-vip')).toBe(true);
    expect(roomPatternMatches('vip-*', 'xvip-1')).toBe(false);
    expect(roomPatternMatches('vip', 'vip\n')).toBe(false);
    const policy = PolicySchema.parse({ rules: [{ tools: ['ban_member'], action: 'allow', exceptRooms: ['vip-*'] }] });
    const d = await decide(tool('ban_member'), { RoomId: 'vip-1\n', MemberList_Account: ['u'], Duration: 60 }, policy, memoryCapCounter(), 0);
    expect(d.kind).toBe('confirm'); // the allow rule does not cover a VIP room; the default asks
  });
});

describe('a write in flight when the client cancels or leaves', () => {
  it('the client keeps waiting for Tencent\'s answer to a write, and returns it', async () => {
    const m = mockTencent();
    m.reply('/v4/', { json: ok({}, 'req-landed'), delayMs: 300 });
    const ac = new AbortController();
    const call = m.client.call(ENDPOINTS.kick_user_off_seat, { RoomId: 'r', Member_Account: 'u' }, { idempotent: false, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    const r = await call;
    expect(r.requestId).toBe('req-landed');
    expect(m.seen()).toHaveLength(1);
  });

  it('a read in flight is still cut short by a cancel', async () => {
    const m = mockTencent();
    m.reply('/v4/', { json: ok(), delayMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const err = await rejection(m.client.call(ENDPOINTS.get_room_info, { RoomId: 'r' }, { idempotent: true, signal: ac.signal }));
    expect(err.message).toMatch(/cancelled/);
  });

  it('through the server: the audit log records Tencent\'s real answer', async () => {
    const audit = new MemoryAuditLog();
    const h = await start({ runtime: createPolicyRuntime({ audit }) });
    h.sandbox.faults.set('pick_user_on_seat', { latencyMs: 300 });
    const r = await h.call('pick_user_on_seat', { RoomId: 'live_music_night', Member_Account: 'viewer_ada', Index: 5 });
    expect(r.isError).toBeFalsy();
    expect(audit.records.find((x) => x.event === 'outcome')).toMatchObject({ result: 'ok', requestId: r.structured!.RequestId });
  });
});
