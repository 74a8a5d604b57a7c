// startApp in process: what the binary starts for a configuration, without spawning it. Each test
// starts the sandbox-backed server, calls a tool through a real MCP client, closes it, and checks
// that every listener it opened is gone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it, vi } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { loadConfig, type ServeConfig } from '../../src/config.js';
import { capturingLogger } from '../helpers/logger.js';

const serveConfig = (argv: string[]) => {
  const config = loadConfig(['--sandbox', '--no-traffic', ...argv], { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-app-')) });
  if (config.command !== 'serve') throw new Error('expected a serve config');
  return config as ServeConfig;
};

const listeners = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
/** Some servers release their handle a moment after close() resolves: wait until the count is back. */
const expectListeners = (n: number) => vi.waitFor(() => expect(listeners()).toBe(n), { timeout: 20_000, interval: 50 });

/** Every URL the app listened on refuses connections once it is closed. */
async function expectClosed(app: App): Promise<void> {
  const urls = [app.sandboxUrl, app.httpUrl, app.callbackUrl, app.consoleUrl].filter((u): u is string => u !== undefined);
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) await expect(fetch(url, { signal: AbortSignal.timeout(10_000) })).rejects.toThrow();
}

async function firstRoom(client: Client): Promise<string> {
  const r = await client.callTool({ name: 'get_room_list', arguments: {} });
  expect(r.isError).toBeFalsy();
  const rooms = (r.structuredContent as { RoomList?: Array<{ RoomId: string }> }).RoomList ?? [];
  expect(rooms.length).toBeGreaterThan(0);
  return rooms[0]!.RoomId;
}

describe('startApp', () => {
  it('serves MCP on a given transport (stdio mode without the process stdio), then closes everything', async () => {
    const before = listeners();
    const { logger, lines } = capturingLogger();
    const notices: string[] = [];
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const app = await startApp(serveConfig([]), { logger, notice: (t) => notices.push(t), transport: serverSide as never });
    expect(app.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(app.httpUrl).toBeUndefined();
    expect(notices.join('')).toContain(`Tencent callbacks: ${app.callbackUrl}`);
    const client = new Client({ name: 'app-test', version: '1.0.0' });
    await client.connect(clientSide);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('get_room_list');
    await firstRoom(client);
    await client.close();
    await app.close();
    await app.close(); // twice is harmless
    await expectClosed(app);
    await expectListeners(before);
    expect(lines.join('\n')).toMatch(/ready on stdio/);
  });

  it('serves Streamable HTTP on port 0, then closes everything', async () => {
    const before = listeners();
    const { logger } = capturingLogger();
    const app = await startApp(serveConfig(['--http', '--port', '0']), { logger });
    expect(app.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = new Client({ name: 'app-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(app.httpUrl!)));
    const room = await firstRoom(client);
    const seats = await client.callTool({ name: 'get_seat_list', arguments: { RoomId: room } });
    expect(seats.isError).toBeFalsy();
    await client.close();
    await app.close();
    await expectClosed(app);
    await expectListeners(before);
  });

  it('a start that fails part-way closes what it had opened', async () => {
    const before = listeners();
    const { logger } = capturingLogger();
    const blocker = await startApp(serveConfig(['--http', '--port', '0']), { logger });
    const port = Number(new URL(blocker.httpUrl!).port);
    // The sandbox and the callback listener start before HTTP, which then finds its port taken.
    await expect(startApp(serveConfig(['--http', '--port', String(port)]), { logger })).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    await blocker.close();
    await expectListeners(before);
  });
});
