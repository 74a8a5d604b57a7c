// A 2026-era request over HTTP is served by a server built for it alone. For a tools/call, that
// server registers only the tool the call names (src/server.ts `onlyTool`): the answer must be the
// same as from a full server, a confirmation round must still work, and a call to a tool that is
// not served must still get its toolset hint.
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectHttp, startStack, text, type McpConnection } from '../helpers/http.js';
import { DEFAULT_TOOLS } from '../../src/tools/toolsets.js';
import { TOOLS } from '../../src/tools/index.js';

describe('per-request servers of 2026-era HTTP calls', () => {
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  let conn: McpConnection | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await conn?.close();
    await stack?.close();
    conn = stack = undefined;
  });

  it('a tools/call registers only the tool it names and answers as a full server would', async () => {
    const defaults = TOOLS.filter((t) => DEFAULT_TOOLS.includes(t.name));
    stack = await startStack({ tools: defaults });
    conn = await connectHttp(stack.url, { era: 'modern', elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    expect(conn.client.getNegotiatedProtocolVersion?.()).toBe('2026-07-28');
    const register = vi.spyOn(McpServer.prototype, 'registerTool');

    const { tools } = await conn.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(defaults.map((t) => t.name).sort());
    expect(register.mock.calls.length).toBe(defaults.length);

    register.mockClear();
    const seats = await conn.client.callTool({ name: 'get_seat_list', arguments: { RoomId: 'live_music_night' } });
    expect(seats.isError, text(seats)).toBeFalsy();
    expect(register.mock.calls.map(([name]) => name)).toEqual(['get_seat_list']);

    // A destructive call asks (an input_required round) and comes back: each round is its own request.
    register.mockClear();
    const seated = (seats.structuredContent as { SeatList: Array<{ Member_Account?: string }> }).SeatList.find((s) => s.Member_Account)!.Member_Account!;
    const kick = await conn.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'live_music_night', Member_Account: seated, Data: 'spam' } });
    expect(kick.isError, text(kick)).toBeFalsy();
    expect(conn.forms).toHaveLength(1);
    expect(stack.sent('kick_user_off_seat')).toHaveLength(1);
    expect(new Set(register.mock.calls.map(([name]) => name))).toEqual(new Set(['kick_user_off_seat']));

    // Not served here: the full server answers with the toolset and the flag that adds it.
    const gift = await conn.client.callTool({ name: 'get_gift_info_list', arguments: {} });
    expect(gift.isError).toBe(true);
    expect(text(gift)).toMatch(/"gifts" toolset.*--toolsets/);
    const unknown = await conn.client.callTool({ name: 'no_such_tool', arguments: {} }).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
    expect(unknown.isError).toBe(true);
    expect(stack.sandbox.requests.filter((r) => r.command === 'get_gift_info_list')).toEqual([]);
  });

  it('2025-era sessions still hold every tool', async () => {
    stack = await startStack();
    const register = vi.spyOn(McpServer.prototype, 'registerTool');
    conn = await connectHttp(stack.url, { era: 'legacy' });
    const r = await conn.client.callTool({ name: 'get_seat_list', arguments: { RoomId: 'live_music_night' } });
    expect(r.isError, text(r)).toBeFalsy();
    expect(register.mock.calls.length).toBe(TOOLS.length);
  });
});
