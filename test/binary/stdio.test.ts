// The built binary, spawned as a client would: MCP over stdio against the embedded sandbox, and the
// start-up errors a person sees. Needs `npm run build` first (npm test does it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'tlm-state-'));
// Each spawned server keeps its audit log and console token in a throwaway state directory.
const cleanEnv = () => ({
  ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))) as Record<string, string>),
  XDG_STATE_HOME: stateDir,
});
const policyFile = (yaml: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tlm-policy-')), 'policy.yaml');
  writeFileSync(path, yaml);
  return path;
};

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does).');
});

describe('the binary over stdio', () => {
  let client: Client | undefined;
  const stderr: string[] = [];
  afterEach(async () => { await client?.close(); client = undefined; });

  async function start(args: string[], answer?: () => { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' }) {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, ...args], env: cleanEnv(), stderr: 'pipe' });
    transport.stderr?.on('data', (d) => stderr.push(String(d)));
    client = new Client({ name: 'stdio-test', version: '1.0.0' }, { capabilities: answer ? { elicitation: { form: {} } } : {} });
    if (answer) client.setRequestHandler('elicitation/create', async () => answer() as never);
    await client.connect(transport);
    return client;
  }

  it('lists rooms, seats a user and kicks after confirmation against the sandbox', async () => {
    const c = await start(['--sandbox'], () => ({ action: 'accept', content: { confirm: true } }));
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toContain('kick_user_off_seat');

    const list = await c.callTool({ name: 'get_room_list', arguments: { Count: 20 } });
    expect(list.isError).toBeFalsy();
    const rooms = (list.structuredContent as { RoomList: Array<{ RoomId: string }> }).RoomList;
    expect(rooms.length).toBeGreaterThan(0);

    // Find a room with a free seat and a member who is not seated, seat them, then kick them.
    let done = false;
    for (const { RoomId } of rooms) {
      const seats = await c.callTool({ name: 'get_seat_list', arguments: { RoomId } });
      if (seats.isError) continue;
      const list = (seats.structuredContent as { SeatList: Array<{ Index: number; Member_Account?: string; IsTakenDisabled?: boolean }> }).SeatList;
      const free = list.find((s) => !s.Member_Account && !s.IsTakenDisabled);
      const seated = list.find((s) => s.Member_Account);
      if (!free || !seated) continue;
      const kick = await c.callTool({ name: 'kick_user_off_seat', arguments: { RoomId, Member_Account: seated.Member_Account, Data: 'test' } });
      expect(kick.isError, JSON.stringify(kick.content)).toBeFalsy();
      const pick = await c.callTool({ name: 'pick_user_on_seat', arguments: { RoomId, Member_Account: seated.Member_Account, Index: free.Index } });
      expect(pick.isError, JSON.stringify(pick.content)).toBeFalsy();
      done = true;
      break;
    }
    expect(done, 'the demo seed should have a room with a seated user and a free seat').toBe(true);
    expect(stderr.join('')).toMatch(/ready on stdio/);
  });

  it('a declined kick is not performed', async () => {
    const c = await start(['--sandbox'], () => ({ action: 'decline' }));
    const r = await c.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'any', Member_Account: 'x', Data: '' } });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toMatch(/Not performed/);
  });

  it('a client pinned to the 2026-07-28 protocol connects over stdio, lists and calls tools', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--sandbox'], env: cleanEnv(), stderr: 'pipe' });
    transport.stderr?.on('data', (d) => stderr.push(String(d)));
    client = new Client({ name: 'stdio-modern', version: '1.0.0' }, { capabilities: {}, versionNegotiation: { mode: 'auto' } } as never);
    await client.connect(transport);
    expect(client.getNegotiatedProtocolVersion?.()).toBe('2026-07-28');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('get_room_list');
    const r = await client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
    expect(r.isError).toBeFalsy();
  });

  it('a client without elicitation, with elicitation the only channel, is told the kick needs a human', async () => {
    const c = await start(['--sandbox', '--policy', policyFile('channels: [elicitation]\n')]);
    const r = await c.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'any', Member_Account: 'x', Data: '' } });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toMatch(/does not support MCP elicitation/);
  });

  it('by default a client without elicitation gets the approval console, and nothing is done meanwhile', async () => {
    const c = await start(['--sandbox', '--policy', policyFile('approvals: { waitSeconds: 1 }\n')]);
    const r = await c.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' } });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toMatch(/Waiting for approval: nothing was done/);
    expect(stderr.join('')).toMatch(/Approval console: http:\/\/localhost:\d+\//);
    // The operator token never reaches the MCP client.
    const token = readFileSync(join(stateDir, 'tencent-live-mcp', 'console-token'), 'utf8').trim();
    expect(token.length).toBeGreaterThan(20);
    expect(JSON.stringify(r)).not.toContain(token);
    // Nor the server's stderr, which the agent that started the server can read.
    expect(stderr.join('')).not.toContain(token);
  });
});

describe('start-up', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...cleanEnv(), ...env }, encoding: 'utf8', input: '', timeout: 45_000 });

  it('without credentials it exits non-zero naming each missing variable and suggesting --sandbox', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/TENCENT_LIVE_SDKAPPID/);
    expect(r.stderr).toMatch(/TENCENT_LIVE_SECRET_KEY/);
    expect(r.stderr).toMatch(/--sandbox/);
    expect(r.stdout).toBe('');
  });

  it('names only the variable that is missing', () => {
    const r = run([], { TENCENT_LIVE_SDKAPPID: '1400000001' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/TENCENT_LIVE_SECRET_KEY/);
    expect(r.stderr).not.toMatch(/Missing TENCENT_LIVE_SDKAPPID/);
  });

  it('rejects an unknown region and an unknown toolset with the valid names', () => {
    const region = run([], { TENCENT_LIVE_SDKAPPID: '1400000001', TENCENT_LIVE_SECRET_KEY: 'k', TENCENT_LIVE_REGION: 'mars' });
    expect(region.status).toBe(2);
    expect(region.stderr).toMatch(/singapore/);
    const toolset = run(['--sandbox', '--toolsets', 'rooms,nope']);
    expect(toolset.status).toBe(2);
    expect(toolset.stderr).toMatch(/nope/);
    expect(toolset.stderr).toMatch(/Valid toolsets: default, all, rooms/);
  });

  it('--help prints usage', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--sandbox/);
    expect(r.stdout).toMatch(/TENCENT_LIVE_SECRET_KEY/);
  });
});
