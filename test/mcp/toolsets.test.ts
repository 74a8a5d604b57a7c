// Toolsets and filtering: every tool belongs to a toolset, the default listing stays within its
// size budget, --read-only lists only reads, and bad names stop the server at start.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import { REVERSALS } from '../../src/tools/reversal.js';
import { DEFAULT_TOOLS, selectTools, SelectionError, TOOLSETS } from '../../src/tools/toolsets.js';
import { connect } from '../helpers/mcp.js';
import { recordingClient } from '../helpers/recording-client.js';

const served = (argv: string[], env: Record<string, string> = {}) => {
  const c = loadConfig(['--sandbox', ...argv], env);
  if (c.command !== 'serve') throw new Error('expected serve');
  return c.tools.map((t) => t.name);
};

describe('toolsets', () => {
  it('every toolset has tools, and every tool belongs to a toolset', () => {
    for (const set of Object.keys(TOOLSETS)) expect(selectTools(TOOLS, { toolsets: [set] }).length, set).toBeGreaterThan(0);
    expect(selectTools(TOOLS, { toolsets: Object.keys(TOOLSETS) })).toHaveLength(TOOLS.length);
  });
});

describe('selection', () => {
  it('the default is the declared moderation list, and --toolsets default is the same', () => {
    const names = served([]);
    expect(new Set(names)).toEqual(new Set(DEFAULT_TOOLS));
    expect(names).toHaveLength(DEFAULT_TOOLS.length);
    expect(served(['--toolsets', 'default'])).toEqual(names);
    expect(served([], { TENCENT_LIVE_TOOLSETS: 'default' })).toEqual(names);
    for (const n of ['get_room_info', 'get_seat_list', 'get_member_list', 'ban_member', 'mute_member', 'send_text_msg']) expect(names, n).toContain(n);
    // Every name is a catalog tool (a typo would silently shrink the default).
    for (const n of DEFAULT_TOOLS) expect(TOOLS.map((t) => t.name as string), n).toContain(n);
  });

  it('the default lists the five tools the product started from, and the feed tools', () => {
    const names = served([]);
    for (const n of ['get_room_list', 'pick_user_on_seat', 'kick_user_off_seat', 'change_room_owner', 'resume_mcu_task']) expect(names, n).toContain(n);
    for (const n of ['get_room_events', 'list_held_messages', 'release_held_message', 'discard_held_message', 'group_msg_recall']) expect(names, n).toContain(n);
  });

  it("the undo a default tool's result names is listed by default too", () => {
    const probe = { RoomId: 'r', MemberList_Account: ['u'], MuteTime: 60, Member_Account: 'u', Index: 1 };
    for (const n of DEFAULT_TOOLS) {
      const undo = REVERSALS[n]?.(probe, { MsgSeq: 1, Held: { RoomId: 'r' } });
      if (undo) expect(DEFAULT_TOOLS, `${n} names ${undo.tool}`).toContain(undo.tool);
    }
  });

  it('size budget: the default tools/list is at most 6,000 tokens (JSON characters / 4)', async () => {
    // What every session pays before the first call; bench/vs-proxy.mjs prints the same figure.
    const { client } = recordingClient();
    const c = await connect(() => createServer({ client, tools: selectTools(TOOLS, {}) }));
    const { tools } = await c.client.listTools();
    await c.close();
    expect(tools.map((t) => t.name).sort()).toEqual([...DEFAULT_TOOLS].sort());
    const tokens = JSON.stringify(tools).length / 4;
    expect(tokens, `default tools/list is ${Math.round(tokens)} tokens`).toBeLessThanOrEqual(6000);
  });

  it('the README and the bundle manifest give the same number of default tools', () => {
    const read = (f: string) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
    expect(read('README.md')).toContain(`the server lists ${DEFAULT_TOOLS.length} moderation tools`);
    expect(read('manifest.json')).toContain(`\\"default\\" (${DEFAULT_TOOLS.length} moderation tools)`);
  });

  it('--toolsets a,b selects whole toolsets, and default combines with them', () => {
    const rooms = TOOLS.filter((t) => t.endpoint.family === 'rooms').map((t) => t.name);
    expect(served(['--toolsets', 'rooms'])).toEqual(rooms);
    expect(rooms).toContain('destroy_room');
    expect(served([])).not.toContain('destroy_room');
    const both = served(['--toolsets', 'default,gifts']);
    expect(new Set(both)).toEqual(new Set([...DEFAULT_TOOLS, ...TOOLS.filter((t) => t.endpoint.family === 'gifts').map((t) => t.name)]));
    expect(served(['--toolsets', 'default', '--read-only']).every((n) => TOOLS.find((t) => t.name === n)!.effect === 'read')).toBe(true);
  });

  it('--toolsets all lists every catalog endpoint through tools/list', async () => {
    const names = served(['--toolsets', 'all']);
    expect(names).toHaveLength(TOOLS.length);
    const { client } = recordingClient();
    const c = await connect(() => createServer({ client, tools: selectTools(TOOLS, { toolsets: ['all'] }) }));
    expect((await c.client.listTools()).tools).toHaveLength(TOOLS.length);
    await c.close();
  });

  it('--read-only lists only reads and wins over --toolsets and --tools', async () => {
    const names = served(['--toolsets', 'all', '--read-only']);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => TOOLS.find((t) => t.name === n)!.effect === 'read')).toBe(true);
    expect(served(['--tools', 'kick_user_off_seat,get_seat_list', '--read-only'])).toEqual(['get_seat_list']);
    const { client } = recordingClient();
    const c = await connect(() => createServer({ client, tools: selectTools(TOOLS, { toolsets: ['all'], readOnly: true }) }));
    const { tools } = await c.client.listTools();
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    await c.close();
  });

  it('--tools is an exact list; environment variables work like the flags, and a flag wins', () => {
    expect(served(['--tools', 'get_room_list,ban_member'])).toEqual(['get_room_list', 'ban_member']);
    expect(served([], { TENCENT_LIVE_TOOLSETS: 'gifts' })).toHaveLength(21);
    expect(served(['--toolsets', 'stats'], { TENCENT_LIVE_TOOLSETS: 'gifts' })).toEqual(['get_room_stats']);
    expect(served([], { TENCENT_LIVE_TOOLS: 'get_room_stats' })).toEqual(['get_room_stats']);
    expect(served([], { TENCENT_LIVE_READ_ONLY: '1', TENCENT_LIVE_TOOLSETS: 'seats' })).toEqual(['get_seat_list']);
  });

  it('unknown names fail at start with the valid ones listed', () => {
    expect(() => served(['--toolsets', 'rooms,chat'])).toThrow(ConfigError);
    expect(() => served(['--toolsets', 'rooms,chat'])).toThrow(/Unknown toolset\(s\): chat\. Valid toolsets: default, all, rooms/);
    expect(() => served(['--tools', 'kick_user'])).toThrow(/Unknown tool\(s\): kick_user\. Valid tools: .*kick_user_off_seat/);
    expect(() => served(['--tools', 'get_room_list', '--toolsets', 'rooms'])).toThrow(/not both/);
    expect(() => served([], { TENCENT_LIVE_READ_ONLY: 'yes' })).toThrow(/TENCENT_LIVE_READ_ONLY/);
    expect(() => selectTools(TOOLS, { toolsets: ['nope'] })).toThrow(SelectionError);
  });
});
