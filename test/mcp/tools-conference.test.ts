// Conference rooms (TUIRoomKit, room_engine_http_srv): every tool end to end through a real MCP
// client against the sandbox, the confirmation gate on the destructive ones, invalid input that
// never leaves, and sandbox-only semantics (ban expiry, cursors, id space) driven directly.
import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src/catalog/endpoints.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { conferenceDuration } from '../../src/tools/format.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { sandboxSession } from '../helpers/sandbox.js';

const CONF = 'conf_weekly_sync'; // owner lead_noa; eng_oli Admin; eng_pat Member; 6 seats
const LIVE = 'live_music_night';
const tick = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });

const start = harnessPerTest(); // one harness per test, closed after it

async function members(x: Harness, RoomId = CONF): Promise<Array<Record<string, unknown>>> {
  const r = await x.call('get_room_member_list', { RoomId });
  expect(r.isError, r.text).toBeFalsy();
  return r.structured!.MemberList as Array<Record<string, unknown>>;
}
async function roomInfo(x: Harness, RoomId = CONF): Promise<Record<string, unknown>> {
  const r = await x.call('conference_get_room_info', { RoomId });
  expect(r.isError, r.text).toBeFalsy();
  return r.structured!.RoomInfo as Record<string, unknown>;
}
const accounts = (list: Array<Record<string, unknown>>) => list.map((m) => m.Member_Account);

describe('conference reads', () => {
  it('reads room info and the member list with derived roles, one page at a time', async () => {
    const x = await start();
    expect(await roomInfo(x)).toMatchObject({ RoomId: CONF, RoomType: 'Conference', Owner_Account: 'lead_noa', MemberCount: 3, RoomStatus: 'Running', IsSeatEnabled: true, MaxSeatCount: 6 });
    expect((await members(x)).map((m) => [m.Member_Account, m.Role])).toEqual([['lead_noa', 'RoomOwner'], ['eng_oli', 'Admin'], ['eng_pat', 'Member']]);
    const first = await x.call('get_room_member_list', { RoomId: CONF, Count: 2 });
    expect(first.structured!.Next).not.toBe('');
    expect(first.text).toMatch(/more pages follow/);
    const second = await x.call('get_room_member_list', { RoomId: CONF, Count: 2, Next: first.structured!.Next });
    expect(accounts(second.structured!.MemberList as never)).toEqual(['eng_pat']);
    expect(second.structured!.Next).toBe('');
  });

  it('a live RoomId is not a conference room: 100004, and unknown rooms too', async () => {
    const x = await start();
    const r = await x.call('conference_get_room_info', { RoomId: LIVE });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100004/);
    const missing = (await x.call('get_room_member_list', { RoomId: 'conf_nope' })).text;
    expect(missing).toMatch(/100004/);
    // Conference rooms are not in get_room_list (live rooms only): the advice names their own read.
    expect(missing).toContain('Check the RoomId with conference_get_room_info');
    expect(missing).not.toContain('get_room_list');
  });
});

