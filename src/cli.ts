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
import { FileAuditLog, readAudit } from './policies/audit.js';
import { filterAudit, formatAudit } from './policies/audit-report.js';
import { MemoryApprovalStore } from './policies/approvals.js';
import { webhookSender } from './policies/console-channel.js';
import { startConsole } from './policies/console.js';
import { resolveConsoleToken } from './policies/console-token.js';
import { createPolicyRuntime } from './policies/runtime.js';
import { createConfirmStateCodec } from './policies/confirm.js';
import { RedisUnavailableError, connectRedisStores, redactRedisUrl } from './policies/redis-stores.js';
import { VERSION } from './version.js';

async function runSandbox(config: Extract<Config, { command: 'sandbox' }>, logger: Logger) {
  const sandbox = createSandbox({ seed: 'demo' });
  const { url, close } = await sandbox.listen({ port: config.port, host: config.host });
  const { sdkAppId, secretKey, admin } = sandbox.credentials;
  // The sandbox's key is a published demo value, not a secret: print it so people can sign with it.
  process.stderr.write(
    `Tencent live REST sandbox listening on ${url}\n` +
      `  SDKAppID: ${sdkAppId}\n  Secret key: ${secretKey}\n  Administrator: ${admin}\n` +
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
  if (config.sandbox) {
    const sandbox = createSandbox({ seed: 'demo' });
    const listening = await sandbox.listen({ port: 0 });
    closers.push(listening.close);
    clientOptions = { ...sandbox.credentials, endpoint: listening.url };
    logger.info('serving against the embedded sandbox (no Tencent account used)', { sandbox: listening.url });
  } else {
    const creds = config.credentials!;
    logger.addSecret(creds.secretKey);
    clientOptions = { ...creds, region: config.region, endpoint: config.endpoint };
  }
  let client;
  try {
    client = createRestClient({ ...clientOptions, logger });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const audit = new FileAuditLog(config.auditLog);
  closers.push(() => audit.close());
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
    const started = await startConsole({ store: approvals, token, port: config.consolePort, logger });
    closers.push(() => started.close());
    consoleUrl = started.url;
    // A generated token is shown once on stderr (the operator's terminal or the client's server
    // log) and kept in a 0600 file; an operator-set token is never echoed.
    process.stderr.write(
      `Approval console: ${started.url}/login\n` +
        (file ? `  operator token (also in ${file}): ${token}\n` : '  operator token: the value of TENCENT_LIVE_CONSOLE_TOKEN\n'),
    );
  }
  const runtime = createPolicyRuntime({
    ...stores?.runtimeOptions,
    policy: config.policy,
    audit,
    budgetOwner: clientOptions.sdkAppId,
    ...(approvals && { approvals }),
    ...(consoleUrl && { consoleUrl }),
    ...(config.webhook && { webhook: webhookSender(config.webhook) }),
  });

  // Closed before the audit log and Redis (closers run in reverse): calls still in flight finish
  // and record their outcome first.
  closers.push(() => client.close());

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
        client,
        logger,
        tools: config.tools,
        runtime,
        codec,
        host: http.host,
        port: http.port,
        ...(http.token && { token: http.token }),
        ...(http.oauth && { oauth: http.oauth }),
        ...(http.publicUrl && { publicUrl: http.publicUrl }),
        ...(http.allowedHosts && { allowedHosts: http.allowedHosts }),
        ...(http.allowedOrigins && { allowedOrigins: http.allowedOrigins }),
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
  const stdio = serveStdio(() => createServer({ client, logger, tools: config.tools, runtime, codec }), {
    transport,
    onerror: (err) => logger.debug('stdio', { error: err.message }),
  });
  closers.push(() => stdio.close());
  process.stdin.once('end', () => void stop());
  logger.info('tencent-live-mcp ready on stdio', { version: VERSION, sandbox: config.sandbox });
}

async function main() {
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
    const records = filterAudit(readAudit(config.file), { ...(config.sinceMs !== undefined && { sinceMs: config.sinceMs }), ...(config.tool && { tool: config.tool }) });
    process.stdout.write(config.json ? records.map((r) => JSON.stringify(r) + '\n').join('') : formatAudit(records));
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
