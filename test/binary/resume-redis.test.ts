// `--redis` through the real binary: a stream that dropped on one server process is resumed by
// the other, which does not hold the session (two processes, one Redis, one prefix).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailability, startRedisServer, type RedisServer } from '../helpers/redis.js';
import { childLog } from '../helpers/child-log.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const avail = redisAvailability();
const VERSION = '2025-11-25';
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': VERSION };

const freePort = () => new Promise<number>((resolve) => {
  const s = netServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

describe.runIf(avail.run)('two server processes resume each other\'s streams', () => {
  let redis: RedisServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!avail.bin) throw new Error(avail.message);
    redis = await startRedisServer(avail.bin);
  }, 60_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await redis?.stop();
  });

  async function replica(): Promise<string> {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, '--sandbox', '--http', '--port', String(port), '--redis', redis.url, '--redis-prefix', 'resume-cli'], {
      env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-state-')) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    await childLog(child).until('ready on HTTP');
    return `http://127.0.0.1:${port}/mcp`;
  }

  it('a call whose stream dropped on A is answered by a reconnect to B', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const init = await fetch(a, {
      method: 'POST', headers: HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    const inSession = { ...HEADERS, 'mcp-session-id': session };
    await (await fetch(a, { method: 'POST', headers: inSession, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
    const call = await (await fetch(a, {
      method: 'POST', headers: inSession,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } }),
    })).text();
    expect(call).not.toMatch(/arrived by resumption/);
    const last = [...call.matchAll(/^id: ?(.+)$/gm)].at(-1)![1]!;

    const resumed = await fetch(b, {
      headers: { accept: 'text/event-stream', 'mcp-protocol-version': VERSION, 'mcp-session-id': session, 'last-event-id': last },
      signal: AbortSignal.timeout(30_000),
    });
    expect(resumed.status).toBe(200);
    expect(await resumed.text()).toMatch(/arrived by resumption/);
    // A new request for the session still needs the replica that holds it.
    const post = await fetch(b, { method: 'POST', headers: inSession, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(post.status).toBe(404);
    await post.text();
  }, 120_000);
});