describe('conference room lifecycle', () => {
  it('creates, reads, updates; a used RoomId of either kind is 100003', async () => {
    // Turning chat off for everyone is destructive (argument-effects.ts): a human accepts.
    const x = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const future = Math.floor(Date.now() / 1000) + 3600;
    const created = await x.call('conference_create_room', {
      RoomInfo: { RoomId: 'conf_new', RoomType: 'Conference', RoomName: 'Planning', IsSeatEnabled: true, MaxSeatCount: 4, TakeSeatMode: 'ApplyToTake', ScheduleStartTime: future, ScheduleEndTime: future + 1800 },
      ScheduleInviteeList_Account: ['eng_oli'],
    });
    expect(created.isError, created.text).toBeFalsy();
    expect(await roomInfo(x, 'conf_new')).toMatchObject({ RoomName: 'Planning', Owner_Account: 'administrator', RoomStatus: 'NotStarted', MaxSeatCount: 4, TakeSeatMode: 'ApplyToTake', MemberCount: 0 });

    const upd = await x.call('conference_update_room_info', { RoomInfo: { RoomId: 'conf_new', RoomName: 'Planning v2', IsMessageDisabled: true, CustomInfo: '{"t":1}' } });
    expect(upd.isError, upd.text).toBeFalsy();
    expect(await roomInfo(x, 'conf_new')).toMatchObject({ RoomName: 'Planning v2', IsMessageDisabled: true, CustomInfo: '{"t":1}', TakeSeatMode: 'ApplyToTake' });

    for (const RoomId of ['conf_new', LIVE]) {
      const again = await x.call('conference_create_room', { RoomInfo: { RoomId, RoomType: 'Conference' } });
      expect(again.isError).toBe(true);
      expect(again.text).toMatch(/100003/);
    }
  });

  it('destroy: accepted, the room is gone (100004 afterwards); declined, nothing is sent', async () => {
    let answer = tick();
    const x = await start({ elicit: () => answer });
    answer = { action: 'decline' };
    const declined = await x.call('conference_destroy_room', { RoomId: CONF });
    expect(declined.isError).toBe(true);
    expect(declined.text).toMatch(/not dismissed/);
    expect(x.sent('conference_destroy_room')).toHaveLength(0);

    answer = tick();
    const r = await x.call('conference_destroy_room', { RoomId: CONF });
    expect(r.isError, r.text).toBeFalsy();
    const form = x.mcp.forms.at(-1)!.message;
    for (const s of [CONF, 'Weekly Sync', 'lead_noa']) expect(form).toContain(`"${s}"`);
    expect(x.sent('conference_destroy_room')).toHaveLength(1);
    expect((await x.call('conference_get_room_info', { RoomId: CONF })).text).toMatch(/100004/);

    // Now unknown: the pre-question read fails, so nobody is asked and nothing is sent.
    const forms = x.mcp.forms.length;
    const gone = await x.call('conference_destroy_room', { RoomId: CONF });
    expect(gone.text).toMatch(/100004/);
    expect(x.mcp.forms).toHaveLength(forms);
    expect(x.sent('conference_destroy_room')).toHaveLength(1);
  });

  it('destroy: a room re-created under the same id while the human decides is not dismissed', async () => {
    const x = await start({
      elicit: () => {
        const room = x.sandbox.state.conferenceRooms.get(CONF)!;
        room.info.CreateTime += 5;
        return tick();
      },
    });
    const r = await x.call('conference_destroy_room', { RoomId: CONF });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/changed after the question was asked/);
    expect(x.sent('conference_destroy_room')).toHaveLength(0);
  });
});

