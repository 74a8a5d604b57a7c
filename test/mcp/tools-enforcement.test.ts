// The IM REST levers end to end (app-wide mute, login invalidation, accounts and profiles, a live
// room's audience as an IM group): a real MCP client → createServer → signed client → sandbox over
// loopback, plus the sandbox's own semantics driven through sandbox.handle().
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type EndpointName } from '../../src/catalog/endpoints.js';
import { selectTools } from '../../src/tools/toolsets.js';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest, type Harness, type HarnessOptions } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { sandboxSession } from '../helpers/sandbox.js';

const MUSIC = 'live_music_night';
const accept = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });
const decline = (): ElicitAnswer => ({ action: 'decline' });

const startPerTest = harnessPerTest();
let h: Harness;
const start = async (opts?: HarnessOptions) => (h = await startPerTest(opts));

const NEW: EndpointName[] = ['setnospeaking', 'getnospeaking', 'kick', 'account_check', 'account_import', 'multiaccount_import', 'portrait_get', 'portrait_set', 'get_members', 'get_online_member_num', 'check_members'];

describe('classification and toolsets', () => {
  it('reads are reads; mute, login kick and profile overwrite are destructive and ask a human', () => {
    const cls = Object.fromEntries(TOOLS.filter((t) => NEW.includes(t.name)).map((t) => [t.name, `${t.effect}/${t.idempotent ? 'idem' : 'once'}/${t.confirm ? 'form' : '-'}`]));
    expect(cls).toEqual({
      getnospeaking: 'read/idem/-', account_check: 'read/idem/-', account_import: 'write/idem/-', multiaccount_import: 'write/idem/-', portrait_get: 'read/idem/-', get_members: 'read/idem/-', get_online_member_num: 'read/idem/-', check_members: 'read/idem/-',
      setnospeaking: 'destructive/idem/form', kick: 'destructive/once/form', portrait_set: 'destructive/idem/form',
    });
  });

  it('each lever family is one toolset to turn on, and all of them are under --toolsets all', () => {
    const names = (sets: string[]) => selectTools(TOOLS, { toolsets: sets }).map((t) => t.name).sort();
    expect(names(['enforcement'])).toEqual(['getnospeaking', 'kick', 'setnospeaking']);
    expect(names(['profiles'])).toEqual(['account_check', 'account_import', 'multiaccount_import', 'portrait_get', 'portrait_set']);
    expect(names(['audience'])).toEqual(['check_members', 'get_members', 'get_online_member_num']);
    const all = names(['all']);
    for (const n of NEW) expect(all).toContain(n);
    expect(ENDPOINTS.setnospeaking).toMatchObject({ service: 'openconfigsvr', command: 'setnospeaking', ratePerSecond: 200 });
  });
});

describe.each<Era>(['legacy', 'modern'])('app-wide mute and login kick over the %s era', (era) => {
  it('setnospeaking, confirmed on a form showing the current mute, blocks the account\'s room messages with 10017', async () => {
    await start({ era, elicit: accept });
    const before = await h.call('getnospeaking', { Get_Account: 'viewer_ada' });
    expect(before.structured).toMatchObject({ GroupmsgNospeakingTime: 0, C2CmsgNospeakingTime: 0 });
    const muted = await h.call('setnospeaking', { Set_Account: 'viewer_ada', GroupmsgNospeakingTime: 3600 });
    expect(muted.isError, muted.text).toBeFalsy();
    const form = h.mcp.forms[0]!.message;
    expect(form).toContain('"viewer_ada"');
    expect(form).toContain('3600 s (1 h)');
    expect(form).toMatch(/Group chat mute now\s*: "not muted"/);
    expect((await h.call('getnospeaking', { Get_Account: 'viewer_ada' })).structured!.GroupmsgNospeakingTime).toBeGreaterThan(3500);
    // The app-wide mute holds in every live room: the sender's messages are refused.
    const sent = await h.call('send_text_msg', { RoomId: MUSIC, Sender_Account: 'viewer_ada', TextContent: 'hello' });
    expect(sent.isError).toBe(true);
    expect(sent.text).toMatch(/10017/);
    expect(sent.text).toMatch(/muted/);
    // Lifting it (0) lets messages through again.
    expect((await h.call('setnospeaking', { Set_Account: 'viewer_ada', GroupmsgNospeakingTime: 0 })).isError).toBeFalsy();
    expect((await h.call('send_text_msg', { RoomId: MUSIC, Sender_Account: 'viewer_ada', TextContent: 'hello' })).isError).toBeFalsy();
  });

  it('a declined mute or kick sends nothing', async () => {
    await start({ era, elicit: decline });
    expect((await h.call('setnospeaking', { Set_Account: 'viewer_bo', GroupmsgNospeakingTime: 4294967295 })).isError).toBe(true);
    expect((await h.call('kick', { UserID: 'viewer_bo' })).isError).toBe(true);
    expect(h.sent('setnospeaking')).toHaveLength(0);
    expect(h.sent('kick')).toHaveLength(0);
  });

  it('kick is confirmed, sent once with the UserID, and invalidates one login', async () => {
    await start({ era, elicit: accept });
    const r = await h.call('kick', { UserID: 'viewer_cy' });
    expect(r.isError, r.text).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toContain('"viewer_cy"');
    expect(h.sent('kick').map((s) => s.body)).toEqual([{ UserID: 'viewer_cy' }]);
  });
});

