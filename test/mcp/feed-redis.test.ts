// The feed shared through Redis (--redis): two server replicas, each with its own callback
// receiver and MCP server, one Redis (Debian's redis-server on a free loopback port) and one
// sandbox. A callback received by replica A is read on replica B (long-poll included); a retry
// delivered to the other replica is stored once; a held message is released once across the
// fleet, however the replicas race.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/feed/callbacks.js';
import { HoldRulesSchema } from '../../src/feed/holds.js';
import { startCallbackListener, type CallbackListener } from '../../src/feed/http.js';
import { createFeed, type Feed } from '../../src/feed/index.js';
import { connectRedisFeedStore } from '../../src/feed/redis-store.js';
import { callbackSign } from '../../src/feed/signature.js';
import type { FeedStore } from '../../src/feed/store.js';
import { silentLogger } from '../../src/logger.js';
import { createSandbox } from '../../src/sandbox/index.js';
import type { LiveRoom } from '../../src/sandbox/state.js';
import { startHarness } from '../helpers/harness.js';
import { redisAvailability, startRedisServer, testPrefix, type RedisServer } from '../helpers/redis.js';

const avail = redisAvailability();
if (!avail.run) console.warn(avail.message);

const ROOM = 'live_music_night';
const TOKEN = 'shared-feed-token';

