// The TRTC media-room tools (Tencent Cloud API 3.0): a real MCP client → createServer → the cloud
// API client (Tencent's SDK signs and sends) → the sandbox over loopback, reached through the
// endpoint override; the sandbox recomputes each TC3 signature. Also: the built binary with and
// without the credential, and the sandbox's own checks driven directly.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import signModule from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudApiError, createCloudApiClient } from '../../src/client/cloud-api.js';
import { cloudApiSettingFrom, openCloudApi } from '../../src/client/cloud-api-config.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { TOOLS } from '../../src/tools/index.js';
import { selectTools } from '../../src/tools/toolsets.js';
import { withoutCloudApiTools } from '../../src/tools/trtc.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { guard } from '../setup/secret-guard.js';
import { startHarness } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { stdioClient } from '../helpers/stdio-client.js';

const Sign = (signModule as { default?: typeof signModule.default }).default ?? (signModule as unknown as typeof signModule.default);
const MUSIC = 'live_music_night';
const accept = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });
const decline = (): ElicitAnswer => ({ action: 'decline' });
const NAMES = ['describe_room_info', 'remove_user', 'remove_user_by_str_room_id'];

let open: Awaited<ReturnType<typeof startHarness>> | undefined;
const start = async (...args: Parameters<typeof startHarness>) => (open = await startHarness(...args));
afterEach(async () => { await open?.close(); open = undefined; });

describe('classification and toolset', () => {
  it('removals are destructive with a form, the history read is a read; all three form the trtc toolset, off by default', () => {
    const cls = Object.fromEntries(TOOLS.filter((t) => NAMES.includes(t.name)).map((t) => [t.name, `${t.effect}/${t.idempotent ? 'idem' : 'once'}/${t.confirm ? 'form' : '-'}/${t.endpoint.ratePerSecond}`]));
    expect(cls).toEqual({ remove_user: 'destructive/once/form/20', remove_user_by_str_room_id: 'destructive/once/form/20', describe_room_info: 'read/idem/-/20' });
    expect(selectTools(TOOLS, { toolsets: ['trtc'] }).map((t) => t.name).sort()).toEqual(NAMES);
    expect(selectTools(TOOLS, {}).map((t) => t.name)).not.toContain('remove_user');
    expect(withoutCloudApiTools(TOOLS).map((t) => t.name)).not.toContain('remove_user_by_str_room_id');
    expect(withoutCloudApiTools(TOOLS)).toHaveLength(TOOLS.length - 3);
  });
});

describe.each<Era>(['legacy', 'modern'])('removal from the media room over the %s era', (era) => {
  it('remove_user_by_str_room_id, confirmed, is signed by the SDK, accepted by the sandbox, and the users leave the room', async () => {
    const h = await start({ era, elicit: accept });
    const room = h.sandbox.state.rooms.get(MUSIC)!;
    const [a, b] = [...room.members.keys()];
    const r = await h.call('remove_user_by_str_room_id', { RoomId: MUSIC, UserIds: [a, b] });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.structured!.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.mcp.forms[0]!.message).toContain(JSON.stringify(a));
    expect(h.sandbox.cloudApi.requests).toEqual([
      expect.objectContaining({ action: 'RemoveUserByStrRoomId', region: 'ap-singapore', body: { SdkAppId: h.sandbox.credentials.sdkAppId, RoomId: MUSIC, UserIds: [a, b] } }),
    ]);
    expect(room.members.has(a!)).toBe(false);
    expect(room.members.has(b!)).toBe(false);
  });

  it('a declined removal sends nothing', async () => {
    const h = await start({ era, elicit: decline });
    const r = await h.call('remove_user', { RoomId: 1234, UserIds: ['viewer_ada'] });
    expect(r.isError).toBe(true);
    expect(h.sandbox.cloudApi.requests).toHaveLength(0);
    expect(h.sandbox.cloudApi.numericRooms.get(1234)!.users.has('viewer_ada')).toBe(true);
  });
});

