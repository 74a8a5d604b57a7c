// Every flag and environment variable the server reads, declared once. This table drives the
// `parseArgs` options (config.ts), `--help` (help.ts) and the README's options section
// (readme.ts); a test fails when the committed README drifts from it.
//
// One row per setting. A row has a flag, a variable, or both (then the flag wins). To add a
// setting: add a row here, read it in config.ts, run `npm run docs:update`.
//
// A flag may appear in two sections with different meanings (`--port` of the HTTP server and of
// the sandbox subcommand): those are two rows with the same flag and type, and a test checks that
// they agree.
import { DEFAULT_SELECTION, DEFAULT_TOOLS, TOOLSETS } from '../tools/toolsets.js';

/** Where a row is listed in --help and the README, and which command reads it. */
export type Section = 'serve' | 'http' | 'credentials' | 'environment' | 'audit' | 'sandbox';

export interface OptionRow {
  /** Long flag without the dashes; absent for a setting read only from the environment. */
  flag?: string;
  /** Boolean flags take no value; string flags take one (`arg` names it in help). */
  type?: 'boolean' | 'string';
  short?: string;
  arg?: string;
  /** The environment variable that sets the same thing (a flag wins over it). */
  env?: string;
  /** The default as people read it; `undefined` when unset means off or absent. */
  default?: string;
  /** One plain-text line for --help (wrapped there), also the start of the README's text. */
  help: string;
  /** More for the README only (Markdown: links to sections, longer explanations). */
  more?: string;
  section: Section;
}

const toolsetNames = Object.keys(TOOLSETS).join(', ');

