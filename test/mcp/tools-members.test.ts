// Members tools end to end: a real MCP client → policy → signed client → sandbox over loopback,
// with state changes read back through the family's own read tools; and the sandbox's member
// semantics (expiry, paging, codes) driven directly with a fixed clock.
import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src/catalog/endpoints.js';
import { humanDuration } from '../../src/tools/format.js';
import { harnessPerTest, type Harness, type HarnessOptions } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { sandboxSession, T0 } from '../helpers/sandbox.js';

const MUSIC = 'live_music_night'; // seats 0 host_lena, 1 guest_omar, 2 guest_priya; spammer_x banned; viewer_eli muted; admin mod_sam
const accept = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });
const decline = (): ElicitAnswer => ({ action: 'decline' });

const startPerTest = harnessPerTest();
let h: Harness;
const start = async (opts?: HarnessOptions) => (h = await startPerTest(opts));

const accountsOf = (list: unknown) => (list as Array<{ Member_Account: string }>).map((m) => m.Member_Account);

describe('humanDuration', () => {
  it('shows seconds as sent plus human units', () => {
    expect(humanDuration(45)).toBe('45 s');
    expect(humanDuration(3600)).toBe('3600 s (1 h)');
    expect(humanDuration(5400)).toBe('5400 s (1 h 30 min)');
    expect(humanDuration(90_061)).toBe('90061 s (1 d 1 h 1 min 1 s)');
  });
});

describe('member reads', () => {
  it('get_member_list lists the room (robots included) with MemberCount and an empty Next', async () => {
    await start();
    const r = await h.call('get_member_list', { RoomId: MUSIC });
    expect(r.isError).toBeFalsy();
    expect(r.structured).toMatchObject({ Next: '', MemberCount: 8 });
    expect(accountsOf(r.structured!.MemberList)).toContain('guest_omar');
    const voice = await h.call('get_member_list', { RoomId: 'voice_chat_lounge' });
    expect(accountsOf(voice.structured!.MemberList)).toContain('bot_greeter');
    expect(h.sent('get_member_list')[0]!.body).toEqual({ RoomId: MUSIC, Next: '' });
  });

  it('get_admin_list and get_muted_member_list show the seeded state', async () => {
    await start();
    expect((await h.call('get_admin_list', { RoomId: MUSIC })).structured).toMatchObject({ Admin_Account: ['mod_sam'] });
    const muted = await h.call('get_muted_member_list', { RoomId: MUSIC });
    expect(muted.structured!.MutedAccountList).toEqual([{ Member_Account: 'viewer_eli', MutedUntil: expect.any(Number) }]);
  });

  it('an unknown room is an error result quoting 100004', async () => {
    await start();
    const r = await h.call('get_admin_list', { RoomId: 'no_such_room' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100004/);
    expect(r.text).toMatch(/get_room_list/);
  });
});

describe.each<Era>(['legacy', 'modern'])('ban and unban over the %s era', (era) => {
  it('ban_member: the form lists room, every user, duration and reason; accepted, the users leave room and seat', async () => {
    await start({ era, elicit: accept });
    const before = Math.floor(Date.now() / 1000);
    const r = await h.call('ban_member', { RoomId: MUSIC, MemberList_Account: ['guest_omar', 'viewer_ada'], Duration: 3600, Reason: 'link spam' });
    expect(r.isError).toBeFalsy();
    expect(h.sent('ban_member')).toHaveLength(1);
    const form = h.mcp.forms[0]!.message;
    for (const s of ['"live_music_night"', '"guest_omar"', '"viewer_ada"', '3600 s (1 h)', '"link spam"']) expect(form).toContain(s);

    const banned = await h.call('get_banned_member_list', { RoomId: MUSIC });
    const list = banned.structured!.BannedAccountList as Array<{ Member_Account: string; BannedUntil: number }>;
    expect(list.map((b) => b.Member_Account)).toEqual(['spammer_x', 'guest_omar', 'viewer_ada']);
    expect(list[1]!.BannedUntil).toBeGreaterThanOrEqual(before + 3600);
    expect(list[1]!.BannedUntil).toBeLessThanOrEqual(before + 3602);

    const members = accountsOf((await h.call('get_member_list', { RoomId: MUSIC })).structured!.MemberList);
    expect(members).not.toContain('guest_omar');
    expect(members).not.toContain('viewer_ada');
    const seats = (await h.call('get_seat_list', { RoomId: MUSIC })).structured!.SeatList as Array<{ Member_Account?: string }>;
    expect(seats[1]!.Member_Account).toBe('');

    // No longer a member, so no seat.
    const pick = await h.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'guest_omar', Index: 4 });
    expect(pick.isError).toBe(true);
    expect(pick.text).toMatch(/100005/);
  });

  it('ban_member declined sends nothing and says so', async () => {
    await start({ era, elicit: decline });
    const r = await h.call('ban_member', { RoomId: MUSIC, MemberList_Account: ['viewer_bo'], Duration: 600 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/No one was banned/);
    expect(h.sent('ban_member')).toHaveLength(0);
    expect(h.mcp.forms[0]!.message).toContain('(none given)');
  });

  it('unban_member lifts a ban without asking, and repeating it is harmless', async () => {
    await start({ era });
    for (let i = 0; i < 2; i++) {
      const r = await h.call('unban_member', { RoomId: MUSIC, MemberList_Account: ['spammer_x'] });
      expect(r.isError).toBeFalsy();
    }
    expect((await h.call('get_banned_member_list', { RoomId: MUSIC })).structured).toMatchObject({ BannedAccountList: [], NextOffset: 0 });
  });
});