describe('conference members', () => {
  it('update_room_member_info sets role and name card; mark_room_member adds and removes marks', async () => {
    // Setting Role "Member" is treated as a demotion (argument-effects.ts): a human accepts.
    const x = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const upd = await x.call('update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'eng_pat', Role: 'Admin', NameCard: 'Pat' } });
    expect(upd.isError, upd.text).toBeFalsy();
    expect((await members(x)).find((m) => m.Member_Account === 'eng_pat')).toMatchObject({ Role: 'Admin', NameCard: 'Pat' });

    const add = await x.call('mark_room_member', { RoomId: CONF, CommandType: 1, MemberList: [{ Member_Account: 'eng_pat', Marks: [1001, 1002] }, { Member_Account: 'eng_oli', Marks: [1001] }] });
    expect(add.isError, add.text).toBeFalsy();
    await x.call('mark_room_member', { RoomId: CONF, CommandType: 2, MemberList: [{ Member_Account: 'eng_pat', Marks: [1001] }] });
    const marks = Object.fromEntries((await members(x)).map((m) => [m.Member_Account, m.Marks]));
    expect(marks).toMatchObject({ eng_pat: [1002], eng_oli: [1001], lead_noa: [] });

    const stranger = await x.call('update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'nobody', NameCard: 'x' } });
    expect(stranger.text).toMatch(/100005/);
    const owner = await x.call('update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'lead_noa', Role: 'Member' } });
    expect(owner.text).toMatch(/100006/);
  });

  it('kick_user_out: the form lists room and users; accepted, they leave; a stranger in the list is 100005', async () => {
    const x = await start({ elicit: tick });
    const r = await x.call('kick_user_out', { RoomId: CONF, MemberList_Account: ['eng_pat'], Reason: 'meeting over' });
    expect(r.isError, r.text).toBeFalsy();
    const form = x.mcp.forms[0]!.message;
    for (const s of [CONF, 'eng_pat', 'meeting over']) expect(form).toContain(`"${s}"`);
    expect(accounts(await members(x))).toEqual(['lead_noa', 'eng_oli']);

    const bad = await x.call('kick_user_out', { RoomId: CONF, MemberList_Account: ['eng_oli', 'ghost'], Reason: '' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/100005/);
    expect(accounts(await members(x))).toContain('eng_oli');
  });

  it('ban_room_member: duration in human units, banned member removed and listed, cannot be re-added until unbanned', async () => {
    const x = await start({ elicit: tick });
    const before = Math.floor(Date.now() / 1000);
    const r = await x.call('ban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat', 'outsider_q'], Reason: 'disruption', Duration: 3600 });
    expect(r.isError, r.text).toBeFalsy();
    const form = x.mcp.forms[0]!.message;
    expect(form).toContain('3600 s (1 h)');
    expect(form).toContain('"eng_pat"');
    expect(form).toContain('"outsider_q"');
    expect(form).toContain('"disruption"');
    expect(accounts(await members(x))).not.toContain('eng_pat');

    const list = await x.call('conference_get_banned_member_list', { RoomId: CONF });
    const bans = list.structured!.BannedAccountList as Array<{ Member_Account: string; BannedUntil: number }>;
    expect(bans.map((b) => b.Member_Account)).toEqual(['eng_pat', 'outsider_q']);
    expect(bans[0]!.BannedUntil).toBeGreaterThanOrEqual(before + 3600);
    expect(bans[0]!.BannedUntil).toBeLessThanOrEqual(before + 3602);
    expect(list.structured!.NextOffset).toBe(0);

    const readd = await x.call('conference_add_robot', { RoomId: CONF, Member_Account: 'eng_pat' });
    expect(readd.isError).toBe(true);
    expect(readd.text).toMatch(/100002/);

    const unban = await x.call('unban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat', 'outsider_q', 'never_banned'] });
    expect(unban.isError, unban.text).toBeFalsy();
    expect((await x.call('conference_get_banned_member_list', { RoomId: CONF })).structured!.BannedAccountList).toEqual([]);
    expect((await x.call('conference_add_robot', { RoomId: CONF, Member_Account: 'eng_pat' })).isError).toBeFalsy();
  });

  it('ban_room_member declined: nothing reaches the sandbox and the member stays', async () => {
    const x = await start({ elicit: () => ({ action: 'decline' }) });
    const r = await x.call('ban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat'], Reason: '', Duration: 60 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/No one was banned/);
    expect(x.sent('ban_room_member')).toHaveLength(0);
    expect(accounts(await members(x))).toContain('eng_pat');
  });
});

