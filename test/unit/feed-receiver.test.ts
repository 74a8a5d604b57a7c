// The callback receiver over real loopback HTTP: Tencent's authentication (Sign, RequestTime),
// the SDKAppID check, answers in Tencent's shape, bounded bodies, deduplication of retries, the
// before-send hold answer, and every documented callback type parsed from its doc sample.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalize } from '../../src/feed/callbacks.js';
import { HoldRulesSchema } from '../../src/feed/holds.js';
import { CALLBACK_PATH, MAX_CALLBACK_BYTES, startCallbackListener, type CallbackListener } from '../../src/feed/http.js';
import { createFeed, type Feed } from '../../src/feed/index.js';
import { callbackSign } from '../../src/feed/signature.js';
import { silentLogger } from '../../src/logger.js';

const APP = 1400000001;
const TOKEN = 'callback-token-for-tests';
let now = 1_780_000_000_000;
const clock = () => now;

let feed: Feed | undefined;
let listener: CallbackListener | undefined;
afterEach(async () => {
  await listener?.close();
  feed?.close();
  listener = undefined;
  feed = undefined;
});

async function start(opts: { token?: string; holds?: unknown; file?: string } = { token: TOKEN }) {
  feed = createFeed({
    file: opts.file ?? ':memory:', sdkAppId: APP, logger: silentLogger, clock,
    ...(opts.token !== undefined && { token: opts.token }),
    ...(opts.holds !== undefined && { holds: HoldRulesSchema.parse(opts.holds) }),
  });
  listener = await startCallbackListener(feed.receiver, { host: '127.0.0.1', port: 0, logger: silentLogger });
  return feed;
}

function url(command: string, q: Record<string, string> = {}) {
  const u = new URL(listener!.url);
  u.searchParams.set('SdkAppid', String(APP));
  u.searchParams.set('CallbackCommand', command);
  u.searchParams.set('contenttype', 'json');
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u;
}
const signed = (token = TOKEN, at = now) => {
  const t = String(Math.floor(at / 1000));
  return { RequestTime: t, Sign: callbackSign(token, t) };
};
async function post(u: URL, body: unknown) {
  const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ActionStatus: string; ErrorCode: number; ErrorInfo: string } };
}

const MEMBER = { CallbackCommand: 'Live.CallbackAfterMemberStateChanged', RoomId: 'room_a', EventType: 'Online', EventCause: 'Enter', MemberList: [{ Member_Account: 'jared' }], EventTime: now };
const count = async () => (await feed!.store.list({ limit: 1000 })).length;

describe('callback authentication', () => {
  it('accepts a signed callback and stores one event', async () => {
    await start();
    const r = await post(url(MEMBER.CallbackCommand, signed()), MEMBER);
    expect(r).toEqual({ status: 200, body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } });
    expect(await feed!.store.list({ limit: 10 })).toMatchObject([{ room: 'room_a', type: 'member_enter', actor: 'jared' }]);
  });

  it('refuses unsigned, forged and wrong-token callbacks and stores nothing', async () => {
    await start();
    expect((await post(url(MEMBER.CallbackCommand), MEMBER)).status).toBe(401);
    const forged = { ...signed(), Sign: 'a'.repeat(64) };
    expect((await post(url(MEMBER.CallbackCommand, forged), MEMBER)).status).toBe(401);
    expect((await post(url(MEMBER.CallbackCommand, signed('another-token')), MEMBER)).status).toBe(401);
    const r = await post(url(MEMBER.CallbackCommand, { RequestTime: 'abc', Sign: 'x' }), MEMBER);
    expect(r.body).toMatchObject({ ActionStatus: 'FAIL' });
    expect(await count()).toBe(0);
    expect(feed!.receiver.stats.refused).toBe(4);
  });

  it('refuses a stale or replayed request once RequestTime is more than 60 s away', async () => {
    await start();
    const captured = url(MEMBER.CallbackCommand, signed());
    now += 61_000;
    expect((await post(captured, MEMBER)).status).toBe(401);
    // A request signed 61 s in the future is refused too (a clock that runs ahead).
    expect((await post(url(MEMBER.CallbackCommand, signed(TOKEN, now + 61_000)), MEMBER)).status).toBe(401);
    expect(await count()).toBe(0);
  });

  it('stores a retried callback (same body) once', async () => {
    await start();
    for (let i = 0; i < 3; i += 1) expect((await post(url(MEMBER.CallbackCommand, signed()), MEMBER)).status).toBe(200);
    expect(await count()).toBe(1);
    expect(feed!.receiver.stats.duplicates).toBe(2);
  });

  it('refuses another application\'s SDKAppID', async () => {
    await start();
    const u = url(MEMBER.CallbackCommand, signed());
    u.searchParams.set('SdkAppid', '1400000002');
    expect((await post(u, MEMBER)).status).toBe(403);
    expect(await count()).toBe(0);
  });

  it('without a token (the explicit unsigned mode) accepts callbacks, SdkAppId spelled either way', async () => {
    await start({});
    const u = url(MEMBER.CallbackCommand);
    u.searchParams.delete('SdkAppid');
    u.searchParams.set('SdkAppId', String(APP));
    expect((await post(u, MEMBER)).status).toBe(200);
    expect(await count()).toBe(1);
  });
});