export const OPTIONS: readonly OptionRow[] = [
  // Serving (stdio, or HTTP with --http)
  { section: 'serve', flag: 'sandbox', type: 'boolean', help: 'serve against the embedded sandbox (demo rooms, no credentials needed)' },
  { section: 'serve', flag: 'toolsets', type: 'string', arg: 'a,b', env: 'TENCENT_LIVE_TOOLSETS', default: DEFAULT_SELECTION, help: `whole toolsets to expose, "${DEFAULT_SELECTION}" (the ${DEFAULT_TOOLS.length} moderation tools: ${DEFAULT_TOOLS.join(', ')}) or "all"; they combine (${DEFAULT_SELECTION},gifts); valid: ${DEFAULT_SELECTION}, all, ${toolsetNames}`, more: 'The tool table in [Tools](#tools) marks the default tools with *.' },
  { section: 'serve', flag: 'tools', type: 'string', arg: 'x,y', env: 'TENCENT_LIVE_TOOLS', help: 'expose exactly these tools (instead of --toolsets)' },
  { section: 'serve', flag: 'read-only', type: 'boolean', env: 'TENCENT_LIVE_READ_ONLY', help: 'expose only tools that read; wins over --toolsets and --tools' },
  { section: 'serve', flag: 'shadow', type: 'boolean', env: 'TENCENT_LIVE_SHADOW', help: 'shadow mode: decide, ask and audit every non-read call, send none', more: 'See [Shadow mode](#shadow-mode).' },
  { section: 'serve', flag: 'policy', type: 'string', arg: 'FILE', env: 'TENCENT_LIVE_POLICY', help: 'operator policy (YAML or JSON): allow / confirm / deny per tool or toolset', more: 'See [Policy](#policy).' },
  { section: 'serve', flag: 'audit-log', type: 'string', arg: 'FILE', env: 'TENCENT_LIVE_AUDIT_LOG', default: '<state dir>/audit.jsonl', help: 'append-only JSONL audit log' },
  { section: 'serve', flag: 'console-port', type: 'string', arg: 'N', env: 'TENCENT_LIVE_CONSOLE_PORT', default: '0: a free port', help: 'port of the approval console on 127.0.0.1', more: 'See [The approval console](#the-approval-console).' },
  { section: 'serve', flag: 'approval-webhook', type: 'string', arg: 'URL', env: 'TENCENT_LIVE_APPROVAL_WEBHOOK', help: 'POST a JSON notice of each pending approval to this URL' },
  { section: 'serve', flag: 'redis', type: 'string', arg: 'URL', env: 'TENCENT_LIVE_REDIS_URL', help: 'share rate budgets, caps, breaker, approvals and the state key between replicas through this Redis (redis:// or rediss://)', more: 'See [Several replicas](#several-replicas-redis).' },
  { section: 'serve', flag: 'redis-prefix', type: 'string', arg: 'P', env: 'TENCENT_LIVE_REDIS_PREFIX', help: 'key prefix: replicas with the same Redis and prefix are one deployment' },
  { section: 'serve', flag: 'callback-port', type: 'string', arg: 'N', env: 'TENCENT_LIVE_CALLBACK_PORT', help: 'serve Tencent\'s callbacks at http://HOST:N/tencent/callback (stdio mode; with --http they are also served at /tencent/callback on the HTTP port)', more: 'See [Moderating live chat](#moderating-live-chat).' },
  { section: 'serve', flag: 'callback-host', type: 'string', arg: 'HOST', default: '127.0.0.1', help: 'address of the callback listener (put TLS in front)' },
  { section: 'serve', flag: 'callback-unsigned', type: 'boolean', help: 'accept callbacks without TENCENT_LIVE_CALLBACK_TOKEN (not recommended)' },
  { section: 'serve', flag: 'feed-db', type: 'string', arg: 'FILE', default: '<state dir>/feed.sqlite', help: 'the room event feed and held queue' },
  { section: 'serve', flag: 'no-traffic', type: 'boolean', help: 'with --sandbox: no simulated viewers (they chat, join, take seats)' },
  { section: 'serve', flag: 'traffic-rate', type: 'string', arg: 'N', default: '1', help: 'with --sandbox: simulated actions per second' },
  { section: 'serve', flag: 'log-level', type: 'string', arg: 'LEVEL', env: 'TENCENT_LIVE_LOG_LEVEL', default: 'info', help: 'debug | info | warn | error (logs go to stderr)' },
  { section: 'serve', flag: 'help', type: 'boolean', short: 'h', help: 'show this help' },
  { section: 'serve', flag: 'version', type: 'boolean', short: 'v', help: 'print the version' },

  // Streamable HTTP (--http)
  { section: 'http', flag: 'http', type: 'boolean', help: 'serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio', more: 'See [Remote serving](#remote-serving-http).' },
  { section: 'http', flag: 'port', type: 'string', arg: 'N', env: 'TENCENT_LIVE_HTTP_PORT', default: '3000', help: 'port to listen on (0 picks a free one)' },
  { section: 'http', flag: 'host', type: 'string', arg: 'HOST', env: 'TENCENT_LIVE_HTTP_HOST', default: '127.0.0.1', help: 'address to bind; any non-loopback address needs a bearer token or OAuth, or the server refuses to start' },
  { section: 'http', flag: 'http-token-file', type: 'string', arg: 'FILE', help: 'read the bearer token clients must send from FILE (or set TENCENT_LIVE_HTTP_TOKEN); at least 16 characters' },
  { section: 'http', flag: 'public-url', type: 'string', arg: 'URL', env: 'TENCENT_LIVE_PUBLIC_URL', help: 'the URL clients use (e.g. https://live.example.com/mcp behind a TLS proxy): its host is accepted in Host, its origin in Origin, and it is the OAuth resource identifier' },
  { section: 'http', flag: 'allowed-hosts', type: 'string', arg: 'a,b', env: 'TENCENT_LIVE_ALLOWED_HOSTS', default: 'the bind address and localhost', help: 'Host header names to accept' },
  { section: 'http', flag: 'allowed-origins', type: 'string', arg: 'a,b', env: 'TENCENT_LIVE_ALLOWED_ORIGINS', help: 'browser origins allowed to call (scheme://host[:port]); loopback origins are always allowed, requests without Origin are not affected' },
  { section: 'http', flag: 'oauth-issuer', type: 'string', arg: 'URL', env: 'TENCENT_LIVE_OAUTH_ISSUER', help: 'accept OAuth access tokens (JWTs) issued by this authorization server; scopes: live:read (read tools), live:write (+ writes), live:admin (everything, including destructive tools)' },
  { section: 'http', flag: 'oauth-audience', type: 'string', arg: 'AUD', env: 'TENCENT_LIVE_OAUTH_AUDIENCE', help: 'the audience (aud) the tokens must carry, usually the public URL' },
  { section: 'http', flag: 'oauth-jwks', type: 'string', arg: 'URL', env: 'TENCENT_LIVE_OAUTH_JWKS', default: 'jwks_uri from the issuer\'s metadata', help: 'the issuer\'s JWKS' },

  // The Tencent application (required unless --sandbox)
  { section: 'credentials', env: 'TENCENT_LIVE_SDKAPPID', help: 'the application\'s SDKAppID (required unless --sandbox)' },
  { section: 'credentials', env: 'TENCENT_LIVE_SECRET_KEY', help: 'the application\'s secret key, used only to sign UserSigs; never logged or returned (required unless --sandbox)' },
  { section: 'credentials', env: 'TENCENT_LIVE_ADMIN', default: 'administrator', help: 'the App administrator identifier the requests are signed for' },
  { section: 'credentials', env: 'TENCENT_LIVE_REGION', default: 'singapore', help: 'data centre of the SDKAppID: china | singapore | usa | indonesia | korea | germany | japan | india', more: '`china` is console.tim.qq.com; `india` is Mumbai, adminapiind.im.qcloud.com.' },
  { section: 'credentials', env: 'TENCENT_LIVE_ENDPOINT', help: 'base URL override (e.g. http://127.0.0.1:9000, a private gateway or the sandbox); wins over the region', more: 'Plain `http://` is accepted only on loopback (127.0.0.0/8, `::1`, `localhost`): the UserSig travels in the query string.' },
  { section: 'credentials', env: 'TENCENT_CLOUD_SECRET_ID', help: 'Tencent Cloud API key pair for the TRTC tools (remove_user, remove_user_by_str_room_id, describe_room_info); without both, those tools are not offered' },
  { section: 'credentials', env: 'TENCENT_CLOUD_SECRET_KEY', help: 'the secret half of that key pair; never logged or returned' },
  { section: 'credentials', env: 'TENCENT_CLOUD_REGION', default: 'ap-singapore', help: 'region of the TRTC API calls' },
  { section: 'credentials', env: 'TENCENT_CLOUD_API_ENDPOINT', help: 'where the TRTC API requests connect (a private gateway, the sandbox); they are still signed for the region\'s host' },
  { section: 'credentials', env: 'TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT', help: '"1": accept a plain http:// TENCENT_LIVE_ENDPOINT that is not loopback (a private gateway on a network you trust); a warning is logged at start' },

  // Environment only
  { section: 'environment', env: 'TENCENT_LIVE_AUDIT_MAX_BYTES', default: '67108864 (64 MiB)', help: 'rotate the audit log before it passes this size (0 never)' },
  { section: 'environment', env: 'TENCENT_LIVE_AUDIT_KEEP', default: '5', help: 'rotated audit files kept' },
  { section: 'environment', env: 'TENCENT_LIVE_CONSOLE_TOKEN', default: 'generated at start into <state dir>/console-token, mode 0600', help: 'the approval console\'s operator token; never printed, signs in only with the fallback below' },
  { section: 'environment', env: 'TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK', help: '"1" enables the weaker operator-token sign-in for an operator without a passkey', more: 'See [The approval console](#the-approval-console).' },
  { section: 'environment', env: 'TENCENT_LIVE_CONSOLE_ORIGIN', default: 'http://localhost:PORT', help: 'the origin browsers reach the console at behind a TLS proxy (https://…)' },
  { section: 'environment', env: 'TENCENT_LIVE_CONSOLE_RP_ID', default: 'localhost, or the origin\'s host name', help: 'the console\'s WebAuthn RP ID (behind a TLS proxy, the proxy\'s host name)' },
  { section: 'environment', env: 'TENCENT_LIVE_CALLBACK_TOKEN', help: 'the callback token set at Tencent: callbacks must carry Sign = sha256(token + RequestTime); never logged', more: 'See [Moderating live chat](#moderating-live-chat).' },
  { section: 'environment', env: 'TENCENT_LIVE_HTTP_TOKEN', help: 'with --http: the bearer token HTTP clients must send; never logged' },
  { section: 'environment', env: 'XDG_STATE_HOME', default: '~/.local/state', help: 'the state dir is $XDG_STATE_HOME/tencent-live-mcp' },
  { section: 'environment', env: 'TENCENT_LIVE_OTEL', help: '"1" or "true": OpenTelemetry spans and metrics through the global providers of your SDK (needs @opentelemetry/api installed)', more: 'See [Telemetry](#telemetry). Off by default.' },

  // `tencent-live-mcp audit`
  { section: 'audit', flag: 'since', type: 'string', arg: 'WHEN', help: 'only records newer than WHEN: a duration (30m, 2h, 7d) or an ISO time' },
  { section: 'audit', flag: 'tool', type: 'string', arg: 'NAME', help: 'only records of this tool' },
  { section: 'audit', flag: 'audit-log', type: 'string', arg: 'FILE', env: 'TENCENT_LIVE_AUDIT_LOG', default: '<state dir>/audit.jsonl', help: 'the log to read' },
  { section: 'audit', flag: 'json', type: 'boolean', help: 'print the matching records as JSON lines' },

  // `tencent-live-mcp sandbox`
  { section: 'sandbox', flag: 'port', type: 'string', arg: 'N', default: '9000', help: 'port to listen on (0 picks a free one)' },
  { section: 'sandbox', flag: 'host', type: 'string', arg: 'HOST', default: '127.0.0.1', help: 'address to bind' },
];