describe('conference owner change and robots', () => {
  it('change owner: the form shows the current owner; a matching retype hands over after a re-read', async () => {
    const x = await start({ elicit: () => ({ action: 'accept', content: { NewOwner_Account: 'eng_oli' } }) });
    const r = await x.call('conference_change_room_owner', { RoomId: CONF, From_Account: 'lead_noa', NewOwner_Account: 'eng_oli' });
    expect(r.isError, r.text).toBeFalsy();
    const form = x.mcp.forms[0]!;
    expect(form.message).toMatch(/Current owner\s*: "lead_noa"/);
    expect(JSON.stringify(form.requestedSchema)).toContain('NewOwner_Account');
    expect(x.sent('conference_get_room_info')).toHaveLength(2);
    expect(x.sent('conference_change_room_owner')).toHaveLength(1);
    expect((await roomInfo(x)).Owner_Account).toBe('eng_oli');
    expect((await members(x)).map((m) => [m.Member_Account, m.Role])).toEqual([['lead_noa', 'Member'], ['eng_oli', 'RoomOwner'], ['eng_pat', 'Member']]);
  });

  it('change owner: a mismatched retype sends nothing; a non-member new owner is 100005', async () => {
    let retyped = 'eng_pa';
    const x = await start({ elicit: () => ({ action: 'accept', content: { NewOwner_Account: retyped } }) });
    const r = await x.call('conference_change_room_owner', { RoomId: CONF, From_Account: 'lead_noa', NewOwner_Account: 'eng_pat' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/did not match/);
    expect(x.sent('conference_change_room_owner')).toHaveLength(0);

    retyped = 'ghost';
    const ghost = await x.call('conference_change_room_owner', { RoomId: CONF, From_Account: 'lead_noa', NewOwner_Account: 'ghost' });
    expect(ghost.isError).toBe(true);
    expect(ghost.text).toMatch(/100005/);
    expect((await roomInfo(x)).Owner_Account).toBe('lead_noa');
  });

  it('add_robot puts a robot among the members; delete_robot (confirmed) removes it; a human is not a robot', async () => {
    const x = await start({ elicit: tick });
    expect((await x.call('conference_add_robot', { RoomId: CONF, Member_Account: 'bot_notes' })).isError).toBeFalsy();
    expect(accounts(await members(x))).toContain('bot_notes');
    const del = await x.call('delete_robot', { RoomId: CONF, Member_Account: 'bot_notes' });
    expect(del.isError, del.text).toBeFalsy();
    expect(x.mcp.forms[0]!.message).toContain('"bot_notes"');
    expect(accounts(await members(x))).not.toContain('bot_notes');
    const human = await x.call('delete_robot', { RoomId: CONF, Member_Account: 'eng_pat' });
    expect(human.text).toMatch(/100002/);
  });
});

describe('conference input validation (nothing is sent)', () => {
  it.each<[string, EndpointName, Record<string, unknown>]>([
    ['21 accounts', 'kick_user_out', { RoomId: CONF, MemberList_Account: Array.from({ length: 21 }, (_, i) => `u${i}`), Reason: '' }],
    ['a 49-byte RoomId', 'conference_get_room_info', { RoomId: 'r'.repeat(49) }],
    ['an unknown key', 'ban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat'], Reason: '', Duration: 60, confirm: true }],
    ['a Reason over 1000 bytes', 'ban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat'], Reason: 'é'.repeat(501), Duration: 60 }],
    ['a mark below 1000', 'mark_room_member', { RoomId: CONF, CommandType: 1, MemberList: [{ Member_Account: 'eng_pat', Marks: [999] }] }],
    ['4 distinct marks in one call', 'mark_room_member', { RoomId: CONF, CommandType: 1, MemberList: [{ Member_Account: 'eng_pat', Marks: [1001, 1002] }, { Member_Account: 'eng_oli', Marks: [1003, 1004] }] }],
    ['a wrong RoomType', 'conference_create_room', { RoomInfo: { RoomId: 'c', RoomType: 'Live' } }],
    ['no RoomType', 'conference_create_room', { RoomInfo: { RoomId: 'c' } }],
    ['a 33-byte NameCard', 'update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'eng_pat', NameCard: 'n'.repeat(33) } }],
    ['an update that changes nothing', 'conference_update_room_info', { RoomInfo: { RoomId: CONF } }],
    ['a member update that changes nothing', 'update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'eng_pat' } }],
    ['a Limit over 100', 'conference_get_banned_member_list', { RoomId: CONF, Limit: 101 }],
  ])('%s is refused before sending', async (_why, tool, args) => {
    const x = await start({ elicit: tick });
    const r = await x.call(tool, args);
    expect(r.isError).toBe(true);
    expect(x.sandbox.requests).toHaveLength(0);
    expect(x.mcp.forms).toHaveLength(0);
  });
});

describe.each<Era>(['modern'])('conference over the %s era', (era) => {
  it('ban accepted and read back; owner change by retype', async () => {
    const x = await start({ era, elicit: (f) => (JSON.stringify(f.requestedSchema).includes('NewOwner_Account') ? { action: 'accept', content: { NewOwner_Account: 'eng_oli' } } : tick()) });
    const ban = await x.call('ban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat'], Reason: 'spam', Duration: 90 });
    expect(ban.isError, ban.text).toBeFalsy();
    expect(x.mcp.forms[0]!.message).toContain('90 s (1 min 30 s)');
    const list = await x.call('conference_get_banned_member_list', { RoomId: CONF, Offset: 0, Limit: 10 });
    expect(list.structured!.BannedAccountList).toEqual([expect.objectContaining({ Member_Account: 'eng_pat' })]);
    const own = await x.call('conference_change_room_owner', { RoomId: CONF, From_Account: 'lead_noa', NewOwner_Account: 'eng_oli' });
    expect(own.isError, own.text).toBeFalsy();
    expect((await roomInfo(x)).Owner_Account).toBe('eng_oli');
  });
});