describe('get_banned_member_list paging', () => {
  it('pages with Offset/Limit and NextOffset, 0 at the end', async () => {
    await start({ elicit: accept });
    await h.call('ban_member', { RoomId: MUSIC, MemberList_Account: ['viewer_bo', 'viewer_cy', 'viewer_dee'], Duration: 60 });
    const p1 = await h.call('get_banned_member_list', { RoomId: MUSIC, Offset: 0, Limit: 2 });
    expect(accountsOf(p1.structured!.BannedAccountList)).toEqual(['spammer_x', 'viewer_bo']);
    expect(p1.structured!.NextOffset).toBe(2);
    expect(p1.text).toMatch(/more pages follow/);
    const p2 = await h.call('get_banned_member_list', { RoomId: MUSIC, Offset: 2, Limit: 2 });
    expect(accountsOf(p2.structured!.BannedAccountList)).toEqual(['viewer_cy', 'viewer_dee']);
    expect(p2.structured!.NextOffset).toBe(0);
  });
});

describe('mute_member', () => {
  it('mutes with a duration form, then unmutes with a form that says unmute', async () => {
    await start({ elicit: accept });
    const m = await h.call('mute_member', { RoomId: MUSIC, MemberList_Account: ['viewer_ada', 'viewer_bo'], MuteTime: 600 });
    expect(m.isError).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toMatch(/^Mute \["viewer_ada","viewer_bo"\]/m);
    expect(h.mcp.forms[0]!.message).toContain('600 s (10 min)');
    let muted = accountsOf((await h.call('get_muted_member_list', { RoomId: MUSIC })).structured!.MutedAccountList);
    expect(muted).toEqual(expect.arrayContaining(['viewer_eli', 'viewer_ada', 'viewer_bo']));

    const u = await h.call('mute_member', { RoomId: MUSIC, MemberList_Account: ['viewer_ada'], MuteTime: 0 });
    expect(u.isError).toBeFalsy();
    expect(u.text).toMatch(/^Unmuted/);
    const form = h.mcp.forms[1]!.message;
    expect(form).toMatch(/^Unmute \["viewer_ada"\]/m);
    expect(form).toContain('unmute (MuteTime 0)');
    expect(form).not.toMatch(/Duration/);
    muted = accountsOf((await h.call('get_muted_member_list', { RoomId: MUSIC })).structured!.MutedAccountList);
    expect(muted).not.toContain('viewer_ada');
    expect(muted).toContain('viewer_bo');
  });

  it('declined in the modern era, nothing is sent', async () => {
    await start({ era: 'modern', elicit: decline });
    const r = await h.call('mute_member', { RoomId: MUSIC, MemberList_Account: ['viewer_ada'], MuteTime: 60 });
    expect(r.isError).toBe(true);
    expect(h.sent('mute_member')).toHaveLength(0);
  });
});

