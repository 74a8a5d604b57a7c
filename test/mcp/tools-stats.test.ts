// get_room_stats end to end through a real MCP client against the sandbox, and its agreement with
// the end-of-live Statistic that destroy_room returns.
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest } from '../helpers/harness.js';
import type { Era } from '../helpers/mcp.js';
import { call, signedQuery, TestClock } from '../helpers/sandbox.js';

// One harness per test, closed after it; sandbox rate limits stay off (startHarness's default).
const start = harnessPerTest();

const MUSIC = 'live_music_night';
const SEEDED = { TotalViewers: 12840, TotalGiftsSent: 57, TotalGiftCoins: 4210, TotalUniqueGiftSenders: 3, TotalLikesReceived: 980, TotalMsgCount: 0 };

describe('get_room_stats', () => {
  it('is a read named as the newest docs name it', () => {
    const def = TOOLS.find((t) => t.name === 'get_room_stats')!;
    expect(def).toMatchObject({ effect: 'read', idempotent: true });
    expect(def.endpoint).toBe(ENDPOINTS.get_room_stats);
    expect(def.endpoint.command).toBe('get_room_stats');
    expect(def.confirm).toBeUndefined();
  });

  it('returns the room\'s counters and follows the room\'s activity', async () => {
    const x = await start();
    const r = await x.call('get_room_stats', { RoomId: MUSIC });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.structured).toEqual({ ...SEEDED, RequestId: expect.any(String) });
    expect(r.text).toMatch(/^Room "live_music_night": 12840 viewer entries, 57 gifts \(4210 coins from 3 senders\), 980 likes, 0 messages\./);
    const room = x.sandbox.state.requireRoom(MUSIC);
    x.sandbox.state.recordMessage(room, { kind: 'text', Sender_Account: 'viewer_ada', payload: {}, at: Date.now() });
    room.stats.TotalLikesReceived += 20;
    const again = await x.call('get_room_stats', { RoomId: MUSIC });
    expect(again.structured).toMatchObject({ TotalMsgCount: 1, TotalLikesReceived: 1000 });
  });

  it('a fresh room counts zero', async () => {
    const x = await start({ seed: 'empty' });
    await x.call('create_room', { RoomInfo: { RoomId: 'live_new', RoomType: 'Live', SeatTemplate: 'AudioSalon' } });
    const r = await x.call('get_room_stats', { RoomId: 'live_new' });
    expect(r.structured).toMatchObject({ TotalViewers: 0, TotalGiftsSent: 0, TotalGiftCoins: 0, TotalUniqueGiftSenders: 0, TotalLikesReceived: 0, TotalMsgCount: 0 });
  });

  it('agrees with the Statistic destroy_room returns (which has no message count)', async () => {
    const x = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const { RequestId: _rid, TotalMsgCount: _msgs, ...before } = (await x.call('get_room_stats', { RoomId: MUSIC })).structured!;
    const destroyed = await x.call('destroy_room', { RoomId: MUSIC });
    expect(destroyed.structured!.Statistic).toEqual(before);
    const after = await x.call('get_room_stats', { RoomId: MUSIC });
    expect(after.isError).toBe(true);
    expect(after.text).toMatch(/100004/);
  });

  it('an unknown room or a conference room is 100004', async () => {
    const x = await start();
    for (const RoomId of ['nope', 'conf_weekly_sync']) {
      const r = await x.call('get_room_stats', { RoomId });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/100004/);
      expect(r.text).toMatch(/No statistics were read/);
    }
  });

  it.each([
    ['a 49-byte RoomId', { RoomId: 'r'.repeat(49) }],
    ['a blank RoomId', { RoomId: '  ' }],
    ['no RoomId', {}],
    ['an unknown key', { RoomId: MUSIC, Since: 0 }],
  ])('refuses %s before sending anything', async (_name, args) => {
    const x = await start();
    const r = await x.call('get_room_stats', args);
    expect(r.isError).toBe(true);
    expect(x.sent('get_room_stats')).toHaveLength(0);
  });
});

describe.each<Era>(['modern'])('get_room_stats over the %s era', (era) => {
  it('reads the counters', async () => {
    const x = await start({ era });
    const r = await x.call('get_room_stats', { RoomId: MUSIC });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.structured).toMatchObject(SEEDED);
  });
});

describe('sandbox get_room_stats', () => {
  it('validates RoomId (100002) and answers the console\'s get_room_statistic name as an unknown API (60009)', () => {
    const clock = new TestClock();
    const sb = createSandbox({ clock: clock.now, rateLimits: false });
    expect(call(sb, clock, 'get_room_stats', {}).ErrorCode).toBe(100002);
    expect(call(sb, clock, 'get_room_stats', { RoomId: 'é'.repeat(25) }).ErrorInfo).toMatch(/48 bytes/);
    const legacy = sb.handle({ method: 'POST', path: '/v4/live_engine_http_srv/get_room_statistic', query: signedQuery(sb.credentials, clock.ms), bodyText: JSON.stringify({ RoomId: MUSIC }) });
    expect((legacy.body as { ErrorCode: number }).ErrorCode).toBe(60009);
  });
});