describe.runIf(avail.run)('the room event feed shared through Redis', () => {
  let server: RedisServer;
  const closers: Array<() => unknown> = [];
  beforeAll(async () => {
    if (!avail.bin) throw new Error(avail.message);
    server = await startRedisServer(avail.bin);
  });
  afterAll(async () => { await server?.stop(); });
  afterEach(async () => { for (const c of closers.splice(0).reverse()) await c(); });

  async function store(prefix: string): Promise<FeedStore> {
    const s = await connectRedisFeedStore(server.url, { prefix });
    closers.push(() => s.close());
    return s;
  }

  /** Two replicas: each a feed on the shared store, a callback listener and an MCP server. */
  async function fleet() {
    const prefix = testPrefix('feed');
    const sandbox = createSandbox({ seed: 'demo', rateLimits: false });
    const listening = await sandbox.listen({ port: 0 });
    closers.push(() => listening.close());
    const replica = async () => {
      const feed: Feed = createFeed({
        file: ':memory:', store: await store(prefix), sdkAppId: sandbox.credentials.sdkAppId, token: TOKEN, logger: silentLogger,
        holds: HoldRulesSchema.parse({ words: ['free coins'] }),
      });
      const listener: CallbackListener = await startCallbackListener(feed.receiver, { host: '127.0.0.1', port: 0, logger: silentLogger });
      closers.push(() => listener.close());
      const h = await startHarness({ existingSandbox: { sandbox, url: listening.url }, feed, elicit: () => ({ action: 'accept', content: { confirm: true } }) });
      closers.push(() => h.close());
      return { feed, listener, h };
    };
    const a = await replica();
    const b = await replica();
    return { sandbox, a, b, room: sandbox.state.requireRoom(ROOM) as LiveRoom };
  }

  async function post(listener: CallbackListener, command: string, body: unknown, app: number) {
    const u = new URL(listener.url);
    const t = String(Math.floor(Date.now() / 1000));
    for (const [k, v] of Object.entries({ SdkAppid: String(app), CallbackCommand: command, contenttype: 'json', RequestTime: t, Sign: callbackSign(TOKEN, t) })) u.searchParams.set(k, v);
    const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as { ActionStatus: string; ErrorCode: number };
  }

  const enter = (who: string, at: number) => ({
    CallbackCommand: 'Live.CallbackAfterMemberStateChanged', RoomId: ROOM, EventType: 'Online', EventCause: 'Enter', MemberList: [{ Member_Account: who }], EventTime: at,
  });

  it('a callback received by replica A is read through get_room_events on replica B, with a long-poll waiting on B', async () => {
    const { sandbox, a, b } = await fleet();
    const app = sandbox.credentials.sdkAppId;
    // B waits first: the event arrives on A, and B's long-poll ends because Redis told it.
    const waiting = b.h.call('get_room_events', { RoomId: ROOM, Types: ['member_enter'], WaitSeconds: 20 });
    // The long-poll has subscribed once B's store has a listener for new events.
    await expect.poll(() => b.feed.store.events.listenerCount('event'), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await post(a.listener, 'Live.CallbackAfterMemberStateChanged', enter('viewer_x', Date.now()), app)).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    const seen = await waiting;
    const events = seen.structured!.Events as Array<{ EventId: number; Type: string; Untrusted: { Actor?: string } }>;
    expect(events.map((e) => [e.Type, e.Untrusted.Actor])).toEqual([['member_enter', 'viewer_x']]);

    // Event ids are the fleet's: a cursor from B continues on A.
    await post(b.listener, 'Live.CallbackAfterMemberStateChanged', enter('viewer_y', Date.now() + 1), app);
    const next = await a.h.call('get_room_events', { RoomId: ROOM, Types: ['member_enter'], Cursor: seen.structured!.Cursor as string });
    expect((next.structured!.Events as Array<{ Untrusted: { Actor?: string } }>).map((e) => e.Untrusted.Actor)).toEqual(['viewer_y']);
  });

  it('a retry delivered to the other replica is stored once', async () => {
    const { sandbox, a, b } = await fleet();
    const body = enter('viewer_retry', Date.now());
    const app = sandbox.credentials.sdkAppId;
    const answers = await Promise.all([post(a.listener, body.CallbackCommand, body, app), post(b.listener, body.CallbackCommand, body, app), post(a.listener, body.CallbackCommand, body, app)]);
    expect(answers.every((x) => x.ActionStatus === 'OK' && x.ErrorCode === 0)).toBe(true);
    const all = await b.feed.store.list({ room: ROOM, actor: 'viewer_retry', limit: 10 });
    expect(all).toHaveLength(1);
    expect(a.feed.receiver.stats.duplicates + b.feed.receiver.stats.duplicates).toBe(2);
    // The before-send retry too: one held message, whichever replica Tencent retried on.
    const msg = { CallbackCommand: 'Group.CallbackBeforeSendMsg', GroupId: ROOM, From_Account: 'raider', Random: 7, MsgTime: 1_780_000_000, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'free coins!' } }] };
    const held = await Promise.all([post(a.listener, msg.CallbackCommand, msg, app), post(b.listener, msg.CallbackCommand, msg, app)]);
    expect(held.map((x) => x.ErrorCode)).toEqual([1, 1]);
    expect(await a.feed.store.listHeld({ room: ROOM, limit: 10 })).toHaveLength(1);
  });

  it('a message held on A is listed on B, released from A and delivered once; B cannot release it again', async () => {
    const { sandbox, a, b, room } = await fleet();
    // The sandbox sends its callbacks to replica A, as Tencent would to one of the fleet.
    sandbox.callbacks.setTarget({ url: a.listener.url, token: TOKEN });
    sandbox.state.addMember(room, 'viewer_a', 0);
    expect(await sandbox.callbacks.viewerSend(room, 'viewer_a', 'FREE COINS now')).toEqual({ delivered: false });

    const list = await b.h.call('list_held_messages', { RoomId: ROOM });
    const held = list.structured!.Held as Array<{ HeldId: number; Untrusted: { Sender: string; Text: string } }>;
    expect(held.map((x) => x.Untrusted)).toMatchObject([{ Sender: 'viewer_a', Text: 'FREE COINS now' }]);

    const r = await a.h.call('release_held_message', { HeldId: held[0]!.HeldId });
    expect(r.isError).toBeFalsy();
    const again = await b.h.call('release_held_message', { HeldId: held[0]!.HeldId });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/(released|releasing), not held/);
    const discard = await b.h.call('discard_held_message', { HeldId: held[0]!.HeldId });
    expect(discard.isError).toBe(true);
    expect(sandbox.requests.filter((x) => x.command === 'send_group_msg')).toHaveLength(1);
    expect(room.messages.filter((m) => m.payload.TextContent === 'FREE COINS now')).toHaveLength(1);
  });

  it('of two replicas racing for the same held messages, exactly one wins each', async () => {
    const prefix = testPrefix('race');
    const [a, b] = [await store(prefix), await store(prefix)];
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await a.hold({ room: 'r', sender: `u${i}`, text: `m${i}`, reason: 'test', msgBody: [] }, Date.now())).id);
    // Release against release for the first half; release against discard for the second.
    const outcomes = await Promise.all(ids.map(async (id, i) => {
      const [x, y] = await Promise.all(i < 20
        ? [a.beginRelease(id, 'replica-a', 1), b.beginRelease(id, 'replica-b', 2)]
        : [a.beginRelease(id, 'replica-a', 1), b.discard(id, 'replica-b', 2)]);
      return [x !== undefined, y !== undefined];
    }));
    for (const [x, y] of outcomes) expect(Number(x) + Number(y)).toBe(1);
    const states = await b.listHeld({ room: 'r', limit: 100 });
    expect(states).toHaveLength(40);
    expect(states.every((m) => m.status === 'releasing' || m.status === 'discarded')).toBe(true);
    // A release whose send failed goes back to held, and can be taken once more.
    const releasing = states.find((m) => m.status === 'releasing')!;
    await b.abortRelease(releasing.id, 'send failed');
    expect(await a.getHeld(releasing.id)).toMatchObject({ status: 'held', note: 'send failed' });
    expect((await a.getHeld(releasing.id))!.sendRandom).toBeUndefined();
    expect(await b.beginRelease(releasing.id, 'replica-b', 3)).toMatchObject({ status: 'releasing', decidedBy: 'replica-b' });
    await a.finishRelease(releasing.id, 42, 4);
    expect(await b.getHeld(releasing.id)).toMatchObject({ status: 'released', msgSeq: 42 });
    expect(await b.discard(releasing.id, 'x', 5)).toBeUndefined();
  });

  it('keeps the count bounds per room and keeps empty MsgBody arrays and stranger text as given', async () => {
    const prefix = testPrefix('bounds');
    const s = await connectRedisFeedStore(server.url, { prefix, limits: { maxAgeMs: 3600_000, maxPerRoom: 5, maxTotal: 8 } });
    closers.push(() => s.close());
    const now = Date.now();
    for (let i = 0; i < 12; i++) {
      const body = { GroupId: i % 2 ? 'odd' : 'even', From_Account: `u${i}`, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `<img src=x onerror=alert(${i})>` } }] };
      await s.add(normalize('Group.CallbackAfterSendMsg', body, JSON.stringify(body), now + i));
    }
    expect(await s.list({ room: 'odd', limit: 100 })).toHaveLength(5);
    expect((await s.list({ limit: 100 })).map((e) => e.id)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect((await s.recentInRoom('even', 1))[0]).toMatchObject({ actor: 'u10', text: '<img src=x onerror=alert(10)>' });
    expect(await s.rooms()).toEqual(['even', 'odd']);
    const h = await s.hold({ room: 'odd', sender: 'u', reason: 'r', msgBody: [] }, now);
    expect((await s.getHeld(h.id))!.msgBody).toEqual([]);
  });
});
