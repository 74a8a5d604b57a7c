// Liveness and readiness for orchestrators (Docker HEALTHCHECK, Kubernetes probes, load balancers).
//   /healthz  the process answers HTTP: 200 while it runs.
//   /readyz   every registered readiness check passes: 200, else 503 with the failing checks named.
// Components register their own checks by name (the audit log, Redis, a callback receiver …), so
// this module knows nothing about them. Both endpoints are unauthenticated and say only which
// checks pass: never a path, URL, credential or a check's raw error text beyond one short line.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

/** Resolves when the component is ready; throws (or rejects) with a short reason when it is not. */
export type ReadinessCheck = () => unknown | Promise<unknown>;

export interface CheckReport {
  ok: boolean;
  /** Why not, one short line (only for failing checks). */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckReport>;
}

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
/** A check that has not answered by then counts as failing: a probe must not hang. */
export const CHECK_TIMEOUT_MS = 2_000;
const MAX_ERROR_CHARS = 160;

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly timeoutMs = CHECK_TIMEOUT_MS) {}

  /** Adds a named check; returns a function that removes it. A name is registered once. */
  register(name: string, check: ReadinessCheck): () => void {
    if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(name)) throw new Error(`readiness check names are short lowercase words, got ${JSON.stringify(name)}`);
    if (this.checks.has(name)) throw new Error(`readiness check ${name} is already registered`);
    this.checks.set(name, check);
    return () => { if (this.checks.get(name) === check) this.checks.delete(name); };
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const));
    return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
  }

  private async run(check: ReadinessCheck): Promise<CheckReport> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([Promise.resolve().then(check), timeout]);
      return { ok: true };
    } catch (err) {
      const text = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, MAX_ERROR_CHARS);
      return { ok: false, error: text || 'not ready' };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The audit log can still take records: the file is there (not rotated away) and writable. */
export function auditLogCheck(path: string): ReadinessCheck {
  return async () => {
    try {
      await access(path, constants.W_OK);
    } catch (err) {
      // The code only (ENOENT, EACCES, EROFS …): the path is the operator's business, not a probe's.
      throw new Error(`audit log not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
}

/** Redis answers PING. */
export function redisCheck(redis: { ping(): Promise<unknown> }): ReadinessCheck {
  return async () => {
    try {
      await redis.ping();
    } catch {
      throw new Error('Redis did not answer PING');
    }
  };
}

/** Answers /healthz and /readyz; false for any other path. */
export async function serveHealth(
  req: { method?: string | undefined },
  res: import('node:http').ServerResponse,
  path: string,
  readiness: Readiness,
): Promise<boolean> {
  if (path !== HEALTH_PATH && path !== READY_PATH) return false;
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
    return true;
  }
  if (path === HEALTH_PATH) {
    send(200, { status: 'ok' });
    return true;
  }
  const report = await readiness.report();
  send(report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
  return true;
}