describe('modify_admin', () => {
  it('grants and revokes, each confirmed with a form that says which', async () => {
    await start({ elicit: accept });
    expect((await h.call('modify_admin', { RoomId: MUSIC, Admin_Account: ['viewer_ada'], OpType: 'add' })).isError).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toMatch(/^Grant the room-admin role to \["viewer_ada"\]/m);
    expect((await h.call('get_admin_list', { RoomId: MUSIC })).structured!.Admin_Account).toEqual(['mod_sam', 'viewer_ada']);

    expect((await h.call('modify_admin', { RoomId: MUSIC, Admin_Account: ['mod_sam'], OpType: 'delete' })).isError).toBeFalsy();
    expect(h.mcp.forms[1]!.message).toMatch(/^Revoke the room-admin role from \["mod_sam"\]/m);
    expect((await h.call('get_admin_list', { RoomId: MUSIC })).structured!.Admin_Account).toEqual(['viewer_ada']);
  });
});

describe('invalid input is refused before anything is sent or asked', () => {
  const many = Array.from({ length: 21 }, (_, i) => `user_${i}`);
  it.each<[string, EndpointName, Record<string, unknown>]>([
    ['21 accounts', 'ban_member', { RoomId: MUSIC, MemberList_Account: many, Duration: 60 }],
    ['a 49-byte RoomId', 'ban_member', { RoomId: 'r'.repeat(49), MemberList_Account: ['a'], Duration: 60 }],
    ['Duration 0', 'ban_member', { RoomId: MUSIC, MemberList_Account: ['a'], Duration: 0 }],
    ['a 201-byte Reason', 'ban_member', { RoomId: MUSIC, MemberList_Account: ['a'], Duration: 60, Reason: 'é'.repeat(101) }],
    ['an unknown key', 'ban_member', { RoomId: MUSIC, MemberList_Account: ['a'], Duration: 60, confirm: true }],
    ['a negative MuteTime', 'mute_member', { RoomId: MUSIC, MemberList_Account: ['a'], MuteTime: -1 }],
    ['an OpType that is not add/delete', 'modify_admin', { RoomId: MUSIC, Admin_Account: ['a'], OpType: 'remove' }],
    ['an empty list', 'unban_member', { RoomId: MUSIC, MemberList_Account: [] }],
    ['Limit over 100', 'get_banned_member_list', { RoomId: MUSIC, Limit: 101 }],
  ])('%s (%s)', async (_why, tool, args) => {
    await start({ elicit: accept });
    const r = await h.call(tool, args);
    expect(r.isError).toBe(true);
    expect(h.sent(tool)).toHaveLength(0);
    expect(h.mcp.forms).toHaveLength(0);
  });
});