describe('bad requests get clear answers and never crash the receiver', () => {
  it('bad JSON, a non-object, a missing command, a GET, an oversized body, another path', async () => {
    await start();
    expect(await post(url('X.Y', signed()), '{not json')).toMatchObject({ status: 400, body: { ActionStatus: 'FAIL', ErrorInfo: 'body is not valid JSON' } });
    expect((await post(url('X.Y', signed()), '[1,2]')).status).toBe(400);
    const noCommand = url('X', signed());
    noCommand.searchParams.delete('CallbackCommand');
    expect((await post(noCommand, { a: 1 })).status).toBe(400);
    expect((await fetch(url('X.Y', signed()))).status).toBe(405);
    const big = await post(url('X.Y', signed()), JSON.stringify({ pad: 'x'.repeat(MAX_CALLBACK_BYTES) }));
    expect(big.status).toBe(413);
    const other = await fetch(new URL('/elsewhere', listener!.url), { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    // Still serving after all that.
    expect((await post(url(MEMBER.CallbackCommand, signed()), MEMBER)).status).toBe(200);
    expect(listener!.url.endsWith(CALLBACK_PATH)).toBe(true);
  });
});

describe('documented callback types, parsed from the doc samples', () => {
  const dir = join(import.meta.dirname, '../fixtures/callbacks');
  const fixtures = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { doc: string; command: string; body: Record<string, unknown>; expect: Record<string, unknown> });
  it.each(fixtures.map((f) => [f.command, f] as const))('%s', async (_c, f) => {
    expect(f.doc).toMatch(/^https:\/\/(www\.|intl\.cloud\.)?(tencentcloud\.com|trtc\.io|tencent\.com)\//);
    // The reference page lists every command parsed from a sample, in its table.
    expect(readFileSync(join(import.meta.dirname, '../../docs/reference/tencent-callbacks.md'), 'utf8')).toContain(`| \`${f.command}\``);
    const ev = normalize(f.command, f.body, JSON.stringify(f.body), now);
    expect(ev).toMatchObject(f.expect);
    expect(ev.payload).toEqual(f.body);
    // And through the receiver: a before-send with no hold rule passes (ErrorCode 0).
    await start();
    const r = await post(url(f.command, signed()), f.body);
    expect(r.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
  });
});

describe('before-send holds', () => {
  const msg = (text: string, from = 'viewer_1', Random = Math.floor(Math.random() * 1e9)) => ({
    CallbackCommand: 'Group.CallbackBeforeSendMsg', GroupId: 'live_music_night', Type: 'AVChatRoom', From_Account: from, Operator_Account: from, Random,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
  });

  it('blocks a message matching a rule (ErrorCode 1), queues it once even when Tencent retries, lets others through', async () => {
    await start({ token: TOKEN, holds: { words: ['free coins'], patterns: ['https?://'], users: ['raider_x'] } });
    const spam = msg('FREE COINS here');
    expect((await post(url(spam.CallbackCommand, signed()), spam)).body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 1 });
    expect((await post(url(spam.CallbackCommand, signed()), spam)).body).toMatchObject({ ErrorCode: 1 });
    expect((await post(url(spam.CallbackCommand, signed()), msg('see http://x.example'))).body.ErrorCode).toBe(1);
    expect((await post(url(spam.CallbackCommand, signed()), msg('hi', 'raider_x'))).body.ErrorCode).toBe(1);
    expect((await post(url(spam.CallbackCommand, signed()), msg('hello'))).body.ErrorCode).toBe(0);
    const held = await feed!.store.listHeld({ limit: 10 });
    expect(held.map((h) => [h.sender, h.text, h.status])).toEqual([
      ['viewer_1', 'FREE COINS here', 'held'], ['viewer_1', 'see http://x.example', 'held'], ['raider_x', 'hi', 'held'],
    ]);
    expect(held[0]!.reason).toBe('contains "free coins"');
  });

  it('answers ErrorCode 2 (silent drop) when the rules say so, and holds everything with the raid switch', async () => {
    await start({ token: TOKEN, holds: { all: true, answer: 'silent' } });
    expect((await post(url('Group.CallbackBeforeSendMsg', signed()), msg('anything'))).body.ErrorCode).toBe(2);
    feed!.holds.holdAll = false;
    expect((await post(url('Group.CallbackBeforeSendMsg', signed()), msg('anything else'))).body.ErrorCode).toBe(0);
  });

  it('events and held messages survive a restart (SQLite file)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'feed-')), 'feed.sqlite');
    await start({ token: TOKEN, holds: { words: ['bad'] }, file });
    await post(url(MEMBER.CallbackCommand, signed()), MEMBER);
    await post(url('Group.CallbackBeforeSendMsg', signed()), msg('bad words'));
    await listener!.close();
    feed!.close();
    listener = undefined;
    feed = createFeed({ file, sdkAppId: APP, logger: silentLogger, clock, token: TOKEN });
    expect((await feed.store.list({ limit: 10 })).map((e) => e.type)).toEqual(['member_enter', 'message_held']);
    expect(await feed.store.listHeld({ limit: 10 })).toMatchObject([{ text: 'bad words', status: 'held' }]);
  });
});
