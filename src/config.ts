// Configuration from flags and environment, validated once at start with errors a person can act
// on. argv and env come in as arguments (cli.ts passes process.argv and process.env): nothing here
// reads process.*, writes output or exits. Beyond its arguments it reads the files the options
// name (policy file, HTTP token file) so a bad one stops the start, the clock (--since) and, when
// XDG_STATE_HOME is unset, the home directory (the default state dir).
//
// The flags and variables themselves are declared once, in config/options.ts.
import { parseArgs } from 'node:util';
import { TOOLS } from './tools/index.js';
import { SelectionError, selectTools, splitList } from './tools/toolsets.js';
import type { ToolDef } from './tools/types.js';
import { auditRotationFromEnv, defaultStateDir, type AuditFileOptions } from './policies/audit.js';
import { PolicyError, loadPolicyFile } from './policies/policy-file.js';
import { DEFAULT_POLICY, type Policy } from './policies/rules.js';
import { insecureEndpointAllowed } from './client/endpoint-transport.js';
import { renderHelp } from './config/help.js';
import { envOf, flagsOf, parseSpec } from './config/options.js';
import { cloudApiSettingFrom, type CloudApiSetting } from './client/cloud-api-config.js';
import { loadHttpConfig, type HttpConfig } from './config/http.js';
import { loadFeedConfig, type FeedConfig } from './config/feed.js';
import { ConfigError, envOn, parsePort, parseSince, str, type Env, type FlagValues } from './config/values.js';

export { ConfigError, parseSince, type HttpConfig, type FeedConfig };

export const HELP = renderHelp();

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Credentials {
  sdkAppId: number;
  secretKey: string;
  admin: string;
}

/** What every serving configuration holds, with or without a Tencent account. */
export interface ServeOptions {
  command: 'serve';
  /** The tools to expose, after toolsets, --tools and --read-only. */
  tools: ToolDef[];
  policy: Policy;
  policyFile?: string;
  stateDir: string;
  auditLog: string;
  /** TENCENT_LIVE_AUDIT_MAX_BYTES / TENCENT_LIVE_AUDIT_KEEP. */
  auditRotation: Pick<AuditFileOptions, 'maxBytes' | 'keep'>;
  consolePort: number;
  consoleToken?: string;
  consoleRpId?: string;
  consoleOrigin?: string;
  consoleTokenFallback?: boolean;
  webhook?: string;
  /** Shared state for several replicas (rate budgets, caps, breaker, approvals, state key). */
  redis?: { url: string; prefix?: string };
  logLevel: LogLevel;
  /** Present with --http: serve Streamable HTTP instead of stdio. */
  http?: HttpConfig;
  /** The callback receiver and room event feed (src/feed). */
  feed?: FeedConfig;
  /** --feed-db was given (the sandbox otherwise keeps its own feed file). */
  feedDbSet?: boolean;
  /** --shadow / TENCENT_LIVE_SHADOW: no non-read call is sent (policies/shadow.ts). */
  shadow?: boolean;
  /** TENCENT_LIVE_OTEL: spans and metrics through the global OpenTelemetry providers. */
  telemetry?: boolean;
  /** Tencent Cloud API 3.0 (the TRTC tools): the credential, or why there is none. */
  cloudApi?: CloudApiSetting;
}

/** --sandbox: the embedded emulator, with its own demo credentials. */
export interface SandboxServeConfig extends ServeOptions {
  sandbox: true;
}

/** A real Tencent application: the credentials are there, checked, by construction. */
export interface TencentServeConfig extends ServeOptions {
  sandbox: false;
  credentials: Credentials;
  region?: string;
  endpoint?: string;
  /** TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT: plain http:// to a host that is not loopback. */
  allowInsecureEndpoint: boolean;
}

export type ServeConfig = SandboxServeConfig | TencentServeConfig;

export type Config =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'sandbox'; port: number; host: string; logLevel: LogLevel }
  | { command: 'audit'; file: string; sinceMs?: number; tool?: string; json: boolean }
  | ServeConfig;

type Subcommand = 'sandbox' | 'audit' | undefined;