describe('enforcement input and sandbox semantics', () => {
  it('bad input is refused before anything is sent', async () => {
    await start({ elicit: accept });
    for (const [name, args] of [
      ['setnospeaking', { Set_Account: 'viewer_ada' }],
      ['setnospeaking', { Set_Account: 'viewer_ada', GroupmsgNospeakingTime: 4294967296 }],
      ['setnospeaking', { Set_Account: 'viewer_ada', GroupmsgNospeakingTime: -1 }],
      ['kick', { UserID: '  ' }],
      ['account_check', { CheckItem: Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` })) }],
      ['portrait_get', { To_Account: Array.from({ length: 101 }, (_, i) => `u${i}`), TagList: ['Tag_Profile_IM_Nick'] }],
      ['portrait_set', { From_Account: 'viewer_ada', ProfileItem: [{ Tag: 'Nick', Value: 'x' }] }],
      ['get_members', { GroupId: 'r'.repeat(49) }],
      ['check_members', { GroupId: MUSIC, Member_Account: [] }],
      ['check_members', { GroupId: MUSIC, Member_Account: Array.from({ length: 101 }, (_, i) => `u${i}`) }],
      ['check_members', { GroupId: MUSIC, Member_Account: ['has space'] }],
      ['check_members', { GroupId: MUSIC }],
    ] as const) {
      const r = await h.call(name, args as never);
      expect(r.isError, `${name} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
      expect(h.sent(name), name).toHaveLength(0);
    }
  });

  it('a permanent mute reads back as 0xFFFFFFFF; an unknown account is refused; mutes expire', () => {
    const { c, clock } = sandboxSession();
    expect(c('setnospeaking', { Set_Account: 'viewer_dee', GroupmsgNospeakingTime: 4294967295, C2CmsgNospeakingTime: 60 }).ErrorCode).toBe(0);
    expect(c('getnospeaking', { Get_Account: 'viewer_dee' })).toMatchObject({ GroupmsgNospeakingTime: 4294967295, C2CmsgNospeakingTime: 60 });
    clock.advance(61_000);
    expect(c('getnospeaking', { Get_Account: 'viewer_dee' })).toMatchObject({ GroupmsgNospeakingTime: 4294967295, C2CmsgNospeakingTime: 0 });
    expect(c('send_custom_msg', { RoomId: MUSIC, Sender_Account: 'viewer_dee', BusinessId: 'x', Data: '' }).ErrorCode).toBe(10017);
    expect(c('setnospeaking', { Set_Account: 'nobody_here', GroupmsgNospeakingTime: 5 }).ErrorInfo).toMatch(/not an imported account/);
    expect(c('setnospeaking', { Set_Account: 'viewer_dee' }).ErrorInfo).toMatch(/give C2CmsgNospeakingTime, GroupmsgNospeakingTime or both/);
    expect(c('setnospeaking', { Set_Account: 'viewer_eli', GroupmsgNospeakingTime: 10 }).ErrorCode).toBe(0);
    clock.advance(11_000);
    expect(c('send_text_msg', { RoomId: MUSIC, Sender_Account: 'viewer_eli', TextContent: 'back' }).ErrorCode).toBe(0);
  });
});

describe('accounts and profiles', () => {
  it('account_check tells imported from not; portrait_set resets a nickname that portrait_get and get_members then show', async () => {
    await start({ elicit: accept });
    const check = await h.call('account_check', { CheckItem: [{ UserID: 'viewer_ada' }, { UserID: 'ghost_zz' }] });
    expect(check.structured!.ResultItem).toEqual([
      { UserID: 'viewer_ada', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
      { UserID: 'ghost_zz', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
    ]);
    expect(check.text).toContain('1 of 2 account(s) are imported.');
    const set = await h.call('portrait_set', { From_Account: 'viewer_bo', ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Viewer 7' }, { Tag: 'Tag_Profile_IM_Image', Value: '' }] });
    expect(set.isError, set.text).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toMatch(/New Tag_Profile_IM_Nick\s*: "Viewer 7"/);
    const got = await h.call('portrait_get', { To_Account: ['viewer_bo', 'ghost_zz'], TagList: ['Tag_Profile_IM_Nick'] });
    expect(got.structured!.UserProfileItem).toEqual([
      { To_Account: 'viewer_bo', ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Viewer 7' }], ResultCode: 0, ResultInfo: '' },
      expect.objectContaining({ To_Account: 'ghost_zz', ResultCode: 40003 }),
    ]);
    const members = (await h.call('get_members', { GroupId: MUSIC })).structured!.MemberList as Array<{ Member_Account: string; NickName: string }>;
    expect(members.find((m) => m.Member_Account === 'viewer_bo')!.NickName).toBe('Viewer 7');
    const unknown = await h.call('portrait_set', { From_Account: 'ghost_zz', ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'x' }] });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/40003/);
  });
});

describe('account import', () => {
  it('imports one account with a nickname and a batch of robots; account_check then sees them; add_robot takes them', async () => {
    await start();
    expect((await h.call('account_check', { CheckItem: [{ UserID: 'bot_new1' }] })).structured!.ResultItem).toMatchObject([{ AccountStatus: 'NotImported' }]);
    const one = await h.call('account_import', { UserID: 'host_new', Nick: 'New Host' });
    expect(one.isError, one.text).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(0);
    const batch = await h.call('multiaccount_import', { Accounts: ['bot_new1', 'bot_new2'] });
    expect(batch.structured).toMatchObject({ FailAccounts: [] });
    expect(batch.text).toContain('2 of 2 account(s) imported.');
    const check = await h.call('account_check', { CheckItem: [{ UserID: 'host_new' }, { UserID: 'bot_new1' }, { UserID: 'bot_new2' }] });
    expect((check.structured!.ResultItem as Array<{ AccountStatus: string }>).map((i) => i.AccountStatus)).toEqual(['Imported', 'Imported', 'Imported']);
    const nick = await h.call('portrait_get', { To_Account: ['host_new'], TagList: ['Tag_Profile_IM_Nick'] });
    expect(nick.structured!.UserProfileItem).toMatchObject([{ ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'New Host' }] }]);
    expect((await h.call('add_robot', { RoomId: MUSIC, RobotList_Account: ['bot_new1'] })).isError).toBeFalsy();
    const tooMany = await h.call('multiaccount_import', { Accounts: Array.from({ length: 101 }, (_, i) => `bot_${i}`) });
    expect(tooMany.isError).toBe(true);
    expect(h.sent('multiaccount_import')).toHaveLength(1);
  });

  it('the sandbox lists IDs over 32 bytes in FailAccounts and refuses one in account_import', () => {
    const { c } = sandboxSession();
    const long = 'x'.repeat(33);
    expect(c('multiaccount_import', { Accounts: ['ok_1', long] }).FailAccounts).toEqual([long]);
    expect(c('account_check', { CheckItem: [{ UserID: 'ok_1' }, { UserID: long }] }).ResultItem.map((i: { AccountStatus: string }) => i.AccountStatus)).toEqual(['Imported', 'NotImported']);
    expect(c('account_import', { UserID: long }).ErrorCode).toBe(100002);
  });
});

describe('a live room\'s audience as an IM group', () => {
  it('get_online_member_num counts the room\'s members; get_members lists them latest first; unknown rooms are 10010', async () => {
    await start();
    const n = await h.call('get_online_member_num', { GroupId: MUSIC });
    expect(n.structured).toMatchObject({ OnlineMemberNum: h.sandbox.state.requireRoom(MUSIC).members.size });
    const page = await h.call('get_members', { GroupId: MUSIC });
    const list = page.structured!.MemberList as Array<{ Member_Account: string; JoinTime: number }>;
    expect(list).toHaveLength(h.sandbox.state.requireRoom(MUSIC).members.size);
    expect(page.structured!.NextTimestamp).toBe(0);
    expect(list.every((m, i) => i === 0 || list[i - 1]!.JoinTime >= m.JoinTime)).toBe(true);
    expect((await h.call('get_members', { GroupId: MUSIC, Mark: 1000 })).structured!.MemberList).toEqual([]);
    const gone = await h.call('get_online_member_num', { GroupId: 'no_such_room' });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/10010/);
  });

  it('check_members answers the requested accounts that are in the room, and sends exactly the list asked about', async () => {
    await start();
    const room = h.sandbox.state.requireRoom(MUSIC);
    const [inside] = [...room.members.keys()];
    const asked = ['nobody_here', inside!, 'also_absent'];
    const r = await h.call('check_members', { GroupId: MUSIC, Member_Account: asked });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.structured).toMatchObject({ Member_Account: [inside] });
    expect(r.text).toContain(`1 of 3 account(s) are in room "${MUSIC}"`);
    expect(r.text).toContain('not in it: ["nobody_here","also_absent"]');
    expect(h.sent('check_members')).toHaveLength(1);
    expect(h.sent('check_members')[0]!.body).toEqual({ GroupId: MUSIC, Member_Account: asked });
    // Robots are in the room's seats, not its online audience: like get_members, not listed.
    room.robots.add('bot_in_music');
    expect((await h.call('check_members', { GroupId: MUSIC, Member_Account: ['bot_in_music'] })).structured!.Member_Account).toEqual([]);
    const gone = await h.call('check_members', { GroupId: 'no_such_room', Member_Account: [inside!] });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/10010/);
  });

  it('the sandbox: members beyond the 1,000 latest are found; a conference room is not an AVChatRoom (10007)', () => {
    const { sb, c, clock } = sandboxSession();
    const room = sb.state.requireRoom(MUSIC);
    for (let i = 0; i < 1100; i++) { clock.advance(1000); sb.state.addMember(room, `crowd_${i}`, clock.ms); }
    // crowd_0 joined first, so it is outside the 1,000 latest get_members lists; check_members still finds it.
    expect(c('check_members', { GroupId: MUSIC, Member_Account: ['crowd_0', 'crowd_1099', 'crowd_0', 'stranger'] }).Member_Account).toEqual(['crowd_0', 'crowd_1099']);
    const conf = c('check_members', { GroupId: 'conf_weekly_sync', Member_Account: ['eng_oli'] });
    expect(conf.ErrorCode).toBe(10007);
    expect(c('check_members', { GroupId: MUSIC, Member_Account: [] }).ErrorCode).toBe(100002);
    expect(c('check_members', { GroupId: MUSIC, Member_Account: 'crowd_0' }).ErrorCode).toBe(100002);
  });

  it('get_members pages 500 at a time up to the 1,000 latest', () => {
    const { sb, c, clock } = sandboxSession();
    const room = sb.state.requireRoom(MUSIC);
    for (let i = 0; i < 1200; i++) { clock.advance(1000); sb.state.addMember(room, `crowd_${i}`, clock.ms); }
    const first = c('get_members', { GroupId: MUSIC, Timestamp: 0 });
    expect(first.MemberList).toHaveLength(500);
    expect(first.MemberList[0].Member_Account).toBe('crowd_1199');
    expect(first.NextTimestamp).not.toBe(0);
    const second = c('get_members', { GroupId: MUSIC, Timestamp: first.NextTimestamp });
    expect(second.MemberList).toHaveLength(500);
    expect(second.MemberList[0].Member_Account).toBe('crowd_699');
    expect(second.NextTimestamp).toBe(0);
  });
});
