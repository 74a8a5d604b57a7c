// Malformed MCP traffic over HTTP: the server answers with a protocol error (or a clear HTTP
// status), sends nothing to Tencent, and keeps serving well-formed clients afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { connectHttp, INITIALIZE, JSON_HEADERS, raw, startStack } from '../helpers/http.js';

describe('malformed requests over HTTP', () => {
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  afterEach(async () => { await stack?.close(); stack = undefined; });

  it('answers garbage with errors and keeps serving', async () => {
    stack = await startStack();
    const cases: Array<{ name: string; body: string | Buffer; headers?: Record<string, string> }> = [
      { name: 'not JSON', body: '{"jsonrpc": "2.0", "id": 1, "method": ' },
      { name: 'binary bytes', body: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]) },
      { name: 'a JSON array of numbers', body: '[1, 2, 3]' },
      { name: 'JSON-RPC without a method', body: JSON.stringify({ jsonrpc: '2.0', id: 7 }) },
      { name: 'the wrong JSON-RPC version', body: JSON.stringify({ jsonrpc: '1.0', id: 8, method: 'initialize', params: {} }) },
      { name: 'tools/call before initialize', body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'kick_user_off_seat', arguments: { RoomId: 'r', Member_Account: 'u', Data: '' } } }) },
      { name: 'a text/plain body', body: INITIALIZE, headers: { 'content-type': 'text/plain', accept: 'application/json, text/event-stream' } },
      { name: 'an Accept the transport cannot serve', body: INITIALIZE, headers: { 'content-type': 'application/json', accept: 'text/html' } },
    ];
    for (const c of cases) {
      const r = await raw(stack.url, { headers: c.headers ?? JSON_HEADERS, body: c.body });
      expect(r.status, `${c.name}: ${r.status} ${r.body}`).toBeGreaterThanOrEqual(400);
      expect(r.status, c.name).toBeLessThan(500);
    }
    expect(stack.sandbox.requests).toEqual([]);

    // Still serving: real clients of both eras list tools and read rooms.
    for (const era of ['legacy', 'modern'] as const) {
      const conn = await connectHttp(stack.url, { era });
      const { tools } = await conn.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      const rooms = await conn.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
      expect(rooms.isError, era).toBeFalsy();
      await conn.close();
    }
  });
});
