// Robots tools end to end against the sandbox: robots are members that can be seated, and
// removing one (confirmed by a human) also frees its seat.
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type Harness, type HarnessOptions } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { sandboxSession } from '../helpers/sandbox.js';

const VOICE = 'voice_chat_lounge'; // robot bot_greeter on seat 2
const MUSIC = 'live_music_night';
const accept = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });

const startPerTest = harnessPerTest();
let h: Harness;
const start = async (opts?: HarnessOptions) => (h = await startPerTest(opts));

const robots = async (RoomId: string) => (await h.call('get_robot', { RoomId })).structured!.RobotList_Account;

describe.each<Era>(['legacy', 'modern'])('robots over the %s era', (era) => {
  it('add_robot: the robots become members that can be seated', async () => {
    await start({ era });
    const r = await h.call('add_robot', { RoomId: MUSIC, RobotList_Account: ['bot_dj', 'bot_mc'] });
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(0);
    expect(await robots(MUSIC)).toEqual(['bot_dj', 'bot_mc']);
    const members = (await h.call('get_member_list', { RoomId: MUSIC })).structured!.MemberList as Array<{ Member_Account: string }>;
    expect(members.map((m) => m.Member_Account)).toContain('bot_dj');
    expect((await h.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'bot_dj', Index: 5 })).isError).toBeFalsy();
    const seats = (await h.call('get_seat_list', { RoomId: MUSIC })).structured!.SeatList as Array<{ Member_Account?: string }>;
    expect(seats[5]!.Member_Account).toBe('bot_dj');
  });

  it('del_robot: confirmed with a form naming room and robots; frees the seat', async () => {
    await start({ era, elicit: accept });
    const r = await h.call('del_robot', { RoomId: VOICE, RobotList_Account: ['bot_greeter'] });
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toContain('"voice_chat_lounge"');
    expect(h.mcp.forms[0]!.message).toContain('"bot_greeter"');
    expect(await robots(VOICE)).toEqual([]);
    const seats = (await h.call('get_seat_list', { RoomId: VOICE })).structured!.SeatList as Array<{ Member_Account?: string }>;
    expect(seats[2]!.Member_Account).toBe('');
    const pick = await h.call('pick_user_on_seat', { RoomId: VOICE, Member_Account: 'bot_greeter', Index: 3 });
    expect(pick.text).toMatch(/100005/);
  });

  it('del_robot declined sends nothing', async () => {
    await start({ era, elicit: () => ({ action: 'decline' }) });
    const r = await h.call('del_robot', { RoomId: VOICE, RobotList_Account: ['bot_greeter'] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/No robot was removed/);
    expect(h.sent('del_robot')).toHaveLength(0);
    expect(await robots(VOICE)).toEqual(['bot_greeter']);
  });
});

describe('robot failures', () => {
  it('a conference room is 100006 and an unknown room 100004, quoted in the result', async () => {
    await start();
    const conf = await h.call('add_robot', { RoomId: 'conf_weekly_sync', RobotList_Account: ['bot'] });
    expect(conf.isError).toBe(true);
    expect(conf.text).toMatch(/100006/);
    const gone = await h.call('get_robot', { RoomId: 'no_such_room' });
    expect(gone.text).toMatch(/100004/);
  });

  it.each([
    ['an empty list', { RoomId: MUSIC, RobotList_Account: [] }],
    ['a blank robot ID', { RoomId: MUSIC, RobotList_Account: ['  '] }],
    ['a 49-byte RoomId', { RoomId: 'r'.repeat(49), RobotList_Account: ['bot'] }],
    ['an unknown key', { RoomId: MUSIC, RobotList_Account: ['bot'], Robot_Account: 'bot' }],
  ])('%s is refused and nothing is sent', async (_why, args) => {
    await start({ elicit: accept });
    expect((await h.call('add_robot', args)).isError).toBe(true);
    expect((await h.call('del_robot', args)).isError).toBe(true);
    expect(h.sent('add_robot')).toHaveLength(0);
    expect(h.sent('del_robot')).toHaveLength(0);
    expect(h.mcp.forms).toHaveLength(0);
  });
});

describe('sandbox robot semantics', () => {
  it('a banned robot cannot be added until the ban ends; nothing of the call is applied', () => {
    const { c, clock } = sandboxSession();
    c('ban_member', { RoomId: MUSIC, MemberList_Account: ['bot_bad'], Duration: 10 });
    const r = c('add_robot', { RoomId: MUSIC, RobotList_Account: ['bot_ok', 'bot_bad'] });
    expect(r.ErrorCode).toBe(100002);
    expect(r.ErrorInfo).toMatch(/"bot_bad" is banned/);
    expect(c('get_robot', { RoomId: MUSIC }).Response.RobotList_Account).toEqual([]);
    clock.advance(10_000);
    expect(c('add_robot', { RoomId: MUSIC, RobotList_Account: ['bot_ok', 'bot_bad'] }).ErrorCode).toBe(0);
  });

  it('adding twice and deleting an absent robot both succeed without change', () => {
    const { c } = sandboxSession();
    c('add_robot', { RoomId: VOICE, RobotList_Account: ['bot_greeter'] });
    expect(c('get_robot', { RoomId: VOICE }).Response.RobotList_Account).toEqual(['bot_greeter']);
    expect(c('del_robot', { RoomId: VOICE, RobotList_Account: ['bot_nobody'] }).ErrorCode).toBe(0);
    expect(c('get_robot', { RoomId: VOICE }).Response.RobotList_Account).toEqual(['bot_greeter']);
  });

  it('del_robot leaves humans alone even if named', () => {
    const { c, sb } = sandboxSession();
    c('del_robot', { RoomId: VOICE, RobotList_Account: ['dj_mira'] });
    expect(sb.state.requireRoom(VOICE).seats[0]!.Member_Account).toBe('dj_mira');
  });

  it('bad fields are 100002 naming the field', () => {
    const { c } = sandboxSession();
    expect(c('add_robot', { RoomId: MUSIC, RobotList_Account: 'bot' }).ErrorInfo).toMatch(/RobotList_Account must be an array/);
    expect(c('add_robot', { RoomId: MUSIC, RobotList_Account: [] }).ErrorInfo).toMatch(/RobotList_Account must hold at least 1/);
  });
});