describe('sandbox member semantics', () => {
  const t0 = Math.floor(T0 / 1000);

  it('a mute shows with its expiry and disappears after it', () => {
    const { c, clock } = sandboxSession();
    expect(c('mute_member', { RoomId: MUSIC, MemberList_Account: ['viewer_ada'], MuteTime: 60 }).ErrorCode).toBe(0);
    expect(c('get_muted_member_list', { RoomId: MUSIC }).Response.MutedAccountList).toContainEqual({ Member_Account: 'viewer_ada', MutedUntil: t0 + 60 });
    clock.advance(60_000);
    expect(accountsOf(c('get_muted_member_list', { RoomId: MUSIC }).Response.MutedAccountList)).not.toContain('viewer_ada');
  });

  it('a ban shows with its expiry and lapses after it; the user stays out until re-added', () => {
    const { c, clock, sb } = sandboxSession();
    c('ban_member', { RoomId: MUSIC, MemberList_Account: ['viewer_bo'], Duration: 30 });
    expect(c('get_banned_member_list', { RoomId: MUSIC }).Response.BannedAccountList).toContainEqual({ Member_Account: 'viewer_bo', BannedUntil: t0 + 30 });
    expect(sb.state.requireRoom(MUSIC).members.has('viewer_bo')).toBe(false);
    clock.advance(31_000);
    expect(accountsOf(c('get_banned_member_list', { RoomId: MUSIC }).Response.BannedAccountList)).not.toContain('viewer_bo');
  });

  it('banning a robot takes it off its seat and out of the robots', () => {
    const { c, sb } = sandboxSession();
    c('ban_member', { RoomId: 'voice_chat_lounge', MemberList_Account: ['bot_greeter'], Duration: 60 });
    const room = sb.state.requireRoom('voice_chat_lounge');
    expect(room.robots.has('bot_greeter')).toBe(false);
    expect(room.seats[2]!.Member_Account).toBe('');
  });

  it('get_member_list pages 100 at a time with an opaque cursor; a bad cursor is 100002', () => {
    const { c, sb, clock } = sandboxSession();
    const room = sb.state.requireRoom('live_gaming_arena');
    for (let i = 0; i < 150; i++) sb.state.addMember(room, `fan_${String(i).padStart(3, '0')}`, clock.ms);
    const p1 = c('get_member_list', { RoomId: 'live_gaming_arena', Next: '' }).Response;
    expect(p1.MemberCount).toBe(152);
    expect(p1.MemberList).toHaveLength(100);
    const p2 = c('get_member_list', { RoomId: 'live_gaming_arena', Next: p1.Next }).Response;
    expect(p2.MemberList).toHaveLength(52);
    expect(p2.Next).toBe('');
    const all = [...accountsOf(p1.MemberList), ...accountsOf(p2.MemberList)];
    expect(new Set(all).size).toBe(152);
    const bad = c('get_member_list', { RoomId: 'live_gaming_arena', Next: '%%%' });
    expect(bad.ErrorCode).toBe(100002);
    expect(bad.ErrorInfo).toMatch(/Next/);
  });

  it('codes: conference room 100006 for get_member_list, unknown room 100004, bad fields 100002 naming the field', () => {
    const { c } = sandboxSession();
    expect(c('get_member_list', { RoomId: 'conf_weekly_sync', Next: '' }).ErrorCode).toBe(100006);
    expect(c('get_member_list', { RoomId: 'nope', Next: '' }).ErrorCode).toBe(100004);
    expect(c('ban_member', { RoomId: 'nope', MemberList_Account: ['a'], Duration: 5 }).ErrorCode).toBe(100004);
    const tooMany = c('ban_member', { RoomId: MUSIC, MemberList_Account: Array.from({ length: 21 }, (_, i) => `u${i}`), Duration: 5 });
    expect(tooMany.ErrorCode).toBe(100002);
    expect(tooMany.ErrorInfo).toMatch(/MemberList_Account/);
    expect(c('ban_member', { RoomId: MUSIC, MemberList_Account: ['a'] }).ErrorInfo).toMatch(/Duration is required/);
    expect(c('mute_member', { RoomId: MUSIC, MemberList_Account: ['a'], MuteTime: '60' }).ErrorInfo).toMatch(/MuteTime must be an integer/);
    expect(c('modify_admin', { RoomId: MUSIC, Admin_Account: ['a'], OpType: 'remove' }).ErrorInfo).toMatch(/OpType must be one of add \| delete/);
    expect(c('get_banned_member_list', { RoomId: MUSIC, Limit: 101 }).ErrorCode).toBe(100002);
  });

  it('a validation failure changes nothing', () => {
    const { c, sb } = sandboxSession();
    c('ban_member', { RoomId: MUSIC, MemberList_Account: ['guest_omar'], Duration: 60, Reason: 'x'.repeat(201) });
    expect(sb.state.requireRoom(MUSIC).members.has('guest_omar')).toBe(true);
    expect(sb.state.requireRoom(MUSIC).bans.has('guest_omar')).toBe(false);
  });
});
