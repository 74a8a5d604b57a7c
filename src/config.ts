// Configuration from flags and environment, validated once at start with errors a person can act
// on. Nothing here touches process: cli.ts passes argv and env in.
import { parseArgs } from 'node:util';
import * as z from 'zod/v4';
import { TOOLS } from './tools/index.js';
import { SelectionError, selectTools, splitList } from './tools/toolsets.js';
import type { ToolDef } from './tools/types.js';
import { defaultStateDir } from './policies/audit.js';
import { PolicyError, loadPolicyFile } from './policies/policy-file.js';
import { DEFAULT_POLICY, type Policy } from './policies/rules.js';

export const HELP = `tencent-live-mcp: an MCP server for administering Tencent Cloud live rooms.

Usage:
  tencent-live-mcp [options]              serve MCP over stdio
  tencent-live-mcp sandbox [--port N]     run the embedded Tencent REST emulator alone
  tencent-live-mcp audit [options]        print the audit log for people

Options:
  --sandbox              serve against the embedded sandbox (demo rooms, no credentials needed)
  --toolsets a,b         toolsets to expose, or "all" (default: rooms,seats,members,messages)
                         valid: all, rooms, seats, members, messages, metadata, robots, mix,
                                battles, gifts, stats, conference
  --tools x,y            expose exactly these tools (instead of --toolsets)
  --read-only            expose only tools that read; wins over --toolsets and --tools
  --policy FILE          operator policy (YAML or JSON): allow / confirm / deny per tool or toolset
  --audit-log FILE       append-only JSONL audit log (default <state dir>/audit.jsonl)
  --console-port N       port of the approval console on 127.0.0.1 (default 0: a free port)
  --approval-webhook URL POST a JSON notice of each pending approval to this URL
  --log-level LEVEL      debug | info | warn | error (default info; logs go to stderr)
  -h, --help             show this help
  -v, --version          print the version

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
  TENCENT_LIVE_REGION       china | singapore | usa | indonesia | korea | germany | japan | saudi-arabia
                            (default singapore)
  TENCENT_LIVE_ENDPOINT     base URL override (e.g. http://127.0.0.1:9000); wins over the region

Environment (optional; a flag wins over its variable):
  TENCENT_LIVE_TOOLSETS     as --toolsets
  TENCENT_LIVE_TOOLS        as --tools
  TENCENT_LIVE_READ_ONLY    "1" or "true" as --read-only
  TENCENT_LIVE_LOG_LEVEL    as --log-level
  TENCENT_LIVE_POLICY       as --policy
  TENCENT_LIVE_AUDIT_LOG    as --audit-log
  TENCENT_LIVE_CONSOLE_PORT as --console-port
  TENCENT_LIVE_CONSOLE_TOKEN  the approval console's operator token (default: generated at start,
                            printed to stderr and written to <state dir>/console-token, mode 0600)
  TENCENT_LIVE_APPROVAL_WEBHOOK  as --approval-webhook
  XDG_STATE_HOME            the state dir is $XDG_STATE_HOME/tencent-live-mcp (~/.local/state/…)
`;

const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);

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
      webhook?: string;
      logLevel: z.infer<typeof LogLevel>;
      credentials?: { sdkAppId: number; secretKey: string; admin: string };
      region?: string;
      endpoint?: string;
    };

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
        policy: { type: 'string' },
        'audit-log': { type: 'string' },
        'console-port': { type: 'string' },
        'approval-webhook': { type: 'string' },
        since: { type: 'string' },
        tool: { type: 'string' },
        json: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'log-level': { type: 'string' },
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
  if (v.port !== undefined || v.host !== undefined) {
    throw new ConfigError('--port and --host belong to the sandbox subcommand (HTTP serving is not available in this version).');
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
  const common = {
    tools,
    policy,
    ...(policyFile && { policyFile }),
    stateDir,
    auditLog,
    consolePort: parsePort(v['console-port'] ?? env.TENCENT_LIVE_CONSOLE_PORT, 0, '--console-port'),
    ...(env.TENCENT_LIVE_CONSOLE_TOKEN && { consoleToken: env.TENCENT_LIVE_CONSOLE_TOKEN }),
    ...(webhook && { webhook }),
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
  };
}