describe('conference sandbox semantics', () => {
  it('every conference command answers 100004 for a live RoomId, naming the mix-up', () => {
    const { c } = sandboxSession();
    const bodies: Array<[EndpointName, Record<string, unknown>]> = [
      ['conference_get_room_info', { RoomId: LIVE }],
      ['conference_update_room_info', { RoomInfo: { RoomId: LIVE, RoomName: 'x' } }],
      ['conference_destroy_room', { RoomId: LIVE }],
      ['conference_change_room_owner', { RoomId: LIVE, From_Account: 'host_lena', NewOwner_Account: 'guest_omar' }],
      ['get_room_member_list', { RoomId: LIVE }],
      ['kick_user_out', { RoomId: LIVE, MemberList_Account: ['viewer_ada'], Reason: '' }],
      ['ban_room_member', { RoomId: LIVE, MemberList_Account: ['viewer_ada'], Reason: '', Duration: 60 }],
      ['unban_room_member', { RoomId: LIVE, MemberList_Account: ['spammer_x'] }],
      ['conference_get_banned_member_list', { RoomId: LIVE }],
      ['conference_add_robot', { RoomId: LIVE, Member_Account: 'bot' }],
      ['delete_robot', { RoomId: LIVE, Member_Account: 'bot_greeter' }],
    ];
    for (const [name, body] of bodies) {
      const r = c(name, body);
      expect([name, r.ErrorCode]).toEqual([name, 100004]);
      expect(r.ErrorInfo).toMatch(/live room/);
    }
  });

  it('a ban takes the member off their seat and expires on the clock; a re-ban sets the new expiry', () => {
    const { sb, clock, c } = sandboxSession();
    const room = sb.state.conferenceRooms.get(CONF)!;
    room.seats[1]!.Member_Account = 'eng_pat';
    expect(c('ban_room_member', { RoomId: CONF, MemberList_Account: ['eng_pat'], Reason: 'x', Duration: 60 }).ErrorCode).toBe(0);
    expect(room.seats[1]!.Member_Account).toBe('');
    expect(c('pick_user_on_seat', { RoomId: CONF, Member_Account: 'eng_pat', Index: 1 }).ErrorCode).toBe(100005);
    expect(c('conference_add_robot', { RoomId: CONF, Member_Account: 'eng_pat' }).ErrorInfo).toMatch(/banned/);
    clock.advance(61_000);
    expect(c('conference_get_banned_member_list', { RoomId: CONF }).Response.BannedAccountList).toEqual([]);
    expect(c('conference_add_robot', { RoomId: CONF, Member_Account: 'eng_pat' }).ErrorCode).toBe(0);
  });

  it('banned list pages by Offset (sample) or Next (table); NextOffset 0 at the end', () => {
    const { c } = sandboxSession();
    c('ban_room_member', { RoomId: CONF, MemberList_Account: ['a', 'b', 'c'], Reason: '', Duration: 600 });
    const p1 = c('conference_get_banned_member_list', { RoomId: CONF, Limit: 2 }).Response;
    expect(p1.BannedAccountList.map((b: { Member_Account: string }) => b.Member_Account)).toEqual(['a', 'b']);
    expect(p1.NextOffset).toBe(2);
    const p2 = c('conference_get_banned_member_list', { RoomId: CONF, Limit: 2, Offset: 2 }).Response;
    expect(p2).toEqual({ BannedAccountList: [expect.objectContaining({ Member_Account: 'c' })], NextOffset: 0 });
    expect(c('conference_get_banned_member_list', { RoomId: CONF, Limit: 2, Next: '2' }).Response).toEqual(p2);
    expect(c('conference_get_banned_member_list', { RoomId: CONF, Next: 'abc' }).ErrorCode).toBe(100002);
  });

  it('acts on the owner are 100006; From_Account must be the owner; the room-wide mark cap is 10', () => {
    const { c } = sandboxSession();
    expect(c('kick_user_out', { RoomId: CONF, MemberList_Account: ['lead_noa'], Reason: '' }).ErrorCode).toBe(100006);
    expect(c('ban_room_member', { RoomId: CONF, MemberList_Account: ['lead_noa'], Reason: '', Duration: 5 }).ErrorCode).toBe(100006);
    expect(c('conference_change_room_owner', { RoomId: CONF, From_Account: 'eng_oli', NewOwner_Account: 'eng_pat' }).ErrorCode).toBe(100006);
    for (const marks of [[1001, 1002, 1003], [1004, 1005, 1006], [1007, 1008, 1009]]) {
      expect(c('mark_room_member', { RoomId: CONF, CommandType: 1, MemberList: [{ Member_Account: 'eng_pat', Marks: marks }] }).ErrorCode).toBe(0);
    }
    const over = c('mark_room_member', { RoomId: CONF, CommandType: 1, MemberList: [{ Member_Account: 'eng_oli', Marks: [1010, 1011] }] });
    expect(over.ErrorCode).toBe(100002);
    expect(over.ErrorInfo).toMatch(/at most 10 distinct marks/);
  });

  it('create_room validates RoomType, schedule order and seat mode; live and conference ids collide', () => {
    const { sb, c } = sandboxSession();
    expect(c('conference_create_room', { RoomInfo: { RoomId: 'c1', RoomType: 'Live' } }).ErrorCode).toBe(100002);
    expect(c('conference_create_room', { RoomInfo: { RoomId: 'c1', RoomType: 'Conference', ScheduleStartTime: 200, ScheduleEndTime: 100 } }).ErrorInfo).toMatch(/ScheduleEndTime/);
    expect(c('conference_create_room', { RoomInfo: { RoomId: 'c1', RoomType: 'Conference', TakeSeatMode: 'ApplyToTake' } }).ErrorInfo).toMatch(/IsSeatEnabled/);
    expect(c('conference_create_room', { RoomInfo: { RoomId: 'c1', RoomType: 'Conference' }, ScheduleInviteeList_Account: ['a', 'a', 'b'] }).ErrorCode).toBe(0);
    expect(sb.state.conferenceRooms.get('c1')!.invitees).toEqual(['a', 'b']);
    // The live create_room sees the conference id as taken too.
    expect(c('create_room', { RoomInfo: { RoomId: 'c1', RoomType: 'Live', SeatTemplate: 'VideoDynamicGrid9Seats' } }).ErrorCode).toBe(100003);
  });
});

