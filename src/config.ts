// Configuration from flags and environment, validated once at start with errors a person can act
// on. Nothing here touches process: cli.ts passes argv and env in.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod/v4';
import { TOOLS } from './tools/index.js';
import { SelectionError, selectTools, splitList } from './tools/toolsets.js';
import type { ToolDef } from './tools/types.js';
import { isLoopbackHost, splitCsv } from './http/hosts.js';
import { defaultStateDir } from './policies/audit.js';
import { PolicyError, loadPolicyFile } from './policies/policy-file.js';
import { DEFAULT_POLICY, type Policy } from './policies/rules.js';
import { cloudApiSettingFrom, type CloudApiSetting } from './client/cloud-api-config.js';

export const HELP = `tencent-live-mcp: an MCP server for administering Tencent Cloud live rooms.

Usage:
  tencent-live-mcp [options]              serve MCP over stdio
  tencent-live-mcp --http [options]       serve MCP over Streamable HTTP at /mcp
  tencent-live-mcp sandbox [--port N]     run the embedded Tencent REST emulator alone
  tencent-live-mcp audit [options]        print the audit log for people
  tencent-live-mcp approvers add|list|remove [NAME]   who may decide approvals (passkeys)

Options:
  --sandbox              serve against the embedded sandbox (demo rooms, no credentials needed)
  --toolsets a,b         toolsets to expose, or "all" (default: rooms,seats,members,messages,feed)
                         valid: all, rooms, seats, members, messages, metadata, robots, mix,
                                battles, gifts, stats, conference, feed, callbacks
  --tools x,y            expose exactly these tools (instead of --toolsets)
  --read-only            expose only tools that read; wins over --toolsets and --tools
  --shadow               shadow mode: decide, ask and audit every non-read call, send none
  --policy FILE          operator policy (YAML or JSON): allow / confirm / deny per tool or toolset
  --audit-log FILE       append-only JSONL audit log (default <state dir>/audit.jsonl)
  --console-port N       port of the approval console on 127.0.0.1 (default 0: a free port)
  --approval-webhook URL POST a JSON notice of each pending approval to this URL
  --redis URL            share rate budgets, caps, breaker, approvals and the state key between
                         replicas through this Redis (redis:// or rediss://)
  --redis-prefix P       key prefix: replicas with the same Redis and prefix are one deployment
  --callback-port N      serve Tencent's callbacks at http://HOST:N/tencent/callback (stdio mode;
                         with --http they are also served at /tencent/callback on the HTTP port)
  --callback-host HOST   address of the callback listener (default 127.0.0.1; put TLS in front)
  --callback-unsigned    accept callbacks without TENCENT_LIVE_CALLBACK_TOKEN (not recommended)
  --feed-db FILE         the room event feed and held queue (default <state dir>/feed.sqlite)
  --no-traffic           with --sandbox: no simulated viewers (they chat, join, take seats)
  --traffic-rate N       with --sandbox: simulated actions per second (default 1)
  --log-level LEVEL      debug | info | warn | error (default info; logs go to stderr)
  -h, --help             show this help
  -v, --version          print the version

HTTP options (with --http; both protocol eras, 2026-07-28 and 2025, at one URL):
  --http                 serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio
  --host HOST            address to bind (default 127.0.0.1); any non-loopback address needs
                         a bearer token or OAuth, or the server refuses to start
  --port N               port to listen on (default 3000; 0 picks a free one)
  --http-token-file FILE read the bearer token clients must send from FILE
                         (or set TENCENT_LIVE_HTTP_TOKEN); at least 16 characters
  --public-url URL       the URL clients use (e.g. https://live.example.com/mcp behind a TLS
                         proxy): its host is accepted in Host, its origin in Origin, and it is
                         the OAuth resource identifier
  --allowed-hosts a,b    Host header names to accept (default: the bind address and localhost)
  --allowed-origins a,b  browser origins allowed to call (scheme://host[:port]); loopback
                         origins are always allowed, requests without Origin are not affected
  --oauth-issuer URL     accept OAuth access tokens (JWTs) issued by this authorization server
  --oauth-audience AUD   the audience (aud) the tokens must carry, usually the public URL
  --oauth-jwks URL       the issuer's JWKS (default: jwks_uri from the issuer's metadata)
                         Scopes: live:read (read tools), live:write (+ writes),
                         live:admin (everything, including destructive tools)

Audit subcommand options:
  --since WHEN           only records newer than WHEN: a duration (30m, 2h, 7d) or an ISO time
  --tool NAME            only records of this tool
  --audit-log FILE       the log to read (default <state dir>/audit.jsonl)
  --json                 print the matching records as JSON lines

Sandbox subcommand options:
  --port N               port to listen on (default 9000; 0 picks a free one)
  --host HOST            address to bind (default 127.0.0.1)

Environment (required unless --sandbox):
  TENCENT_LIVE_SDKAPPID     the application's SDKAppID
  TENCENT_LIVE_SECRET_KEY   the application's secret key (used to sign UserSigs; never logged)
  TENCENT_LIVE_ADMIN        administrator identifier (default "administrator")
  TENCENT_LIVE_REGION       china | singapore | usa | indonesia | korea | germany | japan | india
                            (default singapore)
  TENCENT_LIVE_ENDPOINT     base URL override (e.g. http://127.0.0.1:9000); wins over the region

Environment (optional; a flag wins over its variable):
  TENCENT_LIVE_TOOLSETS     as --toolsets
  TENCENT_LIVE_TOOLS        as --tools
  TENCENT_LIVE_READ_ONLY    "1" or "true" as --read-only
  TENCENT_LIVE_LOG_LEVEL    as --log-level
  TENCENT_LIVE_POLICY       as --policy
  TENCENT_LIVE_AUDIT_LOG    as --audit-log
  TENCENT_LIVE_SHADOW       "1" or "true" as --shadow
  TENCENT_CLOUD_SECRET_ID   Tencent Cloud API key pair for the TRTC tools (remove_user, remove_user_by_str_room_id,
  TENCENT_CLOUD_SECRET_KEY  describe_room_info); without both those tools are not offered (the key is never logged)
  TENCENT_CLOUD_REGION      region of the TRTC API calls (default ap-singapore)
  TENCENT_CLOUD_API_ENDPOINT  base URL override for the TRTC API (private gateway, sandbox)
  TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT  "1": accept a plain http:// TENCENT_LIVE_ENDPOINT that is not loopback
  TENCENT_LIVE_AUDIT_MAX_BYTES  rotate the audit log before this size (default 64 MiB; 0 never)
  TENCENT_LIVE_AUDIT_KEEP   rotated audit files kept (default 5)
  TENCENT_LIVE_CONSOLE_PORT as --console-port
  TENCENT_LIVE_CONSOLE_TOKEN  the approval console's operator token (default: generated at start,
                            printed to stderr and written to <state dir>/console-token, mode 0600)
  TENCENT_LIVE_CONSOLE_RP_ID    the console's WebAuthn RP ID (default localhost; behind a TLS
                            proxy, the proxy's host name)
  TENCENT_LIVE_CONSOLE_ORIGIN   the origin browsers reach the console at behind a TLS proxy
                            (https://…); default http://localhost:PORT
  TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK  "1" enables the weaker operator-token sign-in (no passkey)
  TENCENT_LIVE_APPROVAL_WEBHOOK  as --approval-webhook
  TENCENT_LIVE_REDIS_URL    as --redis
  TENCENT_LIVE_REDIS_PREFIX as --redis-prefix
  TENCENT_LIVE_CALLBACK_TOKEN  the callback token set at Tencent: callbacks must carry
                            Sign = sha256(token + RequestTime) (never logged)
  TENCENT_LIVE_CALLBACK_PORT    as --callback-port
  TENCENT_LIVE_HTTP_TOKEN   the bearer token HTTP clients must send (never logged)
  TENCENT_LIVE_HTTP_HOST    as --host with --http
  TENCENT_LIVE_HTTP_PORT    as --port with --http
  TENCENT_LIVE_PUBLIC_URL   as --public-url
  TENCENT_LIVE_ALLOWED_HOSTS    as --allowed-hosts
  TENCENT_LIVE_ALLOWED_ORIGINS  as --allowed-origins
  TENCENT_LIVE_OAUTH_ISSUER as --oauth-issuer
  TENCENT_LIVE_OAUTH_AUDIENCE   as --oauth-audience
  TENCENT_LIVE_OAUTH_JWKS   as --oauth-jwks
  XDG_STATE_HOME            the state dir is $XDG_STATE_HOME/tencent-live-mcp (~/.local/state/…)
  TENCENT_LIVE_OTEL         "1" or "true": OpenTelemetry spans and metrics through the global
                            providers of your SDK (needs @opentelemetry/api installed)
`;

