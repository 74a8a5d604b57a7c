// /healthz and /readyz: in-process against the HTTP server (named checks, failing and hanging
// checks, no token needed, nothing else opened up), the binary's own checks (the audit log, Redis).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { Readiness, auditLogCheck, redisCheck } from '../../src/http/health.js';
import { envWithoutTencent, CLI, requireBuild } from '../helpers/raw-stdio.js';
import { redisAvailability, startRedisServer } from '../helpers/redis.js';
import { raw, startStack } from '../helpers/http.js';

const TOKEN = 'health-test-token-0123456789abcdef';
type Stack = Awaited<ReturnType<typeof startStack>>;
const get = (url: string, path: string, method = 'GET') => raw(url, { method, path });

describe('health endpoints on the HTTP server', () => {
  let stack: Stack | undefined;
  afterEach(async () => { await stack?.close(); stack = undefined; });

  it('answer without a token while /mcp still requires one', async () => {
    stack = await startStack({ token: TOKEN });
    const alive = await get(stack.url, '/healthz');
    expect(alive.status).toBe(200);
    expect(JSON.parse(alive.body)).toEqual({ status: 'ok' });
    const ready = await get(stack.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: {} });
    expect((await get(stack.url, '/healthz', 'HEAD')).status).toBe(200);
    expect((await get(stack.url, '/healthz', 'POST')).status).toBe(405);
    // The probe paths open nothing else: /mcp and its neighbours still want the token.
    expect((await raw(stack.url, { body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    expect((await get(stack.url, '/healthz/../mcp', 'POST')).status).toBe(401);
    expect((await get(stack.url, '/readyz/x')).status).not.toBe(200);
  });

  it('/readyz runs every registered check and names the failing ones', async () => {
    const readiness = new Readiness(200);
    stack = await startStack({ readiness });
    expect(stack.http.readiness).toBe(readiness);
    let receiverUp = false;
    readiness.register('callback-receiver', () => { if (!receiverUp) throw new Error('callback receiver not listening'); });
    readiness.register('always', () => undefined);

    let r = await get(stack.url, '/readyz');
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toEqual({
      status: 'not ready',
      checks: { 'callback-receiver': { ok: false, error: 'callback receiver not listening' }, always: { ok: true } },
    });
    receiverUp = true;
    r = await get(stack.url, '/readyz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).checks['callback-receiver']).toEqual({ ok: true });
    // Liveness does not depend on readiness.
    receiverUp = false;
    expect((await get(stack.url, '/healthz')).status).toBe(200);
  });

  it('a check that never answers fails the probe after the timeout instead of hanging it', async () => {
    const readiness = new Readiness(100);
    stack = await startStack({ readiness });
    readiness.register('stuck', () => new Promise(() => {}));
    const r = await get(stack.url, '/readyz');
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).checks.stuck).toEqual({ ok: false, error: 'no answer within 100 ms' });
  });

  it('registration: names are unique and short; removal works; a long error is cut to one line', async () => {
    const readiness = new Readiness();
    const remove = readiness.register('a', () => { throw new Error(`first line ${'x'.repeat(400)}\nsecond line`); });
    expect(() => readiness.register('a', () => undefined)).toThrow(/already registered/);
    expect(() => readiness.register('Bad Name', () => undefined)).toThrow(/lowercase/);
    const report = await readiness.report();
    expect(report.checks.a!.error).toMatch(/^first line x+$/);
    expect(report.checks.a!.error!.length).toBeLessThanOrEqual(160);
    remove();
    expect(readiness.names()).toEqual([]);
    expect(await readiness.report()).toEqual({ ready: true, checks: {} });
  });
});

describe('the audit-log check', () => {
  it('fails once the log is gone, without showing its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlm-health-'));
    const path = join(dir, 'audit.jsonl');
    const readiness = new Readiness();
    readiness.register('audit-log', auditLogCheck(path));
    expect((await readiness.report()).checks['audit-log']).toEqual({ ok: false, error: 'audit log not writable (ENOENT)' });
    const { FileAuditLog } = await import('../../src/policies/audit.js');
    const log = new FileAuditLog(path);
    expect((await readiness.report()).ready).toBe(true);
    rmSync(dir, { recursive: true, force: true });
    const after = await readiness.report();
    expect(after.ready).toBe(false);
    expect(JSON.stringify(after)).not.toContain(dir);
    log.close();
  });
});

const redis = redisAvailability();
describe.skipIf(!redis.run)('the Redis check', () => {
  it('passes while Redis answers and fails when it stops', async () => {
    const server = await startRedisServer(redis.bin);
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, lazyConnect: false });
    client.on('error', () => {});
    try {
      const readiness = new Readiness(1_000);
      readiness.register('redis', redisCheck(client));
      expect(await readiness.report()).toEqual({ ready: true, checks: { redis: { ok: true } } });
      await server.stop();
      const down = await readiness.report();
      expect(down.ready).toBe(false);
      expect(down.checks.redis!.error).toMatch(/Redis did not answer PING|no answer within/);
      expect(JSON.stringify(down)).not.toContain(String(server.port));
    } finally {
      client.disconnect();
    }
  }, 30_000);
});

describe('the binary in HTTP mode', () => {
  let child: ChildProcess | undefined;
  afterEach(() => { child?.kill('SIGTERM'); child = undefined; });

  it('registers the audit-log check behind /readyz', async () => {
    requireBuild();
    const state = mkdtempSync(join(tmpdir(), 'tlm-health-bin-'));
    child = spawn(process.execPath, [CLI, '--http', '--sandbox', '--port', '0'], { env: { ...envWithoutTencent(), XDG_STATE_HOME: state }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no URL on stderr:\n${log}`)), 30_000);
      child!.stderr!.on('data', (d) => {
        log += String(d);
        const m = /Streamable HTTP: (http:\/\/\S+)/.exec(log);
        if (m) { clearTimeout(t); resolve(m[1]!); }
      });
    });
    const ready = await get(url, '/readyz');
    expect(ready.status, ready.body).toBe(200);
    // --sandbox also starts the callback receiver, whose store answers.
    expect(JSON.parse(ready.body).checks).toEqual({ 'audit-log': { ok: true }, 'callback-receiver': { ok: true } });
    rmSync(join(state, 'tencent-live-mcp', 'audit.jsonl'));
    const gone = await get(url, '/readyz');
    expect(gone.status).toBe(503);
    expect(JSON.parse(gone.body).checks['audit-log']).toEqual({ ok: false, error: 'audit log not writable (ENOENT)' });
    expect((await get(url, '/healthz')).status).toBe(200);
  }, 60_000);
});