export const SECTION_TITLES: Record<Section, string> = {
  serve: 'Options',
  http: 'HTTP options (with --http; both protocol eras, 2026-07-28 and 2025, at one URL)',
  credentials: 'Environment: the Tencent application (SDKAPPID and SECRET_KEY required unless --sandbox)',
  environment: 'Environment (optional; a flag wins over its variable)',
  audit: 'Audit subcommand options',
  sandbox: 'Sandbox subcommand options',
};

type ParseSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>;

/** The `parseArgs` options: one entry per distinct flag. */
export function parseSpec(rows: readonly OptionRow[] = OPTIONS): ParseSpec {
  const spec: ParseSpec = {};
  for (const r of rows) {
    if (r.flag === undefined) continue;
    spec[r.flag] = { type: r.type ?? 'string', ...(r.short && { short: r.short }) };
  }
  return spec;
}

/** The flags of a section, for "only applies with …" checks. */
export function flagsOf(section: Section): string[] {
  return OPTIONS.filter((r) => r.section === section && r.flag !== undefined).map((r) => r.flag!);
}

/** The variable a row declares for a flag in a section (the table is the one place names live). */
export function envOf(flag: string, section: Section = 'serve'): string {
  const row = OPTIONS.find((r) => r.flag === flag && r.section === section && r.env !== undefined);
  if (!row) throw new Error(`no environment variable declared for --${flag} in ${section}`);
  return row.env!;
}
