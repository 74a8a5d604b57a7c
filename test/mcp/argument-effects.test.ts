// Effects decided by arguments: the calls the issue saw sent with no human under the default
// policy now need consent, are counted by the breaker, and the tools' annotations show the worst case.
import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { ARGUMENT_EFFECTS, effectOfCall } from '../../src/tools/argument-effects.js';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest } from '../helpers/harness.js';

const start = harnessPerTest();
const COOKING = 'live_cooking_show';
const MUSIC = 'live_music_night';
const CONF = 'conf_weekly_sync';

const destructiveByArgs: Array<[string, string, Record<string, unknown>]> = [
  ['mutes the whole room', 'update_room_info', { RoomInfo: { RoomId: COOKING, IsMessageDisabled: true } }],
  ['hides the room', 'update_room_info', { RoomInfo: { RoomId: COOKING, IsPublicVisible: false } }],
  ['demotes an admin', 'update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'eng_oli', Role: 'Member' } }],
  ['overwrites a key with ""', 'set_room_metadata', { RoomId: MUSIC, Metadata: [{ Key: 'theme', Value: '' }] }],
  ['turns off audio, video and chat for everyone', 'conference_update_room_info', { RoomInfo: { RoomId: CONF, IsAudioDisabled: true, IsVideoDisabled: true, IsMessageDisabled: true } }],
];

describe('a write whose arguments make it destructive', () => {
  it.each(destructiveByArgs)('%s: not sent without a human', async (_what, tool, args) => {
    const audit = new MemoryAuditLog();
    const h = await start({ runtime: createPolicyRuntime({ audit }) });
    const r = await h.call(tool, args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not performed: /);
    expect(r.text).toMatch(/needs a human's consent/);
    expect(h.sent(tool)).toHaveLength(0);
    expect(audit.records[0]).toMatchObject({ tool, effect: 'destructive', decision: 'confirm', rule: 'default for destructive' });
  });

  it.each(destructiveByArgs)('%s: the form says what the arguments do, and an accepted call is sent', async (_what, tool, args) => {
    const h = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await h.call(tool, args);
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toContain('Destructive: ');
    const hit = ARGUMENT_EFFECTS.find((e) => e.tool === tool && e.test(args))!;
    expect(h.mcp.forms[0]!.message).toContain(hit.does);
    expect(h.sent(tool)).toHaveLength(1);
  });

  it('the same tools with harmless arguments stay plain writes (no form)', async () => {
    const h = await start();
    expect((await h.call('update_room_info', { RoomInfo: { RoomId: COOKING, IsMessageDisabled: false, IsPublicVisible: true, Notice: 'hi' } })).isError).toBeFalsy();
    expect((await h.call('update_room_member_info', { RoomId: CONF, MemberInfo: { Member_Account: 'eng_pat', Role: 'Admin' } })).isError).toBeFalsy();
    expect((await h.call('set_room_metadata', { RoomId: COOKING, Metadata: [{ Key: 'a', Value: 'b' }] })).isError).toBeFalsy();
    expect((await h.call('conference_update_room_info', { RoomInfo: { RoomId: CONF, IsAudioDisabled: false } })).isError).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(0);
  });

  it('is counted by the destructive-action breaker of its room', async () => {
    const policy = PolicySchema.parse({ rules: [{ tools: ['update_room_info'], action: 'allow' }], breaker: { max: 2, windowSeconds: 60, cooldownSeconds: 60 } });
    const h = await start({ runtime: createPolicyRuntime({ policy }) });
    const mute = (v: boolean) => h.call('update_room_info', { RoomInfo: { RoomId: COOKING, IsMessageDisabled: v } });
    // Unmuting is a plain write: never counted.
    for (let i = 0; i < 3; i++) expect((await mute(false)).isError).toBeFalsy();
    expect((await mute(true)).isError).toBeFalsy();
    expect((await mute(true)).isError).toBeFalsy();
    const third = await mute(true);
    expect(third.isError).toBe(true);
    expect(third.text).toMatch(/breaker for room "live_cooking_show" is open/);
    expect(h.sent('update_room_info')).toHaveLength(5);
  });

  it('the published annotations are the worst case', async () => {
    const h = await start();
    const { tools } = await h.mcp.client.listTools();
    for (const name of ['update_room_info', 'update_room_member_info', 'set_room_metadata', 'conference_update_room_info']) {
      expect(tools.find((t) => t.name === name)!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    }
    expect(tools.find((t) => t.name === 'send_text_msg')!.annotations!.destructiveHint).toBe(false);
  });

  it('every entry of the table names a write tool of the catalog', () => {
    for (const e of ARGUMENT_EFFECTS) expect(TOOLS.find((t) => t.name === e.tool)?.effect).toBe('write');
    expect(effectOfCall({ name: 'kick_user_off_seat', effect: 'destructive' }, {}).effect).toBe('destructive');
  });
});
