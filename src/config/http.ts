// --http and its options: where to listen and how clients authenticate. A public bind without a
// token or OAuth is refused here, before anything listens.
import { readFileSync } from 'node:fs';
import { isLoopbackHost, splitCsv } from '../http/hosts.js';
import { envOf } from './options.js';
import { ConfigError, parsePort, str, type Env, type FlagValues } from './values.js';

/** Streamable HTTP serving (--http). */
export interface HttpConfig {
  host: string;
  port: number;
  /** The static bearer token, from TENCENT_LIVE_HTTP_TOKEN or --http-token-file. */
  token?: string;
  publicUrl?: string;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  oauth?: { issuer: string; audience: string; jwksUrl?: string };
}

const MIN_TOKEN_LENGTH = 16;

/** An http(s) URL; plain http only to a loopback host (local testing). */
function secureUrl(raw: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${flag} must be a URL, got ${JSON.stringify(raw)}.`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return raw;
  throw new ConfigError(`${flag} must be an https URL (plain http is accepted for localhost only), got ${JSON.stringify(raw)}.`);
}

function readToken(file: string | undefined, envToken: string | undefined): string | undefined {
  let token = envToken;
  let source = 'TENCENT_LIVE_HTTP_TOKEN';
  if (file !== undefined) {
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`--http-token-file ${file} could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    source = `--http-token-file ${file}`;
  }
  if (token === undefined || token === '') return undefined;
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new ConfigError(`The bearer token from ${source} must be at least ${MIN_TOKEN_LENGTH} characters without spaces; generate one with: openssl rand -hex 32`);
  }
  return token;
}

function checkOrigins(origins: string[] | undefined): void {
  for (const o of origins ?? []) {
    let url: URL | undefined;
    try {
      url = new URL(o);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(`--allowed-origins takes origins like https://app.example.com or http://localhost:5173, got ${JSON.stringify(o)}.`);
    }
  }
}

function oauthConfig(issuer: string | undefined, audience: string | undefined, jwks: string | undefined, token: string | undefined): HttpConfig['oauth'] {
  if ((issuer === undefined) !== (audience === undefined)) {
    throw new ConfigError('OAuth needs both --oauth-issuer and --oauth-audience (TENCENT_LIVE_OAUTH_ISSUER, TENCENT_LIVE_OAUTH_AUDIENCE).');
  }
  if (jwks !== undefined && issuer === undefined) throw new ConfigError('--oauth-jwks needs --oauth-issuer and --oauth-audience.');
  if (issuer !== undefined && token !== undefined) {
    throw new ConfigError('Choose one way to authenticate HTTP clients: a static bearer token (TENCENT_LIVE_HTTP_TOKEN / --http-token-file) or OAuth (--oauth-issuer), not both.');
  }
  if (issuer === undefined || audience === undefined) return undefined;
  return { issuer: secureUrl(issuer, '--oauth-issuer'), audience, ...(jwks !== undefined && { jwksUrl: secureUrl(jwks, '--oauth-jwks') }) };
}

export function loadHttpConfig(v: FlagValues, env: Env): HttpConfig {
  // A flag, else its variable; an empty variable counts as unset.
  const opt = (flag: string) => str(v, flag) ?? (env[envOf(flag, 'http')] || undefined);
  const host = opt('host') ?? '127.0.0.1';
  const port = parsePort(opt('port'), 3000);
  const token = readToken(str(v, 'http-token-file'), env.TENCENT_LIVE_HTTP_TOKEN);
  const publicRaw = opt('public-url');
  const publicUrl = publicRaw === undefined ? undefined : new URL(secureUrl(publicRaw, '--public-url')).href;
  const allowedHosts = splitCsv(opt('allowed-hosts'));
  const allowedOrigins = splitCsv(opt('allowed-origins'));
  checkOrigins(allowedOrigins);
  const oauth = oauthConfig(opt('oauth-issuer'), opt('oauth-audience'), opt('oauth-jwks'), token);
  if (!isLoopbackHost(host) && !token && !oauth) {
    throw new ConfigError(
      `Refusing to serve MCP on ${host} without authentication: anyone who can reach the port could act on your live rooms. ` +
        'Set TENCENT_LIVE_HTTP_TOKEN or pass --http-token-file FILE (or configure OAuth with --oauth-issuer and --oauth-audience), ' +
        'or bind to 127.0.0.1.',
    );
  }
  return {
    host,
    port,
    ...(token && { token }),
    ...(publicUrl && { publicUrl }),
    ...(allowedHosts && { allowedHosts }),
    ...(allowedOrigins && { allowedOrigins }),
    ...(oauth && { oauth }),
  };
}
