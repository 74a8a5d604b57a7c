// Deployment (c) of docs/security.md, as far as one machine allows: the server is its own process
// with its own state directory and environment (credentials, console token, approvers, audit log);
// the agent is another process, under another OS user when the test runs as root, given only the
// MCP URL and a scoped OAuth token. It asks for a 30-day ban and then tries to approve it itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oauth-issuer.js';
import { childLog } from '../helpers/child-log.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const AGENT = fileURLToPath(new URL('../fixtures/split-agent.mjs', import.meta.url));
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

describe('split deployment: the agent holds only the MCP URL and a scoped token', () => {
  let issuer: TestIssuer;
  let server: ChildProcess;
  let stateHome: string;
  let closeSandbox: () => Promise<void>;
  let sandbox: ReturnType<typeof createSandbox>;
  const secretKey = `split-secret-${Math.random().toString(36).slice(2)}`;
  let mcpUrl = '';
  let consoleUrl = '';
  let stderr = '';

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does).');
    issuer = await startTestIssuer();
    sandbox = createSandbox({ seed: 'demo', rateLimits: false });
    const listening = await sandbox.listen({ port: 0 });
    closeSandbox = listening.close;
    stateHome = mkdtempSync(join(tmpdir(), 'tlm-server-state-'));
    chmodSync(stateHome, 0o700);
    const policy = join(stateHome, 'policy.yaml');
    writeFileSync(policy, 'channels: [console]\napprovals: { waitSeconds: 0 }\n');
    const [port, consolePort] = [await freePort(), await freePort()];
    mcpUrl = `http://127.0.0.1:${port}/mcp`;
    consoleUrl = `http://localhost:${consolePort}`;
    const { sdkAppId, admin } = sandbox.credentials;
    server = spawn(process.execPath, [CLI, '--http', '--port', String(port), '--console-port', String(consolePort), '--policy', policy], {
      env: {
        PATH: process.env.PATH ?? '',
        XDG_STATE_HOME: stateHome,
        TENCENT_LIVE_SDKAPPID: String(sdkAppId),
        TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
        TENCENT_LIVE_ADMIN: admin,
        TENCENT_LIVE_ENDPOINT: listening.url,
        TENCENT_LIVE_OAUTH_ISSUER: issuer.issuer,
        TENCENT_LIVE_OAUTH_AUDIENCE: mcpUrl,
        TENCENT_LIVE_PUBLIC_URL: mcpUrl,
        SPLIT_TEST_MARKER: secretKey,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr!.on('data', (d) => (stderr += d));
    await childLog(server).until('ready on HTTP', 30_000);
  }, 40_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    await issuer?.close();
    await closeSandbox?.();
    if (stateHome) rmSync(stateHome, { recursive: true, force: true });
  });

  it('cannot read the console token, the approvers, the audit log or the server\'s environment, and cannot approve its own ban', async () => {
    const token = await issuer.mint({ sub: 'agent-7', scope: 'live:admin', clientId: 'autonomous-agent', aud: mcpUrl });
    // The agent runs from a folder of its own that another OS user can read (the checkout may sit
    // in a folder only root can enter), with a node binary that user can run.
    const agentDir = mkdtempSync(join(tmpdir(), 'tlm-agent-'));
    chmodSync(agentDir, 0o755);
    const agent = join(agentDir, 'split-agent.mjs');
    copyFileSync(AGENT, agent);
    chmodSync(agent, 0o644);
    const runs = (node: string) => spawnSync(node, ['--version'], { uid: NOBODY, gid: NOBODY, stdio: 'ignore' }).status === 0;
    const node = asRoot ? [process.execPath, '/usr/bin/node', '/usr/local/bin/node'].find(runs) : process.execPath;
    const asNobody = asRoot && node !== undefined;
    // Asynchronous: the test's authorization server and sandbox answer from this process.
    const child = spawn(node ?? process.execPath, [agent], {
      env: {
        PATH: process.env.PATH ?? '',
        MCP_URL: mcpUrl,
        MCP_TOKEN: token,
        SERVER_STATE: stateHome,
        SERVER_PID: String(server.pid),
        CONSOLE_URL: consoleUrl,
        AUDIT_LOG: join(stateHome, 'tencent-live-mcp', 'audit.jsonl'),
      },
      ...(asNobody && { uid: NOBODY, gid: NOBODY }),
      cwd: agentDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = { stdout: '', stderr: '', status: null as number | null };
    child.stdout!.on('data', (d) => (r.stdout += d));
    child.stderr!.on('data', (d) => (r.stderr += d));
    r.status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      uid: number; env: string[]; files: Record<string, string>; console: Record<string, number | string>; calls: string[]; approvalId: string | null;
    };
    // Nothing of the server's configuration is in what the agent was given.
    expect(seen.env).toEqual([]);
    expect(r.stdout).not.toContain(secretKey);
    expect(r.stdout).not.toContain(sandbox.credentials.secretKey);
    const consoleToken = readFileSync(join(stateHome, 'tencent-live-mcp', 'console-token'), 'utf8').trim();
    expect(r.stdout).not.toContain(consoleToken);
    if (asNobody) {
      // Another OS user: the server's files and its /proc environ are closed to it.
      expect(seen.uid).toBe(NOBODY);
      expect(seen.files).toEqual({ 'console-token': 'EACCES', 'approvers.json': 'EACCES', 'audit log': 'EACCES', 'server environ': 'EACCES' });
    } else {
      console.warn('split-deployment: the agent cannot run as another OS user here (not root, or no node binary that user may run); the file-permission half of the check is skipped.');
    }
    // The call waits for a person; the agent's token opens no console door.
    expect(seen.calls[0]).toMatch(/Waiting for approval: nothing was done/);
    expect(seen.approvalId).toBeTruthy();
    expect(seen.console).toEqual({ listWithMcpToken: 401, approveWithMcpToken: 401, approveWithoutSession: 401, tokenSignIn: 403 });
    expect(seen.calls[1]).toMatch(/Waiting for approval: nothing was done/);
    expect(sandbox.requests.filter((x) => x.command === 'ban_member')).toEqual([]);
    // The server's stderr names the console but never prints its token.
    expect(stderr).toMatch(/Approval console: http:\/\/localhost:\d+\//);
    expect(stderr).not.toContain(consoleToken);
  }, 90_000);
});
