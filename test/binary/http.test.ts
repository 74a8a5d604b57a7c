// Streamable HTTP at /mcp over real loopback sockets: both protocol eras against the sandbox,
// confirmation by elicitation through the 2025-era session leg, and the guards in front
// (Host, Origin, body size). The binary's own start-up checks need `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { connect as connectInProcess } from '../helpers/mcp.js';
import { connectHttp, INITIALIZE, JSON_HEADERS, raw, startStack, text, type McpConnection } from '../helpers/http.js';

type Stack = Awaited<ReturnType<typeof startStack>>;
const ROOM = 'live_music_night';

describe('both protocol eras at one /mcp endpoint', () => {
  let stack: Stack | undefined;
  let conns: McpConnection[] = [];
  afterEach(async () => {
    for (const c of conns) await c.close().catch(() => {});
    conns = [];
    await stack?.close();
    stack = undefined;
  });

  it('a 2026-era client negotiates the modern era, lists tools and reads rooms', async () => {
    stack = await startStack();
    const c = await connectHttp(stack.url, { era: 'modern' });
    conns.push(c);
    expect(c.client.getProtocolEra()).toBe('modern');
    expect(c.transport.sessionId).toBeUndefined();
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['get_room_list', 'kick_user_off_seat']));
    const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 20 } });
    expect(r.isError, text(r)).toBeFalsy();
    const rooms = (r.structuredContent as { RoomList: Array<{ RoomId: string }> }).RoomList.map((x) => x.RoomId);
    expect(rooms).toContain(ROOM);
    expect(stack.sent('get_room_list')).toHaveLength(1);
  });

  it('a 2026-era client confirms a kick through input_required rounds', async () => {
    stack = await startStack();
    const c = await connectHttp(stack.url, { era: 'modern', elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    conns.push(c);
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: 'http modern' } });
    expect(r.isError, text(r)).toBeFalsy();
    expect(c.forms).toHaveLength(1);
    expect(c.forms[0]!.message).toContain('"guest_omar"');
    expect(stack.sent('kick_user_off_seat').map((x) => x.body)).toEqual([{ RoomId: ROOM, Member_Account: 'guest_omar', Data: 'http modern' }]);
  });

  it('a 2025-era client gets a session, lists tools and reads rooms', async () => {
    stack = await startStack();
    const c = await connectHttp(stack.url, { era: 'legacy' });
    conns.push(c);
    expect(c.client.getProtocolEra()).toBe('legacy');
    expect(c.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name)).toContain('get_room_list');
    const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 20 } });
    expect(r.isError, text(r)).toBeFalsy();
    expect((r.structuredContent as { RoomList: unknown[] }).RoomList.length).toBeGreaterThan(0);
  });

  it('a 2025-era client: elicitation/create reaches it over the session, accept kicks exactly once', async () => {
    stack = await startStack();
    const c = await connectHttp(stack.url, { era: 'legacy', elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    conns.push(c);
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: 'http legacy' } });
    expect(r.isError, text(r)).toBeFalsy();
    expect(c.forms).toHaveLength(1);
    expect(c.forms[0]!.message).toContain('"guest_omar"');
    expect(c.forms[0]!.message).toContain(`"${ROOM}"`);
    expect(stack.sent('kick_user_off_seat').map((x) => x.body)).toEqual([{ RoomId: ROOM, Member_Account: 'guest_omar', Data: 'http legacy' }]);
    const seats = await c.client.callTool({ name: 'get_seat_list', arguments: { RoomId: ROOM } });
    const list = (seats.structuredContent as { SeatList: Array<{ Member_Account?: string }> }).SeatList;
    expect(list.map((s) => s.Member_Account)).not.toContain('guest_omar');
  });

  it('a 2025-era client: decline sends nothing to Tencent', async () => {
    stack = await startStack();
    const c = await connectHttp(stack.url, { era: 'legacy', elicit: () => ({ action: 'decline' }) });
    conns.push(c);
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_priya', Data: '' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/declined/);
    expect(c.forms).toHaveLength(1);
    expect(stack.sent('kick_user_off_seat')).toEqual([]);
    expect(stack.audit.records.filter((x) => x.tool === 'kick_user_off_seat').map((x) => x.answer ?? x.result)).toContain('decline');
  });

  it('both eras share one runtime: the audit log sees the calls of both', async () => {
    stack = await startStack();
    const a = await connectHttp(stack.url, { era: 'legacy', elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const b = await connectHttp(stack.url, { era: 'modern', elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    conns.push(a, b);
    await a.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' } });
    await b.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_priya', Data: '' } });
    const outcomes = stack.audit.records.filter((x) => x.event === 'outcome' && x.result === 'ok').map((x) => x.client);
    expect(outcomes).toEqual(['http-test-legacy 1.0.0', 'http-test-modern 1.0.0']);
  });

  it('both eras over HTTP offer exactly the tool surface of the in-process (stdio-style) server', async () => {
    stack = await startStack();
    const reference = await connectInProcess(() => createServer({ client: {} as never }), { era: 'legacy' });
    const expected = (await reference.client.listTools()).tools;
    await reference.close();
    for (const era of ['modern', 'legacy'] as const) {
      const c = await connectHttp(stack.url, { era });
      conns.push(c);
      expect((await c.client.listTools()).tools, era).toEqual(expected);
    }
  });

  it('a session is closed by DELETE and unknown session ids get 404', async () => {
    stack = await startStack();
    const c = await connectHttp(stack.url, { era: 'legacy' });
    const id = c.transport.sessionId!;
    await c.transport.terminateSession();
    await c.close();
    const after = await raw(stack.url, { headers: { ...JSON_HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(after.status).toBe(404);
    const none = await raw(stack.url, { headers: JSON_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(none.status).toBe(400);
  });
});

describe('guards in front of /mcp', () => {
  let stack: Stack | undefined;
  afterEach(async () => { await stack?.close(); stack = undefined; });

  it('403 on a foreign Origin, while loopback and configured origins pass', async () => {
    stack = await startStack({ allowedOrigins: ['https://console.example.com'] });
    const bad = await raw(stack.url, { headers: { ...JSON_HEADERS, origin: 'https://evil.example' }, body: INITIALIZE });
    expect(bad.status).toBe(403);
    expect(stack.sent('get_room_list')).toEqual([]);
    const nul = await raw(stack.url, { headers: { ...JSON_HEADERS, origin: 'null' }, body: INITIALIZE });
    expect(nul.status).toBe(403);
    for (const origin of ['http://localhost:5173', 'https://console.example.com']) {
      const ok = await raw(stack.url, { headers: { ...JSON_HEADERS, origin }, body: INITIALIZE });
      expect(ok.status, origin).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBe(origin);
      expect(String(ok.headers['access-control-expose-headers'])).toMatch(/Mcp-Session-Id/);
    }
    const preflight = await raw(stack.url, { method: 'OPTIONS', headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, mcp-session-id' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type, mcp-session-id');
  });

  it('403 on a Host that is not ours (DNS rebinding)', async () => {
    stack = await startStack();
    const port = new URL(stack.url).port;
    const bad = await raw(stack.url, { headers: { ...JSON_HEADERS, host: `evil.example:${port}` }, body: INITIALIZE });
    expect(bad.status).toBe(403);
    expect(bad.body).toMatch(/Host/i);
    const ok = await raw(stack.url, { headers: { ...JSON_HEADERS, host: `localhost:${port}` }, body: INITIALIZE });
    expect(ok.status).toBe(200);
  });

  it('a --public-url host is accepted, other names still are not', async () => {
    stack = await startStack({ publicUrl: 'https://live-mcp.example.com/mcp' });
    const ok = await raw(stack.url, { headers: { ...JSON_HEADERS, host: 'live-mcp.example.com', origin: 'https://live-mcp.example.com' }, body: INITIALIZE });
    expect(ok.status).toBe(200);
    const bad = await raw(stack.url, { headers: { ...JSON_HEADERS, host: 'other.example.com' }, body: INITIALIZE });
    expect(bad.status).toBe(403);
  });

  it('413 on a body over 1 MiB, declared or streamed, and nothing reaches Tencent', async () => {
    stack = await startStack();
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_room_list', arguments: { pad: 'x'.repeat(1024 * 1024) } } });
    const declared = await raw(stack.url, { headers: { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(big)) }, body: big });
    expect(declared.status).toBe(413);
    const chunked = await raw(stack.url, { headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    expect(stack.sandbox.requests).toEqual([]);
  });

  it('a client that sends its headers too slowly is cut off', async () => {
    stack = await startStack({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const { port } = new URL(stack.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => { received += String(d); });
    socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // …and never finishes the headers
    const closedAfter = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      socket.on('close', () => resolve(Date.now() - t0));
    });
    expect(closedAfter).toBeLessThan(5000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('other paths are 404 and the PRM document is not served without OAuth', async () => {
    stack = await startStack();
    expect((await raw(stack.url, { method: 'GET', path: '/' })).status).toBe(404);
    expect((await raw(stack.url, { method: 'GET', path: '/.well-known/oauth-protected-resource' })).status).toBe(404);
  });

  it('refuses a non-loopback bind without a token when called as a library too', async () => {
    const { startHttpServer } = await import('../../src/http/server.js');
    const { createPolicyRuntime } = await import('../../src/policies/runtime.js');
    await expect(startHttpServer({ client: {} as never, runtime: createPolicyRuntime(), host: '0.0.0.0', port: 0 })).rejects.toThrow(/without authentication/);
  });
});

describe('HTTP configuration', () => {
  const serve = (argv: string[], env: Record<string, string> = {}) => loadConfig(['--sandbox', ...argv], env) as Extract<Config, { command: 'serve' }>;

  it('defaults to 127.0.0.1:3000 without auth, and --port/--host need --http', () => {
    expect(serve(['--http']).http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(serve([]).http).toBeUndefined();
    expect(() => serve(['--port', '8080'])).toThrow(/only apply with --http/);
  });

  it('refuses a public bind without a token, and accepts one from the environment', () => {
    expect(() => serve(['--http', '--host', '0.0.0.0'])).toThrow(/Refusing to serve MCP on 0\.0\.0\.0 without authentication.*TENCENT_LIVE_HTTP_TOKEN.*--http-token-file/);
    const token = 'x'.repeat(32);
    expect(serve(['--http', '--host', '0.0.0.0'], { TENCENT_LIVE_HTTP_TOKEN: token }).http).toMatchObject({ host: '0.0.0.0', token });
    expect(() => serve(['--http'], { TENCENT_LIVE_HTTP_TOKEN: 'short' })).toThrow(/at least 16 characters/);
  });

  it('OAuth needs issuer and audience together, https, and not a static token as well', () => {
    expect(() => serve(['--http', '--oauth-issuer', 'https://id.example.com/'])).toThrow(/both --oauth-issuer and --oauth-audience/);
    expect(() => serve(['--http', '--oauth-issuer', 'http://id.example.com/', '--oauth-audience', 'a'])).toThrow(/https URL/);
    expect(() => serve(['--http', '--oauth-issuer', 'https://id.example.com/', '--oauth-audience', 'a'], { TENCENT_LIVE_HTTP_TOKEN: 'y'.repeat(20) })).toThrow(/not both/);
    expect(serve(['--http', '--host', '0.0.0.0', '--oauth-issuer', 'https://id.example.com/', '--oauth-audience', 'https://live.example.com/mcp']).http?.oauth)
      .toEqual({ issuer: 'https://id.example.com/', audience: 'https://live.example.com/mcp' });
  });

  it('--allowed-origins takes origins, not hostnames', () => {
    expect(() => serve(['--http', '--allowed-origins', 'app.example.com'])).toThrow(/--allowed-origins takes origins/);
    expect(serve(['--http', '--allowed-origins', 'https://app.example.com,http://localhost:5173']).http?.allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });
});

describe('the binary with --http', () => {
  const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  const stateDir = mkdtempSync(join(tmpdir(), 'tlm-http-state-'));
  const cleanEnv = (extra: Record<string, string> = {}) => ({
    ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))) as Record<string, string>),
    XDG_STATE_HOME: stateDir,
    ...extra,
  });
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does).');
  });

  it('refuses to start on 0.0.0.0 without a token, with a message saying what to set', () => {
    const r = spawnSync(process.execPath, [CLI, '--sandbox', '--http', '--host', '0.0.0.0', '--port', '0'], { env: cleanEnv(), encoding: 'utf8', timeout: 45_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Refusing to serve MCP on 0\.0\.0\.0 without authentication/);
    expect(r.stderr).toMatch(/TENCENT_LIVE_HTTP_TOKEN/);
    expect(r.stdout).toBe('');
  });

  it('serves on every interface with a token, answers 401 without it, and exits 0 on SIGTERM', async () => {
    const token = 'binary-test-token-0123456789abcdef';
    const child = spawn(process.execPath, [CLI, '--sandbox', '--http', '--host', '0.0.0.0', '--port', '0'], { env: cleanEnv({ TENCENT_LIVE_HTTP_TOKEN: token }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in time: ${stderr}`)), 45_000);
      child.stderr.on('data', (d) => {
        stderr += String(d);
        const m = /MCP over Streamable HTTP: http:\/\/0\.0\.0\.0:(\d+)\/mcp/.exec(stderr);
        if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}/mcp`); }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    try {
      expect((await raw(url, { headers: JSON_HEADERS, body: INITIALIZE })).status).toBe(401);
      const c = await connectHttp(url, { era: 'modern', headers: { authorization: `Bearer ${token}` } });
      const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
      expect(r.isError, text(r)).toBeFalsy();
      await c.close();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(stderr).not.toContain(token);
  });
});
