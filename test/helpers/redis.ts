// A real redis-server for the tests: Debian's package, started on a free loopback port with no
// persistence, stopped when the suite ends. `.ci/run` installs it; a developer without it gets a
// skip with a message, CI (CI set) gets a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

export function findRedisServer(): string | undefined {
  // REDIS_SERVER=/path/to/redis-server picks a build; REDIS_SERVER= (empty) plays "not installed".
  const forced = process.env.REDIS_SERVER;
  if (forced !== undefined) return forced || undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const p = join(dir, 'redis-server');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch { /* next */ }
  }
  return undefined;
}

/** Whether the redis suites run, and why not when they do not. */
export function redisAvailability(): { run: boolean; bin?: string; message?: string } {
  const bin = findRedisServer();
  if (bin) return { run: true, bin };
  if (process.env.CI) return { run: true, message: 'redis-server is not installed but CI is set: .ci/run must install it (apt-get install redis-server).' };
  return { run: false, message: 'Redis tests skipped: redis-server is not installed (apt-get install redis-server). With CI set they fail instead.' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function answersOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = '';
    sock.setTimeout(500, () => { sock.destroy(); resolve(false); });
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      // -NOAUTH: up, with a password.
      if (buf.includes('\r\n')) { sock.destroy(); resolve(buf.startsWith('+PONG') || buf.startsWith('-NOAUTH')); }
    });
    sock.on('error', () => resolve(false));
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** Kills the server (SIGKILL with `hard`, to play an outage). */
  stop(hard?: boolean): Promise<void>;
}

/** Starts redis-server on a free port, or on `fixedPort` (to bring a stopped server back). */
export async function startRedisServer(bin = findRedisServer(), fixedPort?: number, extraArgs: readonly string[] = []): Promise<RedisServer> {
  if (!bin) throw new Error(redisAvailability().message);
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = fixedPort ?? (await freePort());
    const child: ChildProcess = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => { output += d; });
    child.stderr!.on('data', (d) => { output += d; });
    let exited = false;
    child.once('exit', () => { exited = true; });
    for (let i = 0; i < 100 && !exited; i++) {
      if (await answersOn(port)) {
        const stop = async (hard = false) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const gone = new Promise((r) => child.once('exit', r));
          child.kill(hard ? 'SIGKILL' : 'SIGTERM');
          await gone;
        };
        return { url: `redis://127.0.0.1:${port}`, port, stop };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited) child.kill('SIGKILL');
    lastError = output.trim().split('\n').slice(-3).join(' | ');
  }
  throw new Error(`redis-server did not start: ${lastError}`);
}

/** One key prefix per test: tests share the server and never each other's state. */
export function testPrefix(name = 't'): string {
  return `${name}-${randomBytes(5).toString('hex')}`;
}
