// Redis trouble becomes one error kind with a sentence an operator can act on. The stores never
// fall back to process memory: a replica that silently kept its own approvals or rate budget would
// break the very guarantees (single use, fleet-wide rate) that Redis is there for.

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** The URL as it may be shown: without password or user name. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.username) u.username = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Runs one store operation; a Redis failure becomes a RedisUnavailableError saying what was not done. */
export async function guarded<T>(what: string, url: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw err;
    const reason = (err instanceof Error ? err.message : String(err)).replace(/\.+$/, '');
    throw new RedisUnavailableError(
      `The shared policy state in Redis (${redactRedisUrl(url)}) could not be used to ${what}: ${reason}. ` +
        'Nothing was sent to Tencent; the server does not fall back to per-process state. Retry once Redis is back.',
    );
  }
}
