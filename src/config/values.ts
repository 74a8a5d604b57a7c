// Small readers shared by the config loaders: the error type and value checks whose messages
// people see at start.
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What parseArgs gives back for the option table's flags. */
export type FlagValues = Record<string, string | boolean | undefined>;
export type Env = Record<string, string | undefined>;

/** A string flag's value (the table declares its type, so a boolean never reaches here). */
export const str = (v: FlagValues, flag: string): string | undefined => v[flag] as string | undefined;

export function parsePort(raw: string | undefined, fallback: number, flag = '--port'): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${flag} must be an integer from 0 to 65535, got ${JSON.stringify(raw)}.`);
  return n;
}

/** "1" or "true", exactly: how TENCENT_LIVE_OTEL and TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK switch on. */
export const envOn = (raw: string | undefined): boolean => raw === '1' || raw === 'true';

/** "30m", "2h", "7d", "90s" back from now, or an ISO time. */
export function parseSince(raw: string, now: number): number {
  const m = /^(\d+)\s*([smhd])$/.exec(raw.trim());
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new ConfigError(`--since takes a duration like 30m, 2h, 7d or an ISO time, got ${JSON.stringify(raw)}.`);
  return t;
}
