#!/usr/bin/env node
// The only module that touches process: argv and env in, a transport out. stdout carries MCP in
// stdio mode, so every human-facing line goes to stderr.
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import { createRestClient } from './client/rest-client.js';
import { ConfigError, HELP, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createSandbox } from './sandbox/index.js';
import { createServer } from './server.js';
import { startHttpServer } from './http/server.js';
import { Readiness, auditLogCheck, redisCheck } from './http/health.js';
import { TelemetryUnavailableError, loadTelemetry } from './telemetry/otel.js';
import { FileAuditLog, auditRotationFromEnv, readAuditLog } from './policies/audit.js';
import { INSECURE_ENDPOINT_ENV, insecureEndpointAllowed } from './client/endpoint-transport.js';
import { filterAudit, formatAudit } from './policies/audit-report.js';
import { MemoryApprovalStore } from './policies/approvals.js';
import { webhookSender } from './policies/console-channel.js';
import { startConsole } from './policies/console.js';
import { resolveConsoleToken } from './policies/console-token.js';
import { ApproverRegistry } from './policies/approvers.js';
import { runApprovers } from './approvers-cli.js';
import { createPolicyRuntime } from './policies/runtime.js';
import { createConfirmStateCodec } from './policies/confirm.js';
import { RedisUnavailableError, connectRedisStores, redactRedisUrl } from './policies/redis-stores.js';
import { VERSION } from './version.js';
import { randomBytes } from 'node:crypto';
import type { FeedConfig } from './config.js';
import { createFeed } from './feed/index.js';
import { evidenceFor, targetsFromFacts } from './feed/evidence.js';
import { HoldRulesSchema } from './feed/holds.js';
import { startCallbackListener } from './feed/http.js';
import { DEMO_HOLDS, TRAFFIC_ROOMS } from './sandbox/traffic.js';
import { openCloudApi } from './client/cloud-api-config.js';
import { withCloudApi } from './client/cloud-api-link.js';
import { withoutCloudApiTools } from './tools/trtc.js';

