// PK battle tools end to end (a real MCP client, the policy layer, the sandbox over loopback HTTP),
// then the time-bound sandbox semantics with a fake clock.
import { describe, expect, it } from 'vitest';
import { humanMillis } from '../../src/tools/format.js';
import type { ElicitAnswer } from '../helpers/mcp.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';
import { sandboxSession } from '../helpers/sandbox.js';

// The demo seed runs battle_demo_1: live_music_night (120) against live_cooking_show (95).
const DEMO = 'battle_demo_1';
const MUSIC = 'live_music_night';
const COOKING = 'live_cooking_show';
const accept: ElicitAnswer = { action: 'accept', content: { confirm: true } };

let h: Harness | undefined;
const startPerTest = harnessPerTest();

async function scores(battleId = DEMO): Promise<Record<string, number>> {
  const r = await h!.call('get_battle_info', { BattleId: battleId });
  expect(r.isError).toBeFalsy();
  const p = r.structured as { FromRoomInfo: { RoomId: string; Score: number }; ToRoomList: Array<{ RoomId: string; Score: number }> };
  return Object.fromEntries([p.FromRoomInfo, ...p.ToRoomList].map((x) => [x.RoomId, x.Score]));
}

describe('create_battle and get_battle_info', () => {
  it('starts a battle that get_battle_info reads by BattleId and by RoomId', async () => {
    h = await startPerTest();
    const r = await h.call('create_battle', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge'], Duration: 90_000, ExtensionInfo: 'weekend cup' });
    expect(r.isError).toBeFalsy();
    const id = r.structured!.BattleId as string;
    expect(id).not.toBe('');
    expect(r.structured!.Result).toEqual([{ RoomId: 'voice_chat_lounge', ResultCode: 0, ResultMessage: '' }]);
    expect(r.text).toContain('for 90000 ms (1 min 30 s); every callee room joined.');

    const info = await h.call('get_battle_info', { BattleId: id });
    expect(info.structured).toMatchObject({
      BattleId: id, Duration: 90_000, Status: 2,
      FromRoomInfo: { RoomId: 'live_gaming_arena', Score: 0, Owner_Account: 'gamer_zed' },
      ToRoomList: [{ RoomId: 'voice_chat_lounge', Score: 0, Owner_Account: 'dj_mira' }],
    });
    const s = info.structured as { StartTime: number; EndTime: number };
    expect(s.EndTime - s.StartTime).toBe(90);

    // Without a BattleId the tool still sends the field the doc marks required, empty.
    const byRoom = await h.call('get_battle_info', { RoomId: 'voice_chat_lounge' });
    expect(byRoom.structured!.BattleId).toBe(id);
    expect(h.sent('get_battle_info').at(-1)!.body).toEqual({ BattleId: '', RoomId: 'voice_chat_lounge' });
  });

  it('a callee already in a battle is left out with ResultCode 3, and the summary says so', async () => {
    h = await startPerTest();
    const r = await h.call('create_battle', { FromRoomId: 'live_gaming_arena', ToRoomIdList: [MUSIC, 'voice_chat_lounge'], Duration: 60_000 });
    expect(r.isError).toBeFalsy();
    expect((r.structured!.Result as Array<{ ResultCode: number }>).map((x) => x.ResultCode)).toEqual([3, 0]);
    expect(r.text).toMatch(/1 callee room\(s\) did not join: \["live_music_night"\]/);
    expect(Object.keys(await scores(r.structured!.BattleId as string))).toEqual(['live_gaming_arena', 'voice_chat_lounge']);
  });

  it('an unknown room is refused with 100004', async () => {
    h = await startPerTest();
    const r = await h.call('create_battle', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['no_such_room'], Duration: 60_000 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100004/);
    expect(r.text).toMatch(/No battle was started\./);
  });

  it('an unknown BattleId is refused with 100002; a room with no battle too', async () => {
    h = await startPerTest();
    expect((await h.call('get_battle_info', { BattleId: 'battle_nope' })).text).toMatch(/100002/);
    expect((await h.call('get_battle_info', { RoomId: 'voice_chat_lounge' })).text).toMatch(/100002/);
  });

  it.each([
    ['a Duration that looks like seconds', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge'], Duration: 60 }],
    ['the caller among the callees', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['live_gaming_arena'], Duration: 60_000 }],
    ['a callee listed twice', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge', 'voice_chat_lounge'], Duration: 60_000 }],
    ['no callee', { FromRoomId: 'live_gaming_arena', ToRoomIdList: [], Duration: 60_000 }],
    ['a 49-byte FromRoomId', { FromRoomId: 'x'.repeat(49), ToRoomIdList: ['voice_chat_lounge'], Duration: 60_000 }],
    ['an unknown key', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge'], Duration: 60_000, NeedResponse: true }],
  ])('create_battle refuses %s before sending', async (_name, args) => {
    h = await startPerTest();
    expect((await h.call('create_battle', args)).isError).toBe(true);
    expect(h.sent('create_battle')).toHaveLength(0);
  });

  it('get_battle_info needs a BattleId or a RoomId', async () => {
    h = await startPerTest();
    expect((await h.call('get_battle_info', {})).isError).toBe(true);
    expect((await h.call('get_battle_info', { BattleId: '  ' })).isError).toBe(true);
    expect(h.sent('get_battle_info')).toHaveLength(0);
  });
});

describe('set_battle_score', () => {
  it('OpType 1 adds after consent; the form lists each room and its change, without a pre-read', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('set_battle_score', { BattleId: DEMO, OpType: 1, ScoreList: [{ RoomId: MUSIC, Score: 30 }, { RoomId: COOKING, Score: -5 }] });
    expect(r.isError).toBeFalsy();
    expect(r.structured!.Result).toEqual([{ RoomId: MUSIC, ResultCode: 0 }, { RoomId: COOKING, ResultCode: 0 }]);
    const form = h.mcp.forms[0]!.message;
    expect(form).toMatch(/Operation \(OpType\)\s+: "1: add to the current score"/);
    expect(form).toMatch(/Room "live_music_night"\s+: "\+30"/);
    expect(form).toMatch(/Room "live_cooking_show"\s+: "-5"/);
    expect(h.sent('get_battle_info')).toHaveLength(0);
    expect(await scores()).toEqual({ [MUSIC]: 150, [COOKING]: 90 });
  });

  it('OpType 2 overwrites; the form shows the current scores being replaced', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('set_battle_score', { BattleId: DEMO, OpType: 2, ScoreList: [{ RoomId: COOKING, Score: 500 }] });
    expect(r.isError).toBeFalsy();
    expect(r.text).toMatch(/^Scores of 1 room\(s\) overwritten in battle "battle_demo_1"\./);
    const form = h.mcp.forms[0]!.message;
    expect(form).toMatch(/their current scores are replaced/);
    expect(form).toMatch(/Room "live_cooking_show"\s+: "set to 500"/);
    expect(form).toMatch(/Current score of "live_cooking_show"\s+: "95"/);
    expect(await scores()).toEqual({ [MUSIC]: 120, [COOKING]: 500 });
  });

  it('declined: nothing is sent and the scores stay', async () => {
    h = await startPerTest({ elicit: () => ({ action: 'decline' }) });
    const r = await h.call('set_battle_score', { BattleId: DEMO, OpType: 2, ScoreList: [{ RoomId: MUSIC, Score: 0 }] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not performed: No battle score was changed\./);
    expect(h.sent('set_battle_score')).toHaveLength(0);
    expect(await scores()).toEqual({ [MUSIC]: 120, [COOKING]: 95 });
  });

  it('an overwrite is not sent when the score moved while the human decided', async () => {
    h = await startPerTest({
      elicit: () => {
        h!.sandbox.state.battles.get(DEMO)!.scores.set(MUSIC, 130);
        return accept;
      },
    });
    const r = await h.call('set_battle_score', { BattleId: DEMO, OpType: 2, ScoreList: [{ RoomId: MUSIC, Score: 0 }] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/changed after the question was asked/);
    expect(h.sent('set_battle_score')).toHaveLength(0);
  });

  it('a room outside the battle: 100002 and no score changes, not even the valid entry', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('set_battle_score', { BattleId: DEMO, OpType: 1, ScoreList: [{ RoomId: MUSIC, Score: 10 }, { RoomId: 'voice_chat_lounge', Score: 10 }] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100002/);
    expect(await scores()).toEqual({ [MUSIC]: 120, [COOKING]: 95 });
  });

  it('an unknown battle fails on the pre-read of an overwrite, before anyone is asked', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('set_battle_score', { BattleId: 'battle_nope', OpType: 2, ScoreList: [{ RoomId: MUSIC, Score: 1 }] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100002/);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sent('set_battle_score')).toHaveLength(0);
  });

  it.each([
    ['OpType 3', { BattleId: DEMO, OpType: 3, ScoreList: [{ RoomId: MUSIC, Score: 1 }] }],
    ['OpType as a string', { BattleId: DEMO, OpType: '1', ScoreList: [{ RoomId: MUSIC, Score: 1 }] }],
    ['an empty ScoreList', { BattleId: DEMO, OpType: 1, ScoreList: [] }],
    ['a fractional Score', { BattleId: DEMO, OpType: 1, ScoreList: [{ RoomId: MUSIC, Score: 1.5 }] }],
    ['an unknown key in an entry', { BattleId: DEMO, OpType: 1, ScoreList: [{ RoomId: MUSIC, Score: 1, Reason: 'x' }] }],
  ])('refuses %s without asking or sending', async (_name, args) => {
    h = await startPerTest({ elicit: () => accept });
    expect((await h.call('set_battle_score', args)).isError).toBe(true);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sent('set_battle_score')).toHaveLength(0);
  });

  it('is listed as destructive; create is a write and get a read', async () => {
    h = await startPerTest();
    const { tools } = await h.mcp.client.listTools();
    const ann = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(ann.set_battle_score).toMatchObject({ destructiveHint: true, idempotentHint: false });
    expect(ann.create_battle).toMatchObject({ destructiveHint: false, readOnlyHint: false, idempotentHint: false });
    expect(ann.get_battle_info).toMatchObject({ readOnlyHint: true });
  });
});

describe('modern era (2026-07-28)', () => {
  it('create, add scores after consent, read back', async () => {
    h = await startPerTest({ era: 'modern', elicit: () => accept });
    const created = await h.call('create_battle', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge'], Duration: 60_000 });
    const id = created.structured!.BattleId as string;
    const r = await h.call('set_battle_score', { BattleId: id, OpType: 1, ScoreList: [{ RoomId: 'voice_chat_lounge', Score: 7 }] });
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(1);
    expect(await scores(id)).toEqual({ live_gaming_arena: 0, voice_chat_lounge: 7 });
  });
});

describe('sandbox battle semantics over time', () => {
  it('a battle ends after Duration: Status 3, no more scores, and its rooms are free again', async () => {
    const { clock, c } = sandboxSession();
    const created = c('create_battle', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge'], Duration: 1500 });
    const id = created.Response.BattleId as string;
    expect(c('get_battle_info', { BattleId: id }).Response).toMatchObject({ Status: 2 });
    clock.advance(2000);
    expect(c('get_battle_info', { BattleId: id }).Response).toMatchObject({ Status: 3 });
    const late = c('set_battle_score', { BattleId: id, OpType: 1, ScoreList: [{ RoomId: 'voice_chat_lounge', Score: 1 }] });
    expect(late).toMatchObject({ ErrorCode: 100002 });
    expect(late.ErrorInfo).toMatch(/ended/);
    expect(c('get_battle_info', { BattleId: '', RoomId: 'voice_chat_lounge' }).ErrorCode).toBe(100002);
    expect(c('create_battle', { FromRoomId: 'voice_chat_lounge', ToRoomIdList: ['live_gaming_arena'], Duration: 60_000 }).Response.Result[0].ResultCode).toBe(0);
  });

  it('the demo battle ends at its EndTime too, freeing both rooms', async () => {
    const { clock, c } = sandboxSession();
    clock.advance(241_000);
    expect(c('create_battle', { FromRoomId: MUSIC, ToRoomIdList: [COOKING], Duration: 60_000 }).Response.Result[0].ResultCode).toBe(0);
  });

  it('a busy caller is refused; when every callee is busy no battle is created', async () => {
    const { sb, c } = sandboxSession();
    expect(c('create_battle', { FromRoomId: MUSIC, ToRoomIdList: ['voice_chat_lounge'], Duration: 60_000 })).toMatchObject({ ErrorCode: 100002 });
    const none = c('create_battle', { FromRoomId: 'voice_chat_lounge', ToRoomIdList: [MUSIC, COOKING], Duration: 60_000 });
    expect(none.Response).toEqual({ BattleId: '', Result: [
      { RoomId: MUSIC, ResultCode: 3, ResultMessage: 'room is already in battle "battle_demo_1"' },
      { RoomId: COOKING, ResultCode: 3, ResultMessage: 'room is already in battle "battle_demo_1"' },
    ] });
    expect([...sb.state.battles.keys()]).toEqual([DEMO]);
  });

  it.each([
    ['BattleId missing (the doc marks it required)', 'get_battle_info', { RoomId: MUSIC }, /BattleId is required/],
    ['ToRoomIdList as a string', 'create_battle', { FromRoomId: MUSIC, ToRoomIdList: COOKING, Duration: 60_000 }, /ToRoomIdList/],
    ['Duration missing', 'create_battle', { FromRoomId: 'live_gaming_arena', ToRoomIdList: ['voice_chat_lounge'] }, /Duration/],
    ['a Score that is not an integer', 'set_battle_score', { BattleId: DEMO, OpType: 1, ScoreList: [{ RoomId: MUSIC, Score: '5' }] }, /ScoreList\[0\]\.Score/],
    ['a ScoreList entry that is not an object', 'set_battle_score', { BattleId: DEMO, OpType: 1, ScoreList: [MUSIC] }, /ScoreList\[0\]/],
  ] as const)('%s → 100002 naming the field', (_name, name, body, info) => {
    const { c } = sandboxSession();
    const res = c(name, body);
    expect(res.ErrorCode).toBe(100002);
    expect(res.ErrorInfo).toMatch(info);
  });

  it('OpType is accepted as the string the doc table names, too', () => {
    const { sb, c } = sandboxSession();
    expect(c('set_battle_score', { BattleId: DEMO, OpType: '2', ScoreList: [{ RoomId: MUSIC, Score: 7 }] }).ErrorCode).toBe(0);
    expect(sb.state.battles.get(DEMO)!.scores.get(MUSIC)).toBe(7);
  });
});

describe('humanMillis', () => {
  it.each([[60_000, '60000 ms (1 min)'], [90_500, '90500 ms (1 min 30.5 s)'], [3_600_000, '3600000 ms (1 h)'], [1000, '1000 ms (1 s)']])('%i → %s', (ms, text) => {
    expect(humanMillis(ms)).toBe(text);
  });
});
