// Sandbox through its pure dispatch (no sockets): gateway checks in Tencent's order, envelope,
// request log, rate limits, registry, seeds and the room-management handlers.
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type EndpointName } from '../../src/catalog/endpoints.js';
import { genUserSig } from '../../src/client/usersig.js';
import { createSandbox, HANDLERS, seedRooms, type Sandbox } from '../../src/sandbox/index.js';
import { rateRule, WindowRateLimiter } from '../../src/sandbox/rate-limit.js';
import { call, type Envelope, pathOf, signedQuery, type SignOptions, T0, TestClock } from '../helpers/sandbox.js';

function setup(opts: { seed?: 'demo' | 'empty'; rateLimits?: boolean } = {}) {
  const clock = new TestClock();
  const sb = createSandbox({ clock: clock.now, seed: opts.seed ?? 'demo', rateLimits: opts.rateLimits ?? false });
  return { sb, clock, call: (name: EndpointName, body: unknown) => call(sb, clock, name, body) };
}

describe('gateway checks', () => {
  const { sb, clock } = setup();
  const path = pathOf('get_room_info');
  const body = JSON.stringify({ RoomId: 'live_music_night' });
  const send = (query: URLSearchParams, o: { method?: string; bodyText?: string; path?: string } = {}) =>
    sb.handle({ method: o.method ?? 'POST', path: o.path ?? path, query, bodyText: o.bodyText ?? body }).body as Envelope;
  const q = (o: SignOptions = {}) => signedQuery(sb.credentials, clock.ms, o);
  const without = (name: string) => { const p = q(); p.delete(name); return p; };
  const withParam = (name: string, value: string) => { const p = q(); p.set(name, value); return p; };

  it.each([
    ['GET instead of POST', 60002, () => send(q(), { method: 'GET' })],
    ['sdkappid missing', 60012, () => send(without('sdkappid'))],
    ['identifier missing', 60004, () => send(without('identifier'))],
    ['random missing', 60002, () => send(without('random'))],
    ['random not a uint32', 60002, () => send(withParam('random', '4294967296'))],
    ['contenttype not json', 60002, () => send(withParam('contenttype', 'xml'))],
    ['sdkappid of another app', 60006, () => send(q({ sdkAppId: 1400000002 }))],
    ['sdkappid not a number', 60006, () => send(withParam('sdkappid', 'abc'))],
    ['usersig missing', 70002, () => send(without('usersig'))],
    ['usersig empty', 70002, () => send(withParam('usersig', ''))],
    ['usersig garbage', 70003, () => send(withParam('usersig', 'not-a-sig'))],
    ['usersig expired', 70001, () => send(q({ signedAt: T0 - 2 * 86_400_000, expire: 86_400 }))],
    ['usersig signed with another key', 70009, () => send(q({ signKey: 'some-other-key' }))],
    ['usersig made for another identifier', 70013, () => send(q({ signIdentifier: 'alice' }))],
    ['usersig made for another sdkappid', 70014, () => send(q({ signSdkAppId: 1400000002 }))],
    ['identifier not the administrator', 60010, () => send(q({ identifier: 'alice' }))],
    ['empty body', 60003, () => send(q(), { bodyText: '' })],
    ['body not JSON', 60003, () => send(q(), { bodyText: '{RoomId:' })],
    ['body a JSON array', 60003, () => send(q(), { bodyText: '[]' })],
    ['unknown command', 60009, () => send(q(), { path: '/v4/live_engine_http_srv/no_such_command' })],
    ['unknown service', 60009, () => send(q(), { path: '/v4/nope/get_room_info' })],
  ])('%s → %i, and nothing reaches a handler', (_name, code, run) => {
    const logged = sb.requests.length;
    const res = run();
    expect(sb.requests).toHaveLength(logged);
    expect(res).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
    expect(res.ErrorInfo).not.toBe('');
    expect(res.RequestId).toMatch(/\S/);
    expect(Object.keys(res)).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo', 'RequestId']);
  });

  it('a sig that expires exactly now is still accepted; one second later it is not', () => {
    const query = q({ signedAt: clock.ms - 100_000, expire: 100 });
    expect(send(query).ErrorCode).toBe(0);
    expect(send(q({ signedAt: clock.ms - 101_000, expire: 100 })).ErrorCode).toBe(70001);
  });

  it('answers OK with the common fields first and a fresh RequestId each time', () => {
    const a = send(q());
    const b = send(q());
    expect(a).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(Object.keys(a).slice(0, 4)).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo', 'RequestId']);
    expect(a.RequestId).not.toBe(b.RequestId);
    expect(new Set(Array.from({ length: 50 }, () => send(q()).RequestId)).size).toBe(50);
  });

  it('a catalog command without a handler says the sandbox does not emulate it (60009)', () => {
    const missing = (Object.keys(ENDPOINTS) as EndpointName[]).find((n) => !(HANDLERS as Partial<Record<EndpointName, unknown>>)[n]);
    if (!missing) return; // every command is emulated
    const res = send(q(), { path: pathOf(missing), bodyText: '{}' });
    expect(res.ErrorCode).toBe(60009);
    expect(res.ErrorInfo).toMatch(/does not emulate/);
  });
});