async function runSandbox(config: Extract<Config, { command: 'sandbox' }>, logger: Logger) {
  const sandbox = createSandbox({ seed: 'demo' });
  const { url, close } = await sandbox.listen({ port: config.port, host: config.host });
  const { sdkAppId, secretKey, admin } = sandbox.credentials;
  // The sandbox's key is a published demo value, not a secret: print it so people can sign with it.
  process.stderr.write(
    `Tencent live REST sandbox listening on ${url}\n` +
      `  SDKAppID: ${sdkAppId}\n  Secret key: ${secretKey}\n  Administrator: ${admin}\n` +
      `  Tencent Cloud API 3.0 (TRTC) at POST ${url}/: SecretId ${sandbox.cloudApi.credentials.secretId}, SecretKey ${sandbox.cloudApi.credentials.secretKey}\n` +
      `  Example: TENCENT_LIVE_ENDPOINT=${url} TENCENT_LIVE_SDKAPPID=${sdkAppId} TENCENT_LIVE_SECRET_KEY=${secretKey} tencent-live-mcp\n`,
  );
  const stop = () => { logger.info('sandbox stopping'); void close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function runServe(config: Extract<Config, { command: 'serve' }>, logger: Logger) {
  // Everything opened below, closed in reverse order on shutdown or on a failed start.
  const closers: Array<() => unknown> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await Promise.resolve().then(close).catch(() => {});
  };
  try {
    await startServing(config, logger, closers, closeAll);
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function startServing(
  config: Extract<Config, { command: 'serve' }>,
  logger: Logger,
  closers: Array<() => unknown>,
  closeAll: () => Promise<void>,
) {
  let clientOptions;
  let sandbox: ReturnType<typeof createSandbox> | undefined;
  if (config.sandbox) {
    sandbox = createSandbox({ seed: 'demo' });
    const listening = await sandbox.listen({ port: 0 });
    closers.push(listening.close);
    clientOptions = { ...sandbox.credentials, endpoint: listening.url };
    logger.info('serving against the embedded sandbox (no Tencent account used)', { sandbox: listening.url });
  } else {
    const creds = config.credentials!;
    logger.addSecret(creds.secretKey);
    clientOptions = { ...creds, region: config.region, endpoint: config.endpoint, allowInsecureEndpoint: insecureEndpointAllowed(process.env) };
    if (clientOptions.allowInsecureEndpoint && config.endpoint?.startsWith('http:')) {
      logger.warn(`${INSECURE_ENDPOINT_ENV} is set: requests to ${config.endpoint} (UserSig included) may cross the network in clear`);
    }
  }
  let client;
  try {
    client = createRestClient({ ...clientOptions, logger });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  // The TRTC tools (Tencent Cloud API 3.0) are offered only with their credential; the log says why not.
  let cloud;
  try {
    cloud = openCloudApi(config.cloudApi, { sdkAppId: clientOptions.sdkAppId, logger, allowInsecureEndpoint: insecureEndpointAllowed(process.env), ...(sandbox && { sandbox: { url: clientOptions.endpoint!, ...sandbox.cloudApi.credentials } }) });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const live = cloud ? withCloudApi(client, cloud) : client;
  const tools = cloud ? config.tools : withoutCloudApiTools(config.tools);
  const feed = config.feed ? await startFeed(config, config.feed, clientOptions.sdkAppId, sandbox, logger, closers) : undefined;
  let audit;
  try {
    audit = new FileAuditLog(config.auditLog, { ...auditRotationFromEnv(process.env), warn: (m) => logger.warn(m) });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  closers.push(() => audit.close());
  // What /readyz checks (HTTP mode); other components add theirs with readiness.register().
  const readiness = new Readiness();
  readiness.register('audit-log', auditLogCheck(config.auditLog));
  // The receiver is ready when its store answers: a held message must reach disk inside
  // Tencent's 2 s budget, so a store that cannot be read cannot take callbacks either.
  if (feed) readiness.register('callback-receiver', () => { feed.store.rooms(); });
  logger.info('audit log', { path: config.auditLog, policy: config.policyFile ?? '(defaults)' });

  // With --redis, replicas share rate budgets, caps, the breaker, approvals and the key that signs
  // confirmation state; an unreachable Redis stops the start (no silent fall back to memory).
  let stores;
  if (config.redis) {
    try {
      stores = await connectRedisStores(config.redis.url, { ...(config.redis.prefix && { prefix: config.redis.prefix }), logger });
    } catch (err) {
      if (err instanceof RedisUnavailableError) throw new ConfigError(err.message);
      throw err;
    }
    closers.push(() => stores!.close());
    readiness.register('redis', redisCheck(stores.redis));
    logger.info('sharing state through Redis', { redis: redactRedisUrl(config.redis.url), prefix: stores.prefix });
  }
  const codec = createConfirmStateCodec(stores?.codecKey, { ...(stores && { once: stores.once }) });

  // The approval console runs when the policy offers it as a channel; it has its own loopback port
  // and an operator token the model never sees (stderr and a 0600 file only).
  const usesConsole = config.policy.channels.includes('console') || config.policy.rules.some((r) => r.channels?.includes('console'));
  const approvals = usesConsole ? (stores?.approvals ?? new MemoryApprovalStore()) : undefined;
  let consoleUrl: string | undefined;
  if (approvals) {
    const { token, file } = resolveConsoleToken({ ...(config.consoleToken && { token: config.consoleToken }), stateDir: config.stateDir });
    logger.addSecret(token);
    const started = await startConsole({
      store: approvals, token, port: config.consolePort, logger,
      approvers: new ApproverRegistry(config.stateDir),
      tokenFallback: config.consoleTokenFallback === true,
      ...(config.consoleRpId && { rpId: config.consoleRpId }),
      ...(config.consoleOrigin && { origin: config.consoleOrigin }),
      ...(feed && { evidence: (a) => evidenceFor(feed, targetsFromFacts(a.facts)) }),
    });
    closers.push(() => started.close());
    consoleUrl = started.url;
    // The operator token is never printed: stderr is readable by whoever started the server (an
    // agent, in stdio mode). Decisions need an approver's passkey; the token signs in only through
    // the fallback, and then only from the operator's own file or configuration.
    process.stderr.write(
      `Approval console: ${started.url}/\n` +
        '  approvers sign in with a passkey; enrol one with: tencent-live-mcp approvers add NAME\n' +
        (config.consoleTokenFallback ? `  operator-token fallback (no passkey) is ON: the token is in ${file ?? 'TENCENT_LIVE_CONSOLE_TOKEN'}\n` : ''),
    );
  }
  // OpenTelemetry only when asked for: the API is imported now, never otherwise.
  const otel = ['1', 'true'].includes(process.env.TENCENT_LIVE_OTEL ?? '')
    ? await loadTelemetry({ transport: config.http ? 'tcp' : 'pipe' }).catch((err: unknown) => {
        throw err instanceof TelemetryUnavailableError ? new ConfigError(err.message) : err;
      })
    : undefined;
  const runtime = createPolicyRuntime({
    ...(otel && { telemetry: otel }),
    ...stores?.runtimeOptions,
    policy: config.policy,
    audit,
    budgetOwner: clientOptions.sdkAppId,
    ...(approvals && { approvals }),
    ...(consoleUrl && { consoleUrl }),
    ...(config.webhook && { webhook: webhookSender(config.webhook) }),
    ...(config.shadow && { shadow: true }),
  });
  otel?.instrumentRuntime(runtime);
  if (config.shadow) logger.warn('shadow mode: non-read calls are decided, asked and audited, and none is sent to Tencent');

  // Closed before the audit log and Redis (closers run in reverse): calls still in flight finish
  // and record their outcome first.
  closers.push(() => live.close());

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    await closeAll();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  if (config.http) {
    // Streamable HTTP: the server builds its own McpServer instances (per request, or per 2025-era
    // session) around this one runtime. Client tokens stay in the HTTP layer; never sent to Tencent.
    const { http } = config;
    let handle;
    try {
      handle = await startHttpServer({
        client: live,
        logger,
        tools,
        runtime,
        codec,
        host: http.host,
        port: http.port,
        ...(http.token && { token: http.token }),
        ...(http.oauth && { oauth: http.oauth }),
        ...(http.publicUrl && { publicUrl: http.publicUrl }),
        ...(http.allowedHosts && { allowedHosts: http.allowedHosts }),
        ...(http.allowedOrigins && { allowedOrigins: http.allowedOrigins }),
        ...(feed && { feed }),
        readiness,
        ...(config.sandbox && { reconnectionProbe: true }),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new ConfigError(`cannot listen on ${http.host}:${http.port} (${code}); choose another --host or --port.`);
      }
      throw err;
    }
    closers.push(() => handle.close());
    const auth = http.oauth ? `OAuth tokens from ${http.oauth.issuer}` : http.token ? 'bearer token required' : 'no authentication (loopback only)';
    process.stderr.write(`MCP over Streamable HTTP: ${handle.url}  (${auth})\n`);
    logger.info('tencent-live-mcp ready on HTTP', { version: VERSION, sandbox: config.sandbox });
    return;
  }

  // Both protocol eras on stdio: the SDK's serveStdio reads the opening message (initialize for
  // 2025-era clients, a request with the 2026-07-28 envelope or server/discover otherwise) and
  // pins one server from the factory for the connection.
  const transport = new StdioServerTransport();
  const stdio = serveStdio(() => createServer({ client: live, logger, tools, runtime, codec, ...(feed && { feed }) }), {
    transport,
    onerror: (err) => logger.debug('stdio', { error: err.message }),
  });
  closers.push(() => stdio.close());
  process.stdin.once('end', () => void stop());
  logger.info('tencent-live-mcp ready on stdio', { version: VERSION, sandbox: config.sandbox });
}

/** The callback receiver and room event feed; with --sandbox, the emulator's callbacks and traffic. */
async function startFeed(
  config: Extract<Config, { command: 'serve' }>,
  fc: FeedConfig,
  sdkAppId: number,
  sandbox: ReturnType<typeof createSandbox> | undefined,
  logger: Logger,
  closers: Array<() => unknown>,
) {
  // The sandbox signs its callbacks with a token made for this run, unless one is configured.
  const token = fc.token ?? (sandbox && !fc.unsigned ? randomBytes(24).toString('hex') : undefined);
  if (token) logger.addSecret(token);
  else logger.warn('accepting Tencent callbacks WITHOUT a signature (--callback-unsigned): anyone who can reach the receiver can write into the feed and the held queue');
  const holds = config.policy.holds ?? (sandbox ? HoldRulesSchema.parse(DEMO_HOLDS) : undefined);
  const dbFile = sandbox && !config.feedDbSet ? fc.dbFile.replace(/feed\.sqlite$/, 'sandbox-feed.sqlite') : fc.dbFile;
  const feed = createFeed({ file: dbFile, sdkAppId, ...(token && { token }), ...(holds && { holds }), logger });
  closers.push(() => feed.close());
  logger.info('room event feed', { db: dbFile, holdRules: holds ? 'on' : 'none' });
  if (fc.port !== undefined) {
    let listener;
    try {
      listener = await startCallbackListener(feed.receiver, { host: fc.host, port: fc.port, logger });
    } catch (err) {
      throw new ConfigError(`cannot listen for callbacks on ${fc.host}:${fc.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another --callback-port.`);
    }
    closers.push(() => listener.close());
    process.stderr.write(`Tencent callbacks: ${listener.url}\n`);
    if (sandbox) {
      sandbox.callbacks.setTarget({ url: listener.url, ...(token && { token }) });
      const traffic = sandbox.traffic({ rate: fc.trafficRate });
      if (fc.traffic) {
        traffic.start();
        closers.push(() => traffic.stop());
        process.stderr.write(`Simulated viewers: ${fc.trafficRate} action(s)/s in ${TRAFFIC_ROOMS.join(', ')} (--no-traffic to stop them)\n`);
      }
    }
  }
  return feed;
}

async function main() {
  if (process.argv[2] === 'approvers') {
    process.exitCode = runApprovers(process.argv.slice(3), process.env, (t) => process.stdout.write(t), (t) => process.stderr.write(t));
    return;
  }
  let config: Config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tencent-live-mcp: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // --help and --version are not MCP sessions: they answer on stdout like any command-line tool.
  if (config.command === 'help') { process.stdout.write(HELP); return; }
  if (config.command === 'version') { process.stdout.write(`${VERSION}\n`); return; }
  if (config.command === 'audit') {
    const read = readAuditLog(config.file);
    const records = filterAudit(read.records, { ...(config.sinceMs !== undefined && { sinceMs: config.sinceMs }), ...(config.tool && { tool: config.tool }) });
    process.stdout.write(config.json ? records.map((r) => JSON.stringify(r) + '\n').join('') : formatAudit(records, read.torn));
    if (config.json && read.torn.length > 0) process.stderr.write(`tencent-live-mcp: ${read.torn.length} torn line(s) in the audit log (not whole records): ${read.torn.map((t) => `${t.file}:${t.line}`).join(', ')}\n`);
    return;
  }
  const logger = createLogger({ level: config.logLevel });
  try {
    if (config.command === 'sandbox') await runSandbox(config, logger);
    else await runServe(config, logger);
  } catch (err) {
    process.stderr.write(`tencent-live-mcp: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
}

void main();