describe('conferenceDuration', () => {
  it.each([[3600, '3600 s (1 h)'], [90, '90 s (1 min 30 s)'], [86_400 * 2 + 5, '172805 s (2 d 5 s)'], [1, '1 s (1 s)']])('%i', (s, want) => {
    expect(conferenceDuration(s)).toBe(want);
  });
});

describe('conference room passwords (1690/102878, 1690/102880)', () => {
  it('are accepted on create and update, reach Tencent, and never come back to the model or the audit log', async () => {
    const audit = new MemoryAuditLog();
    const x = await start({ runtime: createPolicyRuntime({ audit }) });
    const SECRET = 'pw-Zebra-4417';
    const created = await x.call('conference_create_room', {
      RoomInfo: { RoomId: 'conf_locked', RoomType: 'Conference', IsPasswordEnabled: true, Password: SECRET },
    });
    expect(created.isError, created.text).toBeFalsy();
    // Tencent got the password as sent…
    expect(x.sandbox.state.conferenceRooms.get('conf_locked')!.info).toMatchObject({ IsPasswordEnabled: true, Password: SECRET });
    expect(JSON.stringify(x.sent('conference_create_room').at(-1)!.body)).toContain(SECRET);
    // …and answers it in clear, but the tool result withholds it.
    const read = await x.call('conference_get_room_info', { RoomId: 'conf_locked' });
    expect(read.isError, read.text).toBeFalsy();
    expect(read.structured!.RoomInfo).toMatchObject({ IsPasswordEnabled: true, Password: '[redacted]' });
    expect(JSON.stringify(read)).not.toContain(SECRET);
    const NEXT = 'pw-Okapi-9902';
    expect((await x.call('conference_update_room_info', { RoomInfo: { RoomId: 'conf_locked', Password: NEXT } })).isError).toBeFalsy();
    expect(x.sandbox.state.conferenceRooms.get('conf_locked')!.info.Password).toBe(NEXT);
    const lines = audit.records.map((r) => JSON.stringify(r)).join('\n');
    expect(lines).toContain('conference_update_room_info');
    expect(lines).not.toContain(SECRET);
    expect(lines).not.toContain(NEXT);
    expect(lines).toContain('"IsPasswordEnabled":true');
  });
});
