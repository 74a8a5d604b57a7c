// The built binary over raw stdio, fed what a broken or hostile client might write: garbage lines,
// invalid JSON-RPC, unknown methods, tools/call with bad params. The server answers the protocol
// errors JSON-RPC defines for requests it can identify, and keeps serving: a valid request sent
// afterwards succeeds and the process is still running. Needs `npm run build` (npm test does it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envWithoutTencent, RawStdioSession, requireBuild } from '../helpers/raw-stdio.js';

let s: RawStdioSession;
let seq = 0;
/** A ping that proves the server still reads and answers, and flushes everything before it. */
const sync = async () => {
  const id = `sync-${++seq}`;
  const before = s.messages.length;
  const m = await s.request(id, 'ping');
  expect(m.error, JSON.stringify(m)).toBeUndefined();
  return s.messages.slice(before).filter((x) => x !== m);
};

beforeAll(async () => {
  requireBuild();
  const env = { ...envWithoutTencent(), XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-malformed-')) };
  // Non-JSON stdout lines go to s.junkOut, which the garbage test asserts is empty.
  s = RawStdioSession.spawn(['--sandbox'], env, { collectJunk: true });
  const init = await s.request(0, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'malformed-test', version: '1' } });
  expect(init.result?.serverInfo).toMatchObject({ name: 'tencent-live-mcp' });
  s.send({ method: 'notifications/initialized' });
});

afterAll(async () => {
  await s.stop();
});

describe('malformed input on stdio', () => {
  it('answers JSON-RPC errors for requests it can identify', async () => {
    expect((await s.request(1, 'no/such/method')).error?.code).toBe(-32601);
    expect((await s.request(2, 'tools/call')).error?.code).toBe(-32602);
    expect((await s.request(3, 'tools/call', { name: 'get_room_list', arguments: 'nope' })).error?.code).toBe(-32602);
    expect((await s.request(4, 'tools/call', { name: 42 })).error?.code).toBe(-32602);
    const unknownTool = await s.request(5, 'tools/call', { name: 'no_such_tool', arguments: {} });
    expect(unknownTool.error?.code).toBe(-32602);
    expect(unknownTool.error?.message).toMatch(/no_such_tool/);
  });

  it('reports invalid tool arguments as a tool error result, per MCP', async () => {
    const r = await s.request(6, 'tools/call', { name: 'get_room_list', arguments: { Count: 'twenty' } });
    expect(r.error).toBeUndefined();
    expect(r.result?.isError).toBe(true);
    expect(JSON.stringify(r.result?.content)).toMatch(/Input validation error/);
    const extra = await s.request(7, 'tools/call', { name: 'kick_user_off_seat', arguments: { RoomId: 'r', Member_Account: 'u', Data: '', confirm: true } });
    expect(extra.result?.isError).toBe(true);
  });

  it('survives garbage and invalid JSON-RPC, answering any of it only with an error whose id is null', async () => {
    const junk: Array<string | Buffer> = [
      'this is not json',
      '{"jsonrpc":"2.0","id":100',
      '{"jsonrpc":"2.0","id":101}',
      '{"jsonrpc":"1.0","id":102,"method":"tools/list"}',
      '{"id":103,"method":"tools/list"}',
      '{"jsonrpc":"2.0","id":{"an":"object"},"method":"tools/list"}',
      '{"jsonrpc":"2.0","id":104,"method":"tools/list","params":"not an object"}',
      '[{"jsonrpc":"2.0","id":105,"method":"tools/list"}]',
      'null', '42', '"a string"', '[]', '{}', 'true',
      Buffer.from([0x00, 0x01, 0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      '\r',
      '   ',
      `{"junk":"${'x'.repeat(1024 * 1024)}"}`,
      // A response to a request the server never sent, and notifications it does not know.
      '{"jsonrpc":"2.0","id":999,"result":{}}',
      '{"jsonrpc":"2.0","id":998,"error":{"code":-1,"message":"nobody asked"}}',
      '{"jsonrpc":"2.0","method":"notifications/no_such_thing","params":{}}',
      '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":12345}}',
    ];
    for (const line of junk) s.write(line);
    const answered = await sync();
    for (const m of answered) {
      // Where JSON-RPC asks for an answer to unparseable or invalid input, its id is null.
      expect(m.id ?? null, JSON.stringify(m)).toBeNull();
      expect([-32700, -32600]).toContain(m.error?.code);
    }
    expect(s.junkOut).toEqual([]);
  });

  it('keeps serving afterwards: tools/list and a tool call succeed, and the process is alive', async () => {
    const list = await s.request(20, 'tools/list');
    expect((list.result?.tools as unknown[]).length).toBeGreaterThan(0);
    const call = await s.request(21, 'tools/call', { name: 'get_room_list', arguments: { Count: 5 } });
    expect(call.result?.isError, JSON.stringify(call)).toBeFalsy();
    expect((call.result?.structuredContent as { RoomList: unknown[] }).RoomList.length).toBeGreaterThan(0);
    // Concurrent valid and invalid requests interleave without confusing ids.
    const ids = Array.from({ length: 20 }, (_, i) => 200 + i);
    for (const id of ids) {
      if (id % 2) s.send({ id, method: 'tools/call', params: { name: 'get_seat_list', arguments: { RoomId: 'live_music_night' } } });
      else s.send({ id, method: 'tools/call', params: { name: 'get_seat_list', arguments: { RoomId: 7 } } });
    }
    const answers = await Promise.all(ids.map((id) => s.answer(id)));
    answers.forEach((a, i) => expect(Boolean(a.result?.isError), JSON.stringify(a)).toBe(ids[i]! % 2 === 0));
    expect(s.proc.exitCode).toBeNull();
    expect(s.stderr.join('')).not.toMatch(/Unhandled|TypeError|RangeError|\n\s+at /);
  });
});