describe('request log', () => {
  it('records command, path, parsed body, clock time and UserSig of every request that reached a handler', () => {
    const { sb, clock, call } = setup();
    expect(sb.requests).toEqual([]);
    call('get_room_info', { RoomId: 'nope' }); // reaches the handler, which answers 100004
    clock.advance(5);
    call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' });
    expect(sb.requests).toEqual([
      { command: 'get_room_info', path: '/v4/live_engine_http_srv/get_room_info', body: { RoomId: 'nope' }, at: T0, userSig: expect.any(String) },
      { command: 'kick_user_off_seat', path: '/v4/room_engine_http_mic/kick_user_off_seat', body: { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' }, at: T0 + 5, userSig: expect.any(String) },
    ]);
    expect(sb.requests.every((r) => r.userSig.length > 20)).toBe(true);
  });
});

describe('rate limits', () => {
  it('the 11th get_room_list in one second is 60007; the next second is fine', () => {
    const { sb, clock, call } = setup({ rateLimits: true });
    for (let i = 0; i < 10; i++) expect(call('get_room_list', { Next: '', Count: 5 }).ErrorCode).toBe(0);
    const over = call('get_room_list', { Next: '', Count: 5 });
    expect(over.ErrorCode).toBe(60007);
    expect(sb.requests).toHaveLength(10); // refused before the handler
    expect(call('get_room_info', { RoomId: 'live_music_night' }).ErrorCode).toBe(0); // other commands unaffected
    clock.advance(1000);
    expect(call('get_room_list', { Next: '', Count: 5 }).ErrorCode).toBe(0);
  });

  it('set_mix_stream and resume_mcu_task share one 20/s budget and answer 100422', () => {
    const { clock, call } = setup({ rateLimits: true });
    for (let i = 0; i < 10; i++) expect(call('resume_mcu_task', { RoomId: 'live_gaming_arena' }).ErrorCode).toBe(0);
    for (let i = 0; i < 10; i++) expect(call('set_mix_stream', { RoomId: 'live_music_night', LayoutMode: 0 }).ErrorCode).toBe(0);
    expect(call('resume_mcu_task', { RoomId: 'live_gaming_arena' }).ErrorCode).toBe(100422);
    expect(call('set_mix_stream', { RoomId: 'live_music_night', LayoutMode: 0 }).ErrorCode).toBe(100422);
    clock.advance(1000);
    expect(call('set_mix_stream', { RoomId: 'live_music_night', LayoutMode: 0 }).ErrorCode).toBe(0);
  });

  it('classifies every catalog command: MCU 100422, gift configuration 100012, the rest 60007', () => {
    expect(rateRule('add_gift')).toEqual({ bucket: 'add_gift', limit: 1, code: 100012 });
    expect(rateRule('get_gift_info_list').code).toBe(100012);
    expect(rateRule('send_gift').code).toBe(60007);
    expect(rateRule('set_mix_stream')).toEqual({ bucket: 'mix', limit: 20, code: 100422, shared: true });
    expect(rateRule('resume_mcu_task')).toEqual(rateRule('set_mix_stream'));
    expect(rateRule('kick_user_off_seat')).toEqual({ bucket: 'kick_user_off_seat', limit: 200, code: 60007 });
  });

  it('counts in fixed one-second windows of the given clock', () => {
    const limiter = new WindowRateLimiter();
    const rule = { bucket: 'x', limit: 1, code: 100012 };
    expect(limiter.take(rule, 5_000)).toBe(true);
    expect(limiter.take(rule, 5_999)).toBe(false);
    expect(limiter.take(rule, 6_000)).toBe(true);
  });

  it('rateLimits: false turns it off', () => {
    const { call } = setup({ rateLimits: false });
    for (let i = 0; i < 30; i++) expect(call('get_room_list', { Next: '', Count: 1 }).ErrorCode).toBe(0);
  });
});

describe('registry and seeds', () => {
  it('every handler key is a catalog command', () => {
    for (const key of Object.keys(HANDLERS)) expect(Object.hasOwn(ENDPOINTS, key), key).toBe(true);
  });

  it('seedDemo: a handful of rooms, one hidden, one without seats, mix tasks, occupied and locked seats', () => {
    const { sb } = setup();
    const rooms = [...sb.state.rooms.values()];
    expect(rooms.length).toBeGreaterThanOrEqual(5);
    expect(rooms.length).toBeLessThanOrEqual(8);
    expect(rooms.filter((r) => !r.info.IsPublicVisible)).toHaveLength(1);
    expect(rooms.some((r) => r.seats.length === 0)).toBe(true);
    expect(rooms.some((r) => r.mix.exists && r.mix.status === 'running')).toBe(true);
    expect(new Set(rooms.map((r) => r.info.ViewCount)).size).toBe(rooms.length);
    expect(new Set(rooms.map((r) => r.info.Owner_Account)).size).toBeGreaterThan(3);
    const music = sb.state.requireRoom('live_music_night');
    expect(music.seats).toHaveLength(9);
    expect(music.seats.filter((s) => s.Member_Account !== '').length).toBeGreaterThan(1);
    expect(music.seats.some((s) => s.IsLocked)).toBe(true);
    expect([...music.members.keys()].filter((m) => sb.state.seatIndexOf(music, m) < 0).length).toBeGreaterThan(2); // audience
  });

  it('seed "empty" starts with nothing', () => {
    const { sb } = setup({ seed: 'empty' });
    expect(sb.state.rooms.size).toBe(0);
  });

  // How fast seeding is belongs to the benchmarks (bench/run.mjs crawls 10,000 rooms); here only
  // what the crawl sees.
  it('seedRooms makes 10,000 rooms and a crawl sees each public room exactly once, in order', () => {
    const { sb, call } = setup({ seed: 'empty' });
    seedRooms(sb.state, 10_000, T0, { hiddenEvery: 10 });
    const seen: Array<{ RoomId: string; ViewCount: number }> = [];
    let next = '';
    do {
      const res = call('get_room_list', { Next: next, Count: 20 });
      expect(res.ErrorCode).toBe(0);
      seen.push(...res.Response.RoomList);
      next = res.Response.Next;
    } while (next !== '');
    expect(seen).toHaveLength(9_000);
    expect(new Set(seen.map((r) => r.RoomId)).size).toBe(9_000);
    expect(isListOrder(seen)).toBe(true);
  });
});

function isListOrder(list: Array<{ RoomId: string; ViewCount: number }>): boolean {
  return list.every((r, i) => i === 0 || list[i - 1]!.ViewCount > r.ViewCount || (list[i - 1]!.ViewCount === r.ViewCount && list[i - 1]!.RoomId < r.RoomId));
}

describe('get_room_list', () => {
  function crawl(sb: Sandbox, clock: TestClock, count: number) {
    const pages: Envelope[] = [];
    let next = '';
    do {
      const res = call(sb, clock, 'get_room_list', { Next: next, Count: count });
      expect(res.ErrorCode).toBe(0);
      pages.push(res);
      next = res.Response.Next;
    } while (next !== '' && pages.length < 100);
    return pages;
  }

  it('45 rooms, Count 20: three pages cover every public room once, ViewCount desc, hidden rooms absent', () => {
    const { sb, clock } = setup({ seed: 'empty' });
    seedRooms(sb.state, 45, T0);
    for (const id of ['room_03', 'room_17', 'room_40']) sb.state.requireRoom(id).info.IsPublicVisible = false;
    // Rooms with ViewCount 10_000+ are also hidden and would otherwise lead the list.
    seedRooms(sb.state, 3, T0, { prefix: 'hidden_', hiddenEvery: 1 });
    for (const r of sb.state.rooms.values()) if (r.info.RoomId.startsWith('hidden_')) r.info.ViewCount += 10_000;
    const pages = crawl(sb, clock, 20);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.Response.RoomList.length)).toEqual([20, 20, 2]);
    expect(pages[2]!.Response.Next).toBe('');
    const ids = pages.flatMap((p) => p.Response.RoomList.map((r: { RoomId: string }) => r.RoomId));
    const expected = [...sb.state.rooms.values()].filter((r) => r.info.IsPublicVisible).map((r) => r.info.RoomId);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(ids).not.toContain('room_03');
    expect(isListOrder(pages.flatMap((p) => p.Response.RoomList))).toBe(true);
  });

  it('lists the documented fields, ties broken by RoomId', () => {
    const { sb, call } = setup({ seed: 'empty' });
    for (const id of ['b', 'c', 'a']) sb.state.addRoom({ RoomId: id, ViewCount: 7, Category: [1] }, T0);
    const res = call('get_room_list', { Next: '0', Count: 20 });
    expect(res.Response.RoomList.map((r: { RoomId: string }) => r.RoomId)).toEqual(['a', 'b', 'c']);
    expect(Object.keys(res.Response.RoomList[0]).sort()).toEqual(
      ['ActivityStatus', 'Category', 'CoverURL', 'CreateTime', 'Owner_Account', 'RoomId', 'RoomName', 'ViewCount']);
    expect(res.Response.Next).toBe('');
  });

  it('the cursor stays valid when rooms are added or removed between pages', () => {
    const { sb, call } = setup({ seed: 'empty' });
    seedRooms(sb.state, 30, T0);
    const first = call('get_room_list', { Next: '', Count: 10 });
    const firstIds: string[] = first.Response.RoomList.map((r: { RoomId: string }) => r.RoomId);
    sb.state.addRoom({ RoomId: 'late_top', ViewCount: 1_000_000 }, T0); // sorts before the cursor: not seen
    sb.state.addRoom({ RoomId: 'late_bottom', ViewCount: 0 }, T0); // after the cursor: seen later
    sb.state.removeRoom(firstIds[9]!); // the cursor's own room may go away
    let next = first.Response.Next;
    const rest: string[] = [];
    while (next) {
      const res = call('get_room_list', { Next: next, Count: 10 });
      rest.push(...res.Response.RoomList.map((r: { RoomId: string }) => r.RoomId));
      next = res.Response.Next;
    }
    expect(rest).toContain('late_bottom');
    expect(rest).not.toContain('late_top');
    expect(rest.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(firstIds.length + rest.length).toBe(31);
  });

  it.each([
    ['Count 21', { Next: '', Count: 21 }],
    ['Count 0', { Next: '', Count: 0 }],
    ['Count as a string', { Next: '', Count: '20' }],
    ['Count missing', { Next: '' }],
    ['Next missing', { Count: 20 }],
    ['Next not a cursor', { Next: 'garbage!', Count: 20 }],
  ])('%s → 100002', (_name, body) => {
    const res = setup().call('get_room_list', body);
    expect(res.ErrorCode).toBe(100002);
    expect(res.ErrorInfo).toMatch(/Count|Next/);
  });
});

describe('room handlers', () => {
  it('get_room_info returns the documented profile; unknown room 100004; oversized RoomId 100002', () => {
    const { call } = setup();
    const res = call('get_room_info', { RoomId: 'live_music_night' });
    expect(res.Response.RoomInfo).toMatchObject({
      RoomId: 'live_music_night', RoomType: 'Live', Owner_Account: 'host_lena', ViewCount: 12840,
      IsSeatEnabled: true, MaxSeatCount: 9, IsPublicVisible: true, IsUnlimitedRoomEnabled: true, TakeSeatMode: 'FreeToTake',
    });
    expect(call('get_room_info', { RoomId: 'nope' }).ErrorCode).toBe(100004);
    expect(call('get_room_info', { RoomId: 'x'.repeat(49) }).ErrorCode).toBe(100002);
    expect(call('get_room_info', {}).ErrorCode).toBe(100002);
  });

  it('change_room_owner records the new owner; unknown room 100004; empty owner 100002', () => {
    const { call } = setup();
    expect(call('change_room_owner', { RoomId: 'live_cooking_show', NewOwner_Account: 'viewer_fay' }).ErrorCode).toBe(0);
    expect(call('get_room_info', { RoomId: 'live_cooking_show' }).Response.RoomInfo.Owner_Account).toBe('viewer_fay');
    expect(call('change_room_owner', { RoomId: 'nope', NewOwner_Account: 'x' }).ErrorCode).toBe(100004);
    expect(call('change_room_owner', { RoomId: 'live_cooking_show', NewOwner_Account: '' }).ErrorCode).toBe(100002);
    expect(call('change_room_owner', { RoomId: 'live_cooking_show' }).ErrorCode).toBe(100002);
  });

  it('create_room applies defaults and documented limits, and refuses taken ids', () => {
    const { sb, clock, call } = setup();
    const created = call('create_room', { RoomInfo: { RoomId: 'new_room', RoomType: 'Live' } });
    expect(created).toMatchObject({ ErrorCode: 0, Response: { RoomId: 'new_room' } });
    expect(call('get_room_info', { RoomId: 'new_room' }).Response.RoomInfo).toMatchObject({
      RoomName: 'new_room', Owner_Account: 'administrator', IsPublicVisible: true, MaxSeatCount: 9, ViewCount: 0,
      CreateTime: Math.floor(clock.ms / 1000),
    });
    expect(call('create_room', { RoomInfo: { RoomId: 'new_room', RoomType: 'Live' } }).ErrorCode).toBe(100010);
    expect(call('create_room', { RoomInfo: { RoomId: 'new_room', RoomType: 'Live', Owner_Account: 'someone' } }).ErrorCode).toBe(100003);
    expect(call('create_room', { RoomInfo: { RoomId: 'conf_weekly_sync', RoomType: 'Live' } }).ErrorCode).toBe(100003);
    const voice = call('create_room', { RoomInfo: { RoomId: 'v', RoomType: 'Live', SeatTemplate: 'AudioSalon', MaxSeatCount: 12 } });
    expect(voice.ErrorCode).toBe(0);
    expect(sb.state.requireRoom('v').seats).toHaveLength(12);
    call('create_room', { RoomInfo: { RoomId: 'noseat', RoomType: 'Live', IsSeatEnabled: false } });
    expect(sb.state.requireRoom('noseat').seats).toHaveLength(0);
    call('create_room', { RoomInfo: { RoomId: 'old', RoomType: 'Live', SeatLayoutTemplateId: 200 } });
    expect(sb.state.requireRoom('old').info.SeatTemplate).toBe('VideoLandscape4Seats');
  });

  it.each([
    ['no RoomInfo', {}],
    ['RoomType not Live', { RoomInfo: { RoomId: 'r', RoomType: 'Conference' } }],
    ['RoomId over 48 bytes', { RoomInfo: { RoomId: 'é'.repeat(25), RoomType: 'Live' } }],
    ['four categories', { RoomInfo: { RoomId: 'r', RoomType: 'Live', Category: [1, 2, 3, 4] } }],
    ['unknown TakeSeatMode', { RoomInfo: { RoomId: 'r', RoomType: 'Live', TakeSeatMode: 'Whatever' } }],
    ['unknown SeatTemplate', { RoomInfo: { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'Grid100' } }],
    ['CoverURL over 200 bytes', { RoomInfo: { RoomId: 'r', RoomType: 'Live', CoverURL: 'x'.repeat(201) } }],
  ])('create_room with %s → 100002', (_name, body) => {
    const res = setup().call('create_room', body);
    expect(res.ErrorCode).toBe(100002);
    expect(res.ErrorInfo).toMatch(/RoomInfo/);
  });

  it('destroy_room removes the room and returns statistics; later calls are 100004; re-creating waits a second', () => {
    const { sb, clock, call } = setup();
    call('create_room', { RoomInfo: { RoomId: 'brief', RoomType: 'Live' } });
    const res = call('destroy_room', { RoomId: 'live_music_night' });
    expect(res.Response.Statistic).toMatchObject({ TotalViewers: 12840, TotalGiftsSent: 57, TotalUniqueGiftSenders: 3 });
    expect(sb.state.rooms.has('live_music_night')).toBe(false);
    expect(call('get_room_info', { RoomId: 'live_music_night' }).ErrorCode).toBe(100004);
    expect(call('destroy_room', { RoomId: 'live_music_night' }).ErrorCode).toBe(100004);
    expect(call('get_seat_list', { RoomId: 'live_music_night' }).ErrorCode).toBe(100004);
    expect(call('destroy_room', { RoomId: 'brief' }).ErrorCode).toBe(0);
    expect(call('create_room', { RoomInfo: { RoomId: 'brief', RoomType: 'Live' } }).ErrorCode).toBe(100012);
    clock.advance(1000);
    expect(call('create_room', { RoomInfo: { RoomId: 'brief', RoomType: 'Live' } }).ErrorCode).toBe(0);
  });

  it('update_room_info changes only the fields sent; hiding a room drops it from get_room_list', () => {
    const { call } = setup();
    expect(call('update_room_info', { RoomInfo: { RoomId: 'live_cooking_show', IsPublicVisible: false, Notice: 'back soon' } }).ErrorCode).toBe(0);
    const info = call('get_room_info', { RoomId: 'live_cooking_show' }).Response.RoomInfo;
    expect(info).toMatchObject({ IsPublicVisible: false, Notice: 'back soon', RoomName: 'Noodles From Scratch' });
    const list = call('get_room_list', { Next: '', Count: 20 }).Response.RoomList.map((r: { RoomId: string }) => r.RoomId);
    expect(list).not.toContain('live_cooking_show');
    expect(list).not.toContain('live_private_rehearsal');
    expect(call('update_room_info', { RoomInfo: { RoomId: 'nope' } }).ErrorCode).toBe(100004);
    expect(call('update_room_info', { RoomInfo: { RoomId: 'live_cooking_show', Notice: 'x'.repeat(101) } }).ErrorCode).toBe(100002);
  });
});

it('genUserSig from the client module is what the sandbox verifies', () => {
  const clock = new TestClock();
  const sb = createSandbox({ clock: clock.now, sdkAppId: 1400123456, secretKey: 'k'.repeat(64), admin: 'ops' });
  const usersig = genUserSig({ sdkAppId: 1400123456, secretKey: 'k'.repeat(64), identifier: 'ops', expire: 60, now: Math.floor(T0 / 1000) });
  const query = new URLSearchParams({ sdkappid: '1400123456', identifier: 'ops', usersig, random: '0', contenttype: 'json' });
  const res = sb.handle({ method: 'POST', path: pathOf('get_room_list'), query, bodyText: '{"Next":"","Count":1}' });
  expect(res).toMatchObject({ status: 200, body: { ActionStatus: 'OK' } });
});
