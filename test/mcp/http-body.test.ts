// The /mcp body is read and parsed once per request (src/http/body.ts): no clone of the web
// Request, no second parse, and the parsed body still drives the era and the scope checks.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INITIALIZE, JSON_HEADERS, raw, startStack } from '../helpers/http.js';

describe('the /mcp request body', () => {
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  afterEach(async () => { vi.restoreAllMocks(); await stack?.close(); stack = undefined; });

  it('is parsed once: a 2025-era initialize and a 2026-era tools/call run without cloning the request or parsing twice', async () => {
    stack = await startStack();
    const clone = vi.spyOn(Request.prototype, 'clone');
    const parse = vi.spyOn(JSON, 'parse');
    const init = await raw(stack.url, { headers: JSON_HEADERS, body: INITIALIZE });
    expect(init.status).toBe(200);
    const bodyParses = parse.mock.calls.filter(([text]) => text === INITIALIZE).length;
    expect(bodyParses).toBe(1);
    const call = JSON.stringify({
      jsonrpc: '2.0', id: 2, method: 'tools/call',
      params: { name: 'get_room_list', arguments: { Count: 5 }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
    });
    const r = await raw(stack.url, { headers: { ...JSON_HEADERS, 'mcp-protocol-version': '2026-07-28' }, body: call });
    expect(r.status, r.body).toBeLessThan(500);
    expect(parse.mock.calls.filter(([text]) => text === call).length).toBe(1);
    expect(clone).not.toHaveBeenCalled();
  });

  it('a body that is not JSON is answered as before (400, a JSON-RPC error), and a body over the limit 413', async () => {
    stack = await startStack();
    const bad = await raw(stack.url, { headers: JSON_HEADERS, body: '{"jsonrpc": "2.0", "id": 1, "method": ' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) }, id: null });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(1024 * 1024) } });
    const chunked = await raw(stack.url, { headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    expect(stack.sandbox.requests).toEqual([]);
  });
});