describe('the actions against the sandbox', () => {
  it('remove_user takes users out of a numeric TRTC room; describe_room_info lists rooms of the window', async () => {
    const h = await start({ elicit: accept });
    expect((await h.call('remove_user', { RoomId: 1234, UserIds: ['viewer_ada'] })).isError).toBeFalsy();
    expect([...h.sandbox.cloudApi.numericRooms.get(1234)!.users]).not.toContain('viewer_ada');
    const now = Math.floor(Date.now() / 1000);
    const r = await h.call('describe_room_info', { StartTime: now - 86_000, EndTime: now + 60, PageSize: 100 });
    expect(r.isError, r.text).toBeFalsy();
    const list = r.structured!.RoomList as Array<{ RoomString: string }>;
    expect(list.map((x) => x.RoomString)).toContain(MUSIC);
    expect(r.structured!.Total).toBe(list.length);
    const one = await h.call('describe_room_info', { StartTime: now - 86_000, EndTime: now + 60, RoomId: MUSIC });
    expect((one.structured!.RoomList as unknown[]).length).toBe(1);
  });

  it('bad input is refused before anything is sent', async () => {
    const h = await start({ elicit: accept });
    const now = Math.floor(Date.now() / 1000);
    for (const [name, args] of [
      ['remove_user_by_str_room_id', { RoomId: MUSIC, UserIds: Array.from({ length: 11 }, (_, i) => `u${i}`) }],
      ['remove_user_by_str_room_id', { RoomId: MUSIC, UserIds: [] }],
      ['remove_user_by_str_room_id', { RoomId: 'r'.repeat(49), UserIds: ['u1'] }],
      ['remove_user_by_str_room_id', { RoomId: MUSIC, UserIds: ['u1'], SdkAppId: 1 }],
      ['remove_user', { RoomId: '1234', UserIds: ['u1'] }],
      ['remove_user', { RoomId: 0, UserIds: ['u1'] }],
      ['remove_user', { RoomId: 4294967296, UserIds: ['u1'] }],
      ['describe_room_info', { StartTime: now - 90_000, EndTime: now }],
      ['describe_room_info', { StartTime: now, EndTime: now - 1 }],
      ['describe_room_info', { StartTime: now - 60, EndTime: now, PageSize: 101 }],
    ] as const) {
      const r = await h.call(name, args as never);
      expect(r.isError, `${name} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
    }
    expect(h.sandbox.cloudApi.requests).toHaveLength(0);
  });

  it('a wrong secret key: AuthFailure.SignatureFailure, readable, nothing removed, the key in no result, log or audit record', async () => {
    const wrong = 'WRONG-cloud-secret-key-must-not-leak-91c3';
    const logs: string[] = [];
    const audit = new MemoryAuditLog();
    const h = await start({
      elicit: accept, cloudApi: { secretKey: wrong }, runtime: createPolicyRuntime({ audit }),
      logger: createLogger({ level: 'debug', write: (l) => { logs.push(l); guard.outputs.push(l); } }),
    });
    const r = await h.call('remove_user_by_str_room_id', { RoomId: MUSIC, UserIds: ['viewer_ada'] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/refused remove_user_by_str_room_id: error AuthFailure\.SignatureFailure \(Tencent Cloud rejected the API credentials/);
    expect(r.text).toMatch(/TENCENT_CLOUD_SECRET_KEY/);
    expect(r.text).toMatch(/No user was removed from the media room\./);
    expect(r.text).toMatch(/RequestId: [0-9a-f-]{36}/);
    expect(h.sandbox.cloudApi.requests).toHaveLength(0);
    expect(h.sandbox.state.rooms.get(MUSIC)!.members.has('viewer_ada')).toBe(true);
    const everything = [JSON.stringify(r), ...logs, ...audit.records.map((x) => JSON.stringify(x))].join('\n');
    expect(logs.some((l) => l.includes('cloud api call failed'))).toBe(true);
    for (const secret of [wrong, h.sandbox.cloudApi.credentials.secretKey]) expect(everything).not.toContain(secret);
  });

  it('a region the action is not offered in: UnsupportedRegion, named', async () => {
    const h = await start({ elicit: accept, cloudApi: { region: 'na-toronto' } });
    const r = await h.call('remove_user', { RoomId: 1234, UserIds: ['viewer_bo'] });
    expect(r.text).toMatch(/error UnsupportedRegion \(this action is not offered in TENCENT_CLOUD_REGION\)/);
    const now = Math.floor(Date.now() / 1000);
    expect((await h.call('describe_room_info', { StartTime: now - 60, EndTime: now })).isError).toBeFalsy();
  });

  it('an endpoint that refuses connections: the request never left, and the text says so', async () => {
    const h = await start({ elicit: accept, cloudApi: { endpoint: 'http://127.0.0.1:9' } });
    const r = await h.call('remove_user_by_str_room_id', { RoomId: MUSIC, UserIds: ['viewer_ada'] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/could not reach Tencent: the Tencent Cloud API endpoint could not be reached \(ECONNREFUSED\); the request never left/);
    expect(r.text).toMatch(/Nothing reached Tencent; it is safe to try again\./);
  });
});

describe('the sandbox checks what Tencent checks', () => {
  const sb = createSandbox({ rateLimits: false });
  const creds = sb.cloudApi.credentials;
  const signed = (bodyText: string, o: { ts?: number; key?: string; action?: string; region?: string; signBody?: string } = {}) => {
    const ts = o.ts ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Host: 'trtc.intl.tencentcloudapi.com' };
    const authorization = Sign.sign3({
      method: 'POST', url: 'https://trtc.intl.tencentcloudapi.com/', payload: Buffer.from(o.signBody ?? bodyText), timestamp: ts, service: 'trtc',
      secretId: creds.secretId, secretKey: o.key ?? creds.secretKey, multipart: false, boundary: '', headers,
    });
    const out = sb.handle({
      method: 'POST', path: '/', query: new URLSearchParams(), bodyText,
      headers: {
        'content-type': 'application/json', host: 'trtc.intl.tencentcloudapi.com', authorization, 'x-tc-action': o.action ?? 'RemoveUserByStrRoomId',
        'x-tc-version': '2019-07-22', 'x-tc-region': o.region ?? 'ap-singapore', 'x-tc-timestamp': String(ts),
      },
    });
    return (out.body as { Response: { Error?: { Code: string }; RequestId: string } }).Response;
  };
  const body = JSON.stringify({ SdkAppId: sb.credentials.sdkAppId, RoomId: MUSIC, UserIds: ['viewer_ada'] });

  it('a body changed after signing is refused (the signature covers it)', () => {
    const tampered = JSON.stringify({ SdkAppId: sb.credentials.sdkAppId, RoomId: MUSIC, UserIds: ['host_mia'] });
    expect(signed(tampered, { signBody: body }).Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(sb.cloudApi.requests).toHaveLength(0);
  });

  it('a wrong key, a stale timestamp, an unknown action, a wrong SdkAppId and 11 users are each refused with their code', () => {
    expect(signed(body, { key: 'not-the-key' }).Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(signed(body, { ts: Math.floor(Date.now() / 1000) - 301 }).Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect(signed(body, { action: 'DismissRoom' }).Error?.Code).toBe('InvalidAction');
    expect(signed(JSON.stringify({ SdkAppId: 1, RoomId: MUSIC, UserIds: ['a'] })).Error?.Code).toBe('InvalidParameter.SdkAppId');
    expect(signed(JSON.stringify({ SdkAppId: sb.credentials.sdkAppId, RoomId: MUSIC, UserIds: Array.from({ length: 11 }, (_, i) => `u${i}`) })).Error?.Code).toBe('InvalidParameterValue');
    expect(sb.cloudApi.requests).toHaveLength(0);
    expect(signed(body).Error).toBeUndefined();
    expect(sb.cloudApi.requests).toHaveLength(1);
  });

  it('DescribeRoomInfo enforces the 24-hour window and the last 14 days', () => {
    const now = Math.floor(Date.now() / 1000);
    const q = (s: number, e: number) => signed(JSON.stringify({ SdkAppId: sb.credentials.sdkAppId, StartTime: s, EndTime: e }), { action: 'DescribeRoomInfo', region: 'ap-mumbai' });
    expect(q(now - 86_401, now).Error?.Code).toBe('InvalidParameterValue');
    expect(q(now - 15 * 86_400, now - 14.5 * 86_400).Error?.Code).toBe('InvalidParameterValue');
    expect(q(now - 3600, now).Error).toBeUndefined();
  });
});

describe('without the credential', () => {
  it('the configuration says which variable is missing, and opening logs why the tools are not offered', async () => {
    expect(cloudApiSettingFrom({})).toEqual({ off: 'TENCENT_CLOUD_SECRET_ID and TENCENT_CLOUD_SECRET_KEY are not set' });
    expect(cloudApiSettingFrom({ TENCENT_CLOUD_SECRET_ID: 'AKIDx' })).toEqual({ off: 'TENCENT_CLOUD_SECRET_KEY is not set' });
    expect(cloudApiSettingFrom({ TENCENT_CLOUD_SECRET_ID: 'a', TENCENT_CLOUD_SECRET_KEY: 'b' })).toEqual({ config: { secretId: 'a', secretKey: 'b', region: 'ap-singapore' } });
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    expect(await openCloudApi(cloudApiSettingFrom({}), { sdkAppId: 1, logger })).toBeUndefined();
    expect(lines.join('\n')).toMatch(/remove_user.*are not offered: TENCENT_CLOUD_SECRET_ID and TENCENT_CLOUD_SECRET_KEY are not set/);
    const env = { TENCENT_LIVE_SDKAPPID: '1400000001', TENCENT_LIVE_SECRET_KEY: 'k'.repeat(20) };
    expect(() => loadConfig([], { ...env, TENCENT_CLOUD_REGION: 'Singapore!' })).toThrow(ConfigError);
    expect(() => loadConfig([], { ...env, TENCENT_CLOUD_API_ENDPOINT: 'ftp://x' })).toThrow(/TENCENT_CLOUD_API_ENDPOINT must be an http\(s\) URL/);
  });

  it('a plain http endpoint that is not loopback is refused', () => {
    expect(() => createCloudApiClient({ secretId: 'a', secretKey: 'b', sdkAppId: 1, region: 'ap-singapore', endpoint: 'http://gateway.example:8080' })).toThrow(/plain http/);
  });

  it('an SDK error quoting the secret key is scrubbed before it becomes a LiveError', () => {
    const key = 'SECRET-cloud-key-quoted-back-77aa';
    const e = cloudApiError('RemoveUser', Object.assign(new Error(`bad signature for ${key}`), { code: 'AuthFailure.SignatureFailure', requestId: 'r-1' }), (s) => s.split(key).join('[redacted]'));
    expect(JSON.stringify(e)).not.toContain(key);
    expect(e).toMatchObject({ kind: 'api', codeName: 'AuthFailure.SignatureFailure', delivery: 'no', requestId: 'r-1' });
  });
});

describe('the built binary', () => {
  const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  const baseEnv = () => ({
    ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_'))) as Record<string, string>),
    XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-trtc-')),
  });

  it('with the credential and the endpoint override it serves the TRTC tools against a sandbox; without, it lists none and says why', async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build');
    const sb = createSandbox({ rateLimits: false });
    const l = await sb.listen({ port: 0 });
    guard.secrets.add(sb.cloudApi.credentials.secretKey);
    const env = {
      ...baseEnv(), TENCENT_LIVE_ENDPOINT: l.url, TENCENT_LIVE_SDKAPPID: String(sb.credentials.sdkAppId), TENCENT_LIVE_SECRET_KEY: sb.credentials.secretKey,
      TENCENT_LIVE_LOG_LEVEL: 'debug',
    };
    const withCloud = await stdioClient(process.execPath, [CLI, '--toolsets', 'trtc,rooms'], {
      ...env, TENCENT_CLOUD_SECRET_ID: sb.cloudApi.credentials.secretId, TENCENT_CLOUD_SECRET_KEY: sb.cloudApi.credentials.secretKey, TENCENT_CLOUD_API_ENDPOINT: l.url,
    });
    try {
      const names = (await withCloud.client.listTools()).tools.map((t) => t.name);
      for (const n of NAMES) expect(names).toContain(n);
      const now = Math.floor(Date.now() / 1000);
      const r = await withCloud.client.callTool({ name: 'describe_room_info', arguments: { StartTime: now - 3600, EndTime: now + 60 } });
      guard.outputs.push(JSON.stringify(r), withCloud.stderr());
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(sb.cloudApi.requests.map((x) => x.action)).toEqual(['DescribeRoomInfo']);
      expect(withCloud.stderr()).toMatch(/Tencent Cloud API 3\.0 \(TRTC\) enabled/);
      expect(withCloud.stderr()).not.toContain(sb.cloudApi.credentials.secretKey);
    } finally {
      await withCloud.close();
    }
    const without = await stdioClient(process.execPath, [CLI, '--toolsets', 'trtc,rooms'], env);
    try {
      const names = (await without.client.listTools()).tools.map((t) => t.name);
      for (const n of NAMES) expect(names).not.toContain(n);
      expect(names).toContain('get_room_list');
      expect(without.stderr()).toMatch(/are not offered: TENCENT_CLOUD_SECRET_ID and TENCENT_CLOUD_SECRET_KEY are not set/);
      guard.outputs.push(without.stderr());
    } finally {
      await without.close();
      await l.close();
    }
  });
});