function parseFlags(argv: string[]): { subcommand: Subcommand; v: FlagValues } {
  const subcommand = argv[0] === 'sandbox' || argv[0] === 'audit' ? argv[0] : undefined;
  try {
    const parsed = parseArgs({ args: subcommand ? argv.slice(1) : argv, options: parseSpec(), strict: true, allowPositionals: false });
    return { subcommand, v: parsed.values as FlagValues };
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}. Run tencent-live-mcp --help for the options.`);
  }
}

/** A flag, else its variable (an empty variable is a value here, as it always was). */
const flagOrEnv = (v: FlagValues, env: Env, flag: string) => str(v, flag) ?? env[envOf(flag)];

function logLevel(v: FlagValues, env: Env): LogLevel {
  const raw = flagOrEnv(v, env, 'log-level') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError(`--log-level must be one of debug, info, warn, error.`);
  return raw as LogLevel;
}

function auditCommand(v: FlagValues, file: string): Config {
  const since = str(v, 'since');
  const tool = str(v, 'tool');
  return { command: 'audit', file, json: Boolean(v.json), ...(tool && { tool }), ...(since && { sinceMs: parseSince(since, Date.now()) }) };
}

/** Flags of one section given where they do not apply. */
function rejectStray(v: FlagValues, flags: readonly string[], message: (given: string) => string): void {
  const stray = flags.filter((f) => v[f] !== undefined);
  if (stray.length > 0) throw new ConfigError(message(stray.map((f) => `--${f}`).join(', ')));
}

function chosenTools(v: FlagValues, env: Env): ToolDef[] {
  const readOnlyEnv = env[envOf('read-only')];
  if (readOnlyEnv !== undefined && !['', '0', '1', 'true', 'false'].includes(readOnlyEnv)) {
    throw new ConfigError('TENCENT_LIVE_READ_ONLY must be 1, true, 0 or false.');
  }
  try {
    return selectTools(TOOLS, {
      toolsets: splitList(flagOrEnv(v, env, 'toolsets')),
      tools: splitList(flagOrEnv(v, env, 'tools')),
      readOnly: (v['read-only'] as boolean | undefined) ?? (readOnlyEnv === '1' || readOnlyEnv === 'true'),
    });
  } catch (err) {
    if (err instanceof SelectionError) throw new ConfigError(err.message);
    throw err;
  }
}

function policyOf(file: string | undefined): Policy {
  if (!file) return DEFAULT_POLICY;
  try {
    return loadPolicyFile(file, TOOLS.map((t) => t.name));
  } catch (err) {
    if (err instanceof PolicyError) throw new ConfigError(err.message);
    throw err;
  }
}

function webhookOf(v: FlagValues, env: Env): string | undefined {
  const webhook = flagOrEnv(v, env, 'approval-webhook');
  if (webhook !== undefined && !/^https?:\/\//.test(webhook)) throw new ConfigError('--approval-webhook must be an http(s) URL.');
  return webhook;
}

function redisOf(v: FlagValues, env: Env): ServeOptions['redis'] {
  const url = flagOrEnv(v, env, 'redis');
  const prefix = flagOrEnv(v, env, 'redis-prefix');
  if (url !== undefined && !/^rediss?:\/\//.test(url)) throw new ConfigError('--redis must be a redis:// or rediss:// URL.');
  if (prefix !== undefined && url === undefined) throw new ConfigError('--redis-prefix needs --redis (or TENCENT_LIVE_REDIS_URL).');
  return url ? { url, ...(prefix && { prefix }) } : undefined;
}

function consoleOf(v: FlagValues, env: Env): Pick<ServeOptions, 'consolePort' | 'consoleToken' | 'consoleRpId' | 'consoleOrigin' | 'consoleTokenFallback'> {
  return {
    consolePort: parsePort(flagOrEnv(v, env, 'console-port'), 0, '--console-port'),
    ...(env.TENCENT_LIVE_CONSOLE_TOKEN && { consoleToken: env.TENCENT_LIVE_CONSOLE_TOKEN }),
    ...(env.TENCENT_LIVE_CONSOLE_RP_ID && { consoleRpId: env.TENCENT_LIVE_CONSOLE_RP_ID }),
    ...(env.TENCENT_LIVE_CONSOLE_ORIGIN && { consoleOrigin: env.TENCENT_LIVE_CONSOLE_ORIGIN }),
    ...(envOn(env.TENCENT_LIVE_CONSOLE_TOKEN_FALLBACK) && { consoleTokenFallback: true }),
  };
}

function auditRotationOf(env: Env): ServeOptions['auditRotation'] {
  try {
    return auditRotationFromEnv(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** Everything `serve` reads that does not depend on where requests go. */
function serveOptions(v: FlagValues, env: Env, level: LogLevel, stateDir: string, auditLog: string): ServeOptions {
  const http = v.http ? loadHttpConfig(v, env) : undefined;
  if (!v.http) rejectStray(v, flagsOf('http').filter((f) => f !== 'http'), (given) => `${given} only apply with --http (or --port/--host to the sandbox subcommand).`);
  const tools = chosenTools(v, env);
  const policyFile = flagOrEnv(v, env, 'policy');
  const policy = policyOf(policyFile);
  const webhook = webhookOf(v, env);
  const redis = redisOf(v, env);
  const feed = loadFeedConfig(v, env, stateDir, Boolean(v.sandbox), Boolean(v.http));
  return {
    command: 'serve',
    cloudApi: cloudApiSettingFrom(env, (m) => new ConfigError(m)),
    ...(feed && { feed }),
    ...(v['feed-db'] !== undefined && { feedDbSet: true }),
    tools,
    policy,
    ...(policyFile && { policyFile }),
    stateDir,
    auditLog,
    ...consoleOf(v, env),
    ...(webhook && { webhook }),
    ...(http && { http }),
    ...(redis && { redis }),
    ...((v.shadow || /^(1|true)$/i.test(env[envOf('shadow')] ?? '')) && { shadow: true }),
    auditRotation: auditRotationOf(env),
    ...(envOn(env.TENCENT_LIVE_OTEL) && { telemetry: true }),
    logLevel: level,
  };
}

/** The Tencent application from the environment; without it, a message that names what to set. */
function credentialsOf(env: Env): Credentials {
  const secretKey = env.TENCENT_LIVE_SECRET_KEY;
  const missing = ['TENCENT_LIVE_SDKAPPID', 'TENCENT_LIVE_SECRET_KEY'].filter((k) => !env[k]);
  if (missing.length > 0 || !secretKey) {
    throw new ConfigError(
      `Missing ${missing.join(' and ')}. Set ${missing.length > 1 ? 'them' : 'it'} to your Tencent application's values, ` +
        'or run with --sandbox to try the server against the embedded emulator without a Tencent account.',
    );
  }
  const sdkAppId = Number(env.TENCENT_LIVE_SDKAPPID);
  if (!Number.isInteger(sdkAppId) || sdkAppId <= 0) {
    throw new ConfigError(`TENCENT_LIVE_SDKAPPID must be a positive integer, got ${JSON.stringify(env.TENCENT_LIVE_SDKAPPID)}.`);
  }
  return { sdkAppId, secretKey, admin: env.TENCENT_LIVE_ADMIN || 'administrator' };
}

export function loadConfig(argv: string[], env: Env): Config {
  const { subcommand, v } = parseFlags(argv);
  if (v.help) return { command: 'help' };
  if (v.version) return { command: 'version' };
  const level = logLevel(v, env);
  const stateDir = defaultStateDir(env);
  const auditLog = flagOrEnv(v, env, 'audit-log') ?? `${stateDir}/audit.jsonl`;
  if (subcommand === 'audit') return auditCommand(v, auditLog);
  rejectStray(v, ['since', 'tool', 'json'], (given) => `${given.split(', ')[0]} belongs to the audit subcommand.`);
  if (subcommand === 'sandbox') return { command: 'sandbox', port: parsePort(str(v, 'port'), 9000), host: str(v, 'host') ?? '127.0.0.1', logLevel: level };
  const options = serveOptions(v, env, level, stateDir, auditLog);
  if (v.sandbox) return { ...options, sandbox: true };
  return {
    ...options,
    sandbox: false,
    credentials: credentialsOf(env),
    region: env.TENCENT_LIVE_REGION || undefined,
    endpoint: env.TENCENT_LIVE_ENDPOINT || undefined,
    allowInsecureEndpoint: insecureEndpointAllowed(env),
  };
}
