// Toolsets and filtering: every tool belongs to a toolset, the default set stays small,
// --read-only lists only reads, and bad names stop the server at start.
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import { DEFAULT_TOOLSETS, selectTools, SelectionError, TOOLSETS } from '../../src/tools/toolsets.js';
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
  it('the default covers moderation and stays under 40 tools', () => {
    const names = served([]);
    expect(names.length).toBeLessThan(40);
    expect(new Set(selectTools(TOOLS, {}).map((t) => t.endpoint.family))).toEqual(new Set(DEFAULT_TOOLSETS));
    for (const n of ['get_room_list', 'kick_user_off_seat', 'ban_member', 'mute_member', 'send_text_msg']) expect(names).toContain(n);
  });

  it('the default lists the five tools the product started from', () => {
    const names = served([]);
    for (const n of ['get_room_list', 'pick_user_on_seat', 'kick_user_off_seat', 'change_room_owner', 'resume_mcu_task']) expect(names, n).toContain(n);
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
    expect(() => served(['--toolsets', 'rooms,chat'])).toThrow(/Unknown toolset\(s\): chat\. Valid toolsets: all, rooms/);
    expect(() => served(['--tools', 'kick_user'])).toThrow(/Unknown tool\(s\): kick_user\. Valid tools: .*kick_user_off_seat/);
    expect(() => served(['--tools', 'get_room_list', '--toolsets', 'rooms'])).toThrow(/not both/);
    expect(() => served([], { TENCENT_LIVE_READ_ONLY: 'yes' })).toThrow(/TENCENT_LIVE_READ_ONLY/);
    expect(() => selectTools(TOOLS, { toolsets: ['nope'] })).toThrow(SelectionError);
  });
});