const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);

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

export type Config =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'sandbox'; port: number; host: string; logLevel: z.infer<typeof LogLevel> }
  | { command: 'audit'; file: string; sinceMs?: number; tool?: string; json: boolean }
  | {
      command: 'serve';
      sandbox: boolean;
      /** The tools to expose, after toolsets, --tools and --read-only. */
      tools: ToolDef[];
      policy: Policy;
      policyFile?: string;
      stateDir: string;
      auditLog: string;
      consolePort: number;
      consoleToken?: string;
      consoleRpId?: string;
      consoleOrigin?: string;
      consoleTokenFallback?: boolean;
      webhook?: string;
      /** Shared state for several replicas (rate budgets, caps, breaker, approvals, state key). */
      redis?: { url: string; prefix?: string };
      logLevel: z.infer<typeof LogLevel>;
      credentials?: { sdkAppId: number; secretKey: string; admin: string };
      region?: string;
      endpoint?: string;
      /** Present with --http: serve Streamable HTTP instead of stdio. */
      http?: HttpConfig;
      /** The callback receiver and room event feed (src/feed). */
      feed?: FeedConfig;
      /** --feed-db was given (the sandbox otherwise keeps its own feed file). */
      feedDbSet?: boolean;
      /** --shadow / TENCENT_LIVE_SHADOW: no non-read call is sent (policies/shadow.ts). */
      shadow?: boolean;
      /** Tencent Cloud API 3.0 (the TRTC tools): the credential, or why there is none. */
      cloudApi?: CloudApiSetting;
    };

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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parsePort(raw: string | undefined, fallback: number, flag = '--port'): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${flag} must be an integer from 0 to 65535, got ${JSON.stringify(raw)}.`);
  return n;
}

/** "30m", "2h", "7d", "90s" back from now, or an ISO time. */
export function parseSince(raw: string, now: number): number {
  const m = /^(\d+)\s*([smhd])$/.exec(raw.trim());
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new ConfigError(`--since takes a duration like 30m, 2h, 7d or an ISO time, got ${JSON.stringify(raw)}.`);
  return t;
}

const HTTP_FLAGS = ['port', 'host', 'http-token-file', 'public-url', 'allowed-hosts', 'allowed-origins', 'oauth-issuer', 'oauth-audience', 'oauth-jwks'] as const;
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

function loadHttpConfig(v: Record<string, string | boolean | undefined>, env: Record<string, string | undefined>): HttpConfig {
  const str = (flag: string, name: string) => (v[flag] as string | undefined) ?? (env[name] || undefined);
  const host = str('host', 'TENCENT_LIVE_HTTP_HOST') ?? '127.0.0.1';
  const port = parsePort(str('port', 'TENCENT_LIVE_HTTP_PORT'), 3000);
  const token = readToken(v['http-token-file'] as string | undefined, env.TENCENT_LIVE_HTTP_TOKEN);
  const publicRaw = str('public-url', 'TENCENT_LIVE_PUBLIC_URL');
  const publicUrl = publicRaw === undefined ? undefined : new URL(secureUrl(publicRaw, '--public-url')).href;
  const allowedHosts = splitCsv(str('allowed-hosts', 'TENCENT_LIVE_ALLOWED_HOSTS'));
  const allowedOrigins = splitCsv(str('allowed-origins', 'TENCENT_LIVE_ALLOWED_ORIGINS'));
  for (const o of allowedOrigins ?? []) {
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
  const issuer = str('oauth-issuer', 'TENCENT_LIVE_OAUTH_ISSUER');
  const audience = str('oauth-audience', 'TENCENT_LIVE_OAUTH_AUDIENCE');
  const jwks = str('oauth-jwks', 'TENCENT_LIVE_OAUTH_JWKS');
  if ((issuer === undefined) !== (audience === undefined)) {
    throw new ConfigError('OAuth needs both --oauth-issuer and --oauth-audience (TENCENT_LIVE_OAUTH_ISSUER, TENCENT_LIVE_OAUTH_AUDIENCE).');
  }
  if (jwks !== undefined && issuer === undefined) throw new ConfigError('--oauth-jwks needs --oauth-issuer and --oauth-audience.');
  if (issuer !== undefined && token !== undefined) {
    throw new ConfigError('Choose one way to authenticate HTTP clients: a static bearer token (TENCENT_LIVE_HTTP_TOKEN / --http-token-file) or OAuth (--oauth-issuer), not both.');
  }
  const oauth = issuer !== undefined && audience !== undefined
    ? { issuer: secureUrl(issuer, '--oauth-issuer'), audience, ...(jwks !== undefined && { jwksUrl: secureUrl(jwks, '--oauth-jwks') }) }
    : undefined;
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

function loadFeedConfig(v: Record<string, string | boolean | undefined>, env: Record<string, string | undefined>, stateDir: string, sandbox: boolean, http: boolean): FeedConfig | undefined {
  const token = env.TENCENT_LIVE_CALLBACK_TOKEN || undefined;
  const unsigned = Boolean(v['callback-unsigned']);
  const portRaw = (v['callback-port'] as string | undefined) ?? (env.TENCENT_LIVE_CALLBACK_PORT || undefined);
  if (!sandbox && (v['no-traffic'] !== undefined || v['traffic-rate'] !== undefined)) throw new ConfigError('--no-traffic and --traffic-rate apply with --sandbox.');
  const rate = v['traffic-rate'] === undefined ? 1 : Number(v['traffic-rate']);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100) throw new ConfigError('--traffic-rate must be a number above 0 and at most 100 (actions per second).');
  if (token !== undefined && (token.length < 8 || /\s/.test(token))) throw new ConfigError('TENCENT_LIVE_CALLBACK_TOKEN must be at least 8 characters without spaces.');
  if (token !== undefined && unsigned) throw new ConfigError('--callback-unsigned contradicts TENCENT_LIVE_CALLBACK_TOKEN; drop one.');
  const wanted = sandbox || token !== undefined || unsigned || portRaw !== undefined;
  if (!wanted) return undefined;
  if (!sandbox && token === undefined && !unsigned) {
    throw new ConfigError('The callback receiver needs TENCENT_LIVE_CALLBACK_TOKEN (the token set in Tencent\'s callback configuration), or --callback-unsigned to accept unsigned callbacks.');
  }
  const host = (v['callback-host'] as string | undefined) ?? '127.0.0.1';
  if (unsigned && !isLoopbackHost(host)) throw new ConfigError(`Refusing unsigned callbacks on ${host}: anyone could write into the feed. Set TENCENT_LIVE_CALLBACK_TOKEN.`);
  const port = portRaw !== undefined ? parsePort(portRaw, 0, '--callback-port') : sandbox || !http ? 0 : undefined;
  return {
    ...(token !== undefined && { token }),
    unsigned,
    ...(port !== undefined && { port }),
    host,
    dbFile: (v['feed-db'] as string | undefined) ?? `${stateDir}/feed.sqlite`,
    traffic: sandbox && !v['no-traffic'],
    trafficRate: rate,
  };
}

export function loadConfig(argv: string[], env: Record<string, string | undefined>): Config {
  const subcommand = argv[0] === 'sandbox' || argv[0] === 'audit' ? argv[0] : undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args: subcommand ? argv.slice(1) : argv,
      options: {
        sandbox: { type: 'boolean' },
        toolsets: { type: 'string' },
        tools: { type: 'string' },
        'read-only': { type: 'boolean' },
        shadow: { type: 'boolean' },
        policy: { type: 'string' },
        'audit-log': { type: 'string' },
        'console-port': { type: 'string' },
        redis: { type: 'string' },
        'redis-prefix': { type: 'string' },
        'approval-webhook': { type: 'string' },
        since: { type: 'string' },
        tool: { type: 'string' },
        json: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        http: { type: 'boolean' },
        'http-token-file': { type: 'string' },
        'public-url': { type: 'string' },
        'allowed-hosts': { type: 'string' },
        'allowed-origins': { type: 'string' },
        'oauth-issuer': { type: 'string' },
        'oauth-audience': { type: 'string' },
        'oauth-jwks': { type: 'string' },
        'log-level': { type: 'string' },
        'callback-port': { type: 'string' },
        'callback-host': { type: 'string' },
        'callback-unsigned': { type: 'boolean' },
        'feed-db': { type: 'string' },
        'no-traffic': { type: 'boolean' },
        'traffic-rate': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}. Run tencent-live-mcp --help for the options.`);
  }
  const v = parsed.values;
  if (v.help) return { command: 'help' };
  if (v.version) return { command: 'version' };

  const level = LogLevel.safeParse(v['log-level'] ?? env.TENCENT_LIVE_LOG_LEVEL ?? 'info');
  if (!level.success) throw new ConfigError(`--log-level must be one of debug, info, warn, error.`);

  const stateDir = defaultStateDir(env);
  const auditLog = v['audit-log'] ?? env.TENCENT_LIVE_AUDIT_LOG ?? `${stateDir}/audit.jsonl`;
  if (subcommand === 'audit') {
    return { command: 'audit', file: auditLog, json: v.json ?? false, ...(v.tool && { tool: v.tool }), ...(v.since && { sinceMs: parseSince(v.since, Date.now()) }) };
  }
  for (const flag of ['since', 'tool', 'json'] as const) {
    if (v[flag] !== undefined) throw new ConfigError(`--${flag} belongs to the audit subcommand.`);
  }
  if (subcommand === 'sandbox') {
    return { command: 'sandbox', port: parsePort(v.port, 9000), host: v.host ?? '127.0.0.1', logLevel: level.data };
  }
  const http = v.http ? loadHttpConfig(v, env) : undefined;
  if (!v.http) {
    const stray = HTTP_FLAGS.filter((f) => v[f] !== undefined);
    if (stray.length > 0) throw new ConfigError(`${stray.map((f) => `--${f}`).join(', ')} only apply with --http (or --port/--host to the sandbox subcommand).`);
  }
  const readOnlyEnv = env.TENCENT_LIVE_READ_ONLY;
  if (readOnlyEnv !== undefined && !['', '0', '1', 'true', 'false'].includes(readOnlyEnv)) {
    throw new ConfigError('TENCENT_LIVE_READ_ONLY must be 1, true, 0 or false.');
  }
  let tools: ToolDef[];
  try {
    tools = selectTools(TOOLS, {
      toolsets: splitList(v.toolsets ?? env.TENCENT_LIVE_TOOLSETS),
      tools: splitList(v.tools ?? env.TENCENT_LIVE_TOOLS),
      readOnly: v['read-only'] ?? (readOnlyEnv === '1' || readOnlyEnv === 'true'),
    });
  } catch (err) {
    if (err instanceof SelectionError) throw new ConfigError(err.message);
    throw err;
  }
  const policyFile = v.policy ?? env.TENCENT_LIVE_POLICY;
  let policy = DEFAULT_POLICY;
  if (policyFile) {
    try {
      policy = loadPolicyFile(policyFile, TOOLS.map((t) => t.name));
    } catch (err) {
      if (err instanceof PolicyError) throw new ConfigError(err.message);
      throw err;
    }
  }
  const webhook = v['approval-webhook'] ?? env.TENCENT_LIVE_APPROVAL_WEBHOOK;
  if (webhook !== undefined && !/^https?:\/\//.test(webhook)) throw new ConfigError('--approval-webhook must be an http(s) URL.');
  const redisUrl = v.redis ?? env.TENCENT_LIVE_REDIS_URL;
  const redisPrefix = v['redis-prefix'] ?? env.TENCENT_LIVE_REDIS_PREFIX;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('--redis must be a redis:// or rediss:// URL.');
  if (redisPrefix !== undefined && redisUrl === undefined) throw new ConfigError('--redis-prefix needs --redis (or TENCENT_LIVE_REDIS_URL).');
  const redis = redisUrl ? { url: redisUrl, ...(redisPrefix && { prefix: redisPrefix }) } : undefined;
  const feed = loadFeedConfig(v, env, stateDir, Boolean(v.sandbox), Boolean(v.http));
  const common = {
    ...(feed && { feed }),
    ...(v['feed-db'] !== undefined && { feedDbSet: true }),
    tools,
    policy,
    ...(policyFile && { policyFile }),
    stateDir,
    auditLog,
    consolePort: parsePort(v['console-port'] ?? env.TENCENT_LIVE_CONSOLE_PORT, 0, '--console-port'),
    ...(env.TENCENT_LIVE_CONSOLE_TOKEN && { consoleToken: env.TENCENT_LIVE_CONSOLE_TOKEN }),
    ...(env.TENCENT_LIVE_CONSOLE_RP_ID && { consoleRpId: env.TENCENT_LIVE_CONSOLE_RP_ID }),
    ...(env.TENCENT_LIVE_CONSOLE_ORIGIN && { consoleOrigin: env.TENCENT_LIVE_CONSOLE_ORIGIN }),
    ...((env.TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK === '1' || env.TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK === 'true') && { consoleTokenFallback: true }),
    ...(webhook && { webhook }),
    ...(http && { http }),
    ...(redis && { redis }),
    ...((v.shadow || /^(1|true)$/i.test(env.TENCENT_LIVE_SHADOW ?? '')) && { shadow: true }),
  };
  if (v.sandbox) return { command: 'serve', sandbox: true, ...common, logLevel: level.data };

  const missing = ['TENCENT_LIVE_SDKAPPID', 'TENCENT_LIVE_SECRET_KEY'].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Missing ${missing.join(' and ')}. Set ${missing.length > 1 ? 'them' : 'it'} to your Tencent application's values, ` +
        'or run with --sandbox to try the server against the embedded emulator without a Tencent account.',
    );
  }
  const sdkAppId = Number(env.TENCENT_LIVE_SDKAPPID);
  if (!Number.isInteger(sdkAppId) || sdkAppId <= 0) {
    throw new ConfigError(`TENCENT_LIVE_SDKAPPID must be a positive integer, got ${JSON.stringify(env.TENCENT_LIVE_SDKAPPID)}.`);
  }
  const admin = env.TENCENT_LIVE_ADMIN || 'administrator';
  return {
    command: 'serve',
    sandbox: false,
    ...common,
    logLevel: level.data,
    credentials: { sdkAppId, secretKey: env.TENCENT_LIVE_SECRET_KEY!, admin },
    region: env.TENCENT_LIVE_REGION || undefined,
    endpoint: env.TENCENT_LIVE_ENDPOINT || undefined,
    cloudApi: cloudApiSettingFrom(env, (m) => new ConfigError(m)),
  };
}
