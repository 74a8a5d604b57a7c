// The callback receiver and room event feed: on when a callback token, --callback-unsigned,
// --callback-port or --sandbox asks for it. Unsigned callbacks are accepted on loopback only.
import { isLoopbackHost } from '../http/hosts.js';
import { envOf } from './options.js';
import { ConfigError, parsePort, str, type Env, type FlagValues } from './values.js';

/** The callback receiver: on when a token, --callback-unsigned, --callback-port or --sandbox asks. */
export interface FeedConfig {
  token?: string;
  unsigned: boolean;
  /** Own listener (stdio deployments, and the sandbox); undefined: only on the --http server. */
  port?: number;
  host: string;
  dbFile: string;
  traffic: boolean;
  trafficRate: number;
}

/** --no-traffic and --traffic-rate: the sandbox's simulated viewers. */
function trafficRate(v: FlagValues, sandbox: boolean): number {
  if (!sandbox && (v['no-traffic'] !== undefined || v['traffic-rate'] !== undefined)) throw new ConfigError('--no-traffic and --traffic-rate apply with --sandbox.');
  const rate = v['traffic-rate'] === undefined ? 1 : Number(v['traffic-rate']);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100) throw new ConfigError('--traffic-rate must be a number above 0 and at most 100 (actions per second).');
  return rate;
}

function callbackToken(env: Env, unsigned: boolean): string | undefined {
  const token = env.TENCENT_LIVE_CALLBACK_TOKEN || undefined;
  if (token !== undefined && (token.length < 8 || /\s/.test(token))) throw new ConfigError('TENCENT_LIVE_CALLBACK_TOKEN must be at least 8 characters without spaces.');
  if (token !== undefined && unsigned) throw new ConfigError('--callback-unsigned contradicts TENCENT_LIVE_CALLBACK_TOKEN; drop one.');
  return token;
}

export function loadFeedConfig(v: FlagValues, env: Env, stateDir: string, sandbox: boolean, http: boolean): FeedConfig | undefined {
  const unsigned = Boolean(v['callback-unsigned']);
  const portRaw = str(v, 'callback-port') ?? (env[envOf('callback-port')] || undefined);
  const rate = trafficRate(v, sandbox);
  const token = callbackToken(env, unsigned);
  const wanted = sandbox || token !== undefined || unsigned || portRaw !== undefined;
  if (!wanted) return undefined;
  if (!sandbox && token === undefined && !unsigned) {
    throw new ConfigError('The callback receiver needs TENCENT_LIVE_CALLBACK_TOKEN (the token set in Tencent\'s callback configuration), or --callback-unsigned to accept unsigned callbacks.');
  }
  const host = str(v, 'callback-host') ?? '127.0.0.1';
  if (unsigned && !isLoopbackHost(host)) throw new ConfigError(`Refusing unsigned callbacks on ${host}: anyone could write into the feed. Set TENCENT_LIVE_CALLBACK_TOKEN.`);
  const port = portRaw !== undefined ? parsePort(portRaw, 0, '--callback-port') : sandbox || !http ? 0 : undefined;
  return {
    ...(token !== undefined && { token }),
    unsigned,
    ...(port !== undefined && { port }),
    host,
    dbFile: str(v, 'feed-db') ?? `${stateDir}/feed.sqlite`,
    traffic: sandbox && !v['no-traffic'],
    trafficRate: rate,
  };
}
