// `--redis` through the real binary: two server processes behind one Redis are one deployment. An
// approval asked for through one is approved in the other's console and runs exactly once; a
// Redis that cannot be reached stops the start.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { operatorSession } from '../helpers/console-session.js';
import { redisAvailability, startRedisServer, type RedisServer } from '../helpers/redis.js';
import { childLog } from '../helpers/child-log.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const avail = redisAvailability();
const TOKEN = 'redis-cli-console-token-0123456789';

const freePort = () => new Promise<number>((resolve) => {
  const s = netServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

describe.runIf(avail.run)('two server processes sharing one Redis', () => {
  let redis: RedisServer;
  const children: ChildProcess[] = [];
  const sandbox = createSandbox({ seed: 'demo' });
  let sandboxUrl = '';
  let closeSandbox: () => Promise<void>;
  const policy = join(mkdtempSync(join(tmpdir(), 'tlm-redis-cli-')), 'policy.yaml');
  writeFileSync(policy, 'channels: [console]\napprovals: { waitSeconds: 0 }\n');

  beforeAll(async () => {
    if (!avail.bin) throw new Error(avail.message);
    redis = await startRedisServer(avail.bin);
    const l = await sandbox.listen({ port: 0 });
    sandboxUrl = l.url;
    closeSandbox = l.close;
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await closeSandbox?.();
    await redis?.stop();
  });

  async function replica(): Promise<{ mcp: string; console: string }> {
    const [port, consolePort] = [await freePort(), await freePort()];
    const { sdkAppId, secretKey, admin } = sandbox.credentials;
    const child = spawn(process.execPath, [CLI, '--http', '--port', String(port), '--console-port', String(consolePort), '--policy', policy, '--redis', redis.url, '--redis-prefix', 'cli-test'], {
      env: {
        PATH: process.env.PATH ?? '',
        XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-state-')),
        TENCENT_LIVE_SDKAPPID: String(sdkAppId),
        TENCENT_LIVE_SECRET_KEY: secretKey,
        TENCENT_LIVE_ADMIN: admin,
        TENCENT_LIVE_ENDPOINT: sandboxUrl,
        TENCENT_LIVE_CONSOLE_TOKEN: TOKEN,
        TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const log = childLog(child);
    await log.until('ready on HTTP');
    expect(log.text()).toMatch(/sharing state through Redis/);
    return { mcp: `http://127.0.0.1:${port}/mcp`, console: `http://localhost:${consolePort}` };
  }

  async function call(url: string, args: Record<string, unknown>) {
    const client = new Client({ name: 'agent', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const r = await client.callTool({ name: 'ban_member', arguments: args });
    await client.close();
    return JSON.stringify(r.content);
  }

  it('an approval asked through replica 1 and approved in replica 2\'s console runs once', async () => {
    const [one, two] = [await replica(), await replica()];
    const args = { RoomId: 'live_music_night', MemberList_Account: ['viewer_cy'], Duration: 600 };
    expect(await call(one.mcp, args)).toMatch(/Waiting for approval/);
    const auth = (await operatorSession(two.console, TOKEN)).headers;
    const list = (await (await fetch(`${two.console}/api/approvals`, { headers: auth })).json()) as { approvals?: Array<{ id: string; status: string }> } | Array<{ id: string; status: string }>;
    const items = Array.isArray(list) ? list : list.approvals ?? [];
    const pending = items.find((a) => a.status === 'pending')!;
    expect(pending).toBeDefined();
    const approve = await fetch(`${two.console}/api/approvals/${pending.id}/approve`, { method: 'POST', headers: auth });
    expect(approve.status).toBe(200);
    expect(await call(two.mcp, args)).not.toMatch(/Waiting for approval|Not performed/);
    expect(await call(one.mcp, args)).toMatch(/Waiting for approval/);
    expect(sandbox.requests.filter((r) => r.command === 'ban_member')).toHaveLength(1);
  });

  it('an unreachable Redis stops the start with a clear message', () => {
    const r = spawnSync(process.execPath, [CLI, '--sandbox', '--redis', 'redis://127.0.0.1:1'], {
      env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-state-')) }, encoding: 'utf8', input: '', timeout: 45_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Redis/);
    expect(r.stderr).toMatch(/127\.0\.0\.1:1/);
  });
});
