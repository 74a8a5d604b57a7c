// The wiring: starts what a serving configuration asks for (sandbox or Tencent client, feed,
// audit log, Redis stores, approval console, telemetry, then stdio or Streamable HTTP) and returns
// one `close` that stops it all in reverse order. cli.ts owns the process (argv, env, signals,
// exit codes); this module takes everything it needs as arguments, so tests start it in process.
//
// What a session does not use is not loaded: the sandbox, the feed, Redis, the console (WebAuthn),
// the HTTP stack (with jose) and the stdio transport are imported only when the configuration
// asks for them, which keeps cold start and idle memory of a plain stdio session small.
import { randomBytes } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/server';
import { ConfigError, type FeedConfig, type ServeConfig } from './config.js';
import type { LiveClient } from './client/types.js';
import type { RestClientOptions } from './client/rest-client.js';
import { INSECURE_ENDPOINT_ENV } from './client/endpoint-transport.js';
import type { Logger } from './logger.js';
import type { Sandbox } from './sandbox/index.js';
import type { Feed } from './feed/index.js';
import { Readiness, auditLogCheck, redisCheck } from './http/health.js';
import { FileAuditLog } from './policies/audit.js';
import { createConfirmStateCodec } from './policies/confirm.js';
import { createPolicyRuntime, type PolicyRuntime } from './policies/runtime.js';
import type { ToolDef } from './tools/types.js';
import type { ApprovalStore } from './policies/approvals.js';
import { VERSION } from './version.js';

export interface AppOptions {
  logger: Logger;
  /** Text for the person who started the server, whole lines (stderr in the binary; never stdout). */
  notice?: (text: string) => void;
  /** Stdio mode: the transport to serve on; default the process's stdin and stdout. */
  transport?: Transport;
}

export interface App {
  /** The embedded sandbox's loopback URL (with --sandbox). */
  sandboxUrl?: string;
  /** Where Streamable HTTP is served (with --http). */
  httpUrl?: string;
  /** The approval console, when the policy offers it. */
  consoleUrl?: string;
  /** The callback receiver's own listener, when it has one. */
  callbackUrl?: string;
  /** Stops everything started, in reverse order; calls in flight finish and are audited first. */
  close(): Promise<void>;
}

/** Everything opened, closed in reverse order (on close, or when a later step fails to start). */
class Closers {
  private readonly list: Array<() => unknown> = [];
  add(close: () => unknown): void {
    this.list.push(close);
  }
  async closeAll(): Promise<void> {
    for (const close of this.list.splice(0).reverse()) await Promise.resolve().then(close).catch(() => {});
  }
}

interface Started {
  config: ServeConfig;
  logger: Logger;
  notice: (line: string) => void;
  closers: Closers;
}

export async function startApp(config: ServeConfig, options: AppOptions): Promise<App> {
  const closers = new Closers();
  const s: Started = { config, logger: options.logger, notice: options.notice ?? (() => {}), closers };
  let stopping: Promise<void> | undefined;
  const close = () => (stopping ??= closers.closeAll());
  try {
    const app = await wire(s, options.transport);
    return { ...app, close };
  } catch (err) {
    await closers.closeAll();
    throw err;
  }
}

async function wire(s: Started, transport: Transport | undefined): Promise<Omit<App, 'close'>> {
  const { config, logger, closers } = s;
  const { client, tools, clientOptions, sandbox, sandboxUrl } = await connectUpstream(s);
  const feed = config.feed ? await startFeed(s, config.feed, clientOptions.sdkAppId, sandbox) : {};
  const audit = openAudit(s);
  // What /readyz checks (HTTP mode); other components add theirs with readiness.register().
  const readiness = new Readiness();
  readiness.register('audit-log', auditLogCheck(config.auditLog));
  // The receiver is ready when its store answers: a held message must reach disk inside
  // Tencent's 2 s budget, so a store that cannot be read cannot take callbacks either.
  if (feed.feed) readiness.register('callback-receiver', () => feed.feed!.store.rooms());
  logger.info('audit log', { path: config.auditLog, policy: config.policyFile ?? '(defaults)' });
  const stores = await connectStores(s, readiness);
  const codec = createConfirmStateCodec(stores?.codecKey, { ...(stores && { once: stores.once }) });
  const approvals = await startApprovals(s, stores?.approvals, feed.feed);
  const runtime = await policyRuntime(s, { audit, budgetOwner: clientOptions.sdkAppId, stores, approvals });
  // Closed before the audit log and Redis (closers run in reverse): calls still in flight finish
  // and record their outcome first.
  closers.add(() => client.close());
  // With Redis, a 2025-era stream can be resumed (Last-Event-ID) from the events any replica kept.
  const eventStore = stores && config.http ? new (await import('./http/redis-event-store.js')).RedisEventStore(stores.redis, stores.prefix) : undefined;
  // ...on any replica: the record of who owns each session lets one without it serve the replay.
  const sessionDirectory = stores && config.http ? new (await import('./http/session-directory.js')).RedisSessionDirectory(stores.redis, stores.prefix) : undefined;
  const served = { client, tools, runtime, codec, feed: feed.feed, readiness, ...(eventStore && { eventStore }), ...(sessionDirectory && { sessionDirectory }) };
  const httpUrl = config.http ? await serveHttp(s, served) : await serveOnStdio(s, served, transport);
  return { ...(sandboxUrl && { sandboxUrl }), ...(httpUrl && { httpUrl }), ...(approvals.url && { consoleUrl: approvals.url }), ...(feed.url && { callbackUrl: feed.url }) };
}

/** The sandbox (listening on a free loopback port) or the Tencent application. */
async function connectUpstream(s: Started): Promise<{ client: LiveClient; tools: ToolDef[]; clientOptions: RestClientOptions; sandbox?: Sandbox; sandboxUrl?: string }> {
  const { config, logger, closers } = s;
  let clientOptions: RestClientOptions;
  let sandbox: Sandbox | undefined;
  if (config.sandbox) {
    const { createSandbox } = await import('./sandbox/index.js');
    sandbox = createSandbox({ seed: 'demo' });
    const listening = await sandbox.listen({ port: 0 });
    closers.add(listening.close);
    clientOptions = { ...sandbox.credentials, endpoint: listening.url };
    logger.info('serving against the embedded sandbox (no Tencent account used)', { sandbox: listening.url });
  } else {
    logger.addSecret(config.credentials.secretKey);
    clientOptions = { ...config.credentials, region: config.region, endpoint: config.endpoint, allowInsecureEndpoint: config.allowInsecureEndpoint };
    if (config.allowInsecureEndpoint && config.endpoint?.startsWith('http:')) {
      logger.warn(`${INSECURE_ENDPOINT_ENV} is set: requests to ${config.endpoint} (UserSig included) may cross the network in clear`);
    }
  }
  const { createRestClient } = await import('./client/rest-client.js');
  let rest: LiveClient;
  try {
    rest = createRestClient({ ...clientOptions, logger });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const { client, tools } = await withTrtc(s, rest, clientOptions, sandbox);
  return { client, tools, clientOptions, ...(sandbox && { sandbox, sandboxUrl: clientOptions.endpoint }) };
}

/** The TRTC tools (Tencent Cloud API 3.0) are offered only with their credential; the log says why not. */
async function withTrtc(s: Started, rest: LiveClient, clientOptions: RestClientOptions, sandbox: Sandbox | undefined): Promise<{ client: LiveClient; tools: ToolDef[] }> {
  const { config, logger } = s;
  const [{ openCloudApi }, { withCloudApi }, { withoutCloudApiTools }] = await Promise.all([
    import('./client/cloud-api-config.js'), import('./client/cloud-api-link.js'), import('./tools/trtc.js'),
  ]);
  let cloud;
  try {
    cloud = await openCloudApi(config.cloudApi, {
      sdkAppId: clientOptions.sdkAppId, logger,
      ...(!config.sandbox && config.allowInsecureEndpoint && { allowInsecureEndpoint: true }),
      ...(sandbox && { sandbox: { url: clientOptions.endpoint!, ...sandbox.cloudApi.credentials } }),
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  return cloud ? { client: withCloudApi(rest, cloud), tools: config.tools } : { client: rest, tools: withoutCloudApiTools(config.tools) };
}

function openAudit(s: Started): FileAuditLog {
  let audit: FileAuditLog;
  try {
    audit = new FileAuditLog(s.config.auditLog, { ...s.config.auditRotation, warn: (m) => s.logger.warn(m) });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  s.closers.add(() => audit.close());
  return audit;
}

type Stores = Awaited<ReturnType<typeof import('./policies/redis-stores.js')['connectRedisStores']>>;

/** With --redis, replicas share rate budgets, caps, the breaker, approvals and the key that signs
 * confirmation state; an unreachable Redis stops the start (no silent fall back to memory). */
async function connectStores(s: Started, readiness: Readiness): Promise<Stores | undefined> {
  const { config, logger, closers } = s;
  if (!config.redis) return undefined;
  const { RedisUnavailableError, connectRedisStores, redactRedisUrl } = await import('./policies/redis-stores.js');
  let stores: Stores;
  try {
    stores = await connectRedisStores(config.redis.url, { ...(config.redis.prefix && { prefix: config.redis.prefix }), logger });
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw new ConfigError(err.message);
    throw err;
  }
  closers.add(() => stores.close());
  readiness.register('redis', redisCheck(stores.redis));
  logger.info('sharing state through Redis', { redis: redactRedisUrl(config.redis.url), prefix: stores.prefix });
  return stores;
}

/** The approval console runs when the policy offers it as a channel; it has its own loopback port
 * and an operator token the model never sees (stderr and a 0600 file only). */
async function startApprovals(s: Started, shared: ApprovalStore | undefined, feed: Feed | undefined): Promise<{ store?: ApprovalStore; url?: string }> {
  const { config, logger, closers } = s;
  const usesConsole = config.policy.channels.includes('console') || config.policy.rules.some((r) => r.channels?.includes('console'));
  if (!usesConsole) return {};
  const [{ MemoryApprovalStore }, { startConsole }, { resolveConsoleToken }, { ApproverRegistry }, { evidenceFor, targetsFromFacts }] = await Promise.all([
    import('./policies/approvals.js'), import('./console/server.js'), import('./console/token.js'), import('./console/approvers.js'), import('./feed/evidence.js'),
  ]);
  const store = shared ?? new MemoryApprovalStore();
  const { token, file } = resolveConsoleToken({ ...(config.consoleToken && { token: config.consoleToken }), stateDir: config.stateDir });
  logger.addSecret(token);
  const started = await startConsole({
    store, token, port: config.consolePort, logger,
    approvers: new ApproverRegistry(config.stateDir),
    tokenFallback: config.consoleTokenFallback === true,
    ...(config.consoleRpId && { rpId: config.consoleRpId }),
    ...(config.consoleOrigin && { origin: config.consoleOrigin }),
    ...(feed && { evidence: (a) => evidenceFor(feed, targetsFromFacts(a.facts)) }),
  });
  closers.add(() => started.close());
  // The operator token is never printed: stderr is readable by whoever started the server (an
  // agent, in stdio mode). Decisions need an approver's passkey; the token signs in only through
  // the fallback, and then only from the operator's own file or configuration.
  s.notice(
    `Approval console: ${started.url}/\n` +
      '  approvers sign in with a passkey; enrol one with: tencent-live-mcp approvers add NAME\n' +
      (config.consoleTokenFallback ? `  operator-token fallback (no passkey) is ON: the token is in ${file ?? 'TENCENT_LIVE_CONSOLE_TOKEN'}\n` : ''),
  );
  return { store, url: started.url };
}

async function policyRuntime(
  s: Started,
  o: { audit: FileAuditLog; budgetOwner: number; stores: Stores | undefined; approvals: { store?: ApprovalStore; url?: string } },
): Promise<PolicyRuntime> {
  const { config, logger } = s;
  // OpenTelemetry only when asked for: the API is imported then, never otherwise.
  let otel;
  if (config.telemetry) {
    const { TelemetryUnavailableError, loadTelemetry } = await import('./telemetry/otel.js');
    otel = await loadTelemetry({ transport: config.http ? 'tcp' : 'pipe' }).catch((err: unknown) => {
      throw err instanceof TelemetryUnavailableError ? new ConfigError(err.message) : err;
    });
  }
  const webhook = config.webhook ? (await import('./console/channel.js')).webhookSender(config.webhook) : undefined;
  const runtime = createPolicyRuntime({
    ...(otel && { telemetry: otel }),
    ...o.stores?.runtimeOptions,
    policy: config.policy,
    audit: o.audit,
    budgetOwner: o.budgetOwner,
    ...(o.approvals.store && { approvals: o.approvals.store }),
    ...(o.approvals.url && { consoleUrl: o.approvals.url }),
    ...(webhook && { webhook }),
    ...(config.shadow && { shadow: true }),
  });
  otel?.instrumentRuntime(runtime);
  if (config.shadow) logger.warn('shadow mode: non-read calls are decided, asked and audited, and none is sent to Tencent');
  return runtime;
}

interface Served {
  client: LiveClient;
  /** The configured tools, less the TRTC ones when there is no Tencent Cloud API credential. */
  tools: ToolDef[];
  runtime: PolicyRuntime;
  codec: ReturnType<typeof createConfirmStateCodec>;
  feed: Feed | undefined;
  readiness: Readiness;
  eventStore?: import('./http/redis-event-store.js').RedisEventStore;
  sessionDirectory?: import('./http/session-directory.js').RedisSessionDirectory;
}

/** Streamable HTTP: the server builds its own McpServer instances (per request, or per 2025-era
 * session) around this one runtime. Client tokens stay in the HTTP layer; never sent to Tencent. */
async function serveHttp(s: Started, o: Served): Promise<string> {
  const { config, logger, closers } = s;
  const http = config.http!;
  const { startHttpServer } = await import('./http/server.js');
  let handle;
  try {
    handle = await startHttpServer({
      client: o.client,
      logger,
      tools: o.tools,
      runtime: o.runtime,
      codec: o.codec,
      host: http.host,
      port: http.port,
      ...(http.token && { token: http.token }),
      ...(http.oauth && { oauth: http.oauth }),
      ...(http.publicUrl && { publicUrl: http.publicUrl }),
      ...(http.allowedHosts && { allowedHosts: http.allowedHosts }),
      ...(http.allowedOrigins && { allowedOrigins: http.allowedOrigins }),
      ...(o.feed && { feed: o.feed }),
      readiness: o.readiness,
      ...(config.sandbox && { reconnectionProbe: true }),
      ...(o.eventStore && { eventStore: o.eventStore }),
      ...(o.sessionDirectory && { sessionDirectory: o.sessionDirectory }),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new ConfigError(`cannot listen on ${http.host}:${http.port} (${code}); choose another --host or --port.`);
    }
    throw err;
  }
  const { url, close } = handle;
  closers.add(close);
  const auth = http.oauth ? `OAuth tokens from ${http.oauth.issuer}` : http.token ? 'bearer token required' : 'no authentication (loopback only)';
  s.notice(`MCP over Streamable HTTP: ${url}  (${auth})\n`);
  logger.info('tencent-live-mcp ready on HTTP', { version: VERSION, sandbox: config.sandbox });
  return url;
}

/** Both protocol eras on stdio: the SDK's serveStdio reads the opening message (initialize for
 * 2025-era clients, a request with the 2026-07-28 envelope or server/discover otherwise) and pins
 * one server from the factory for the connection. */
async function serveOnStdio(s: Started, o: Served, transport: Transport | undefined): Promise<undefined> {
  const { config, logger, closers } = s;
  const [{ StdioServerTransport, serveStdio }, { createServer }] = await Promise.all([import('@modelcontextprotocol/server/stdio'), import('./server.js')]);
  const stdio = serveStdio(() => createServer({ client: o.client, logger, tools: o.tools, runtime: o.runtime, codec: o.codec, ...(o.feed && { feed: o.feed }) }), {
    transport: transport ?? new StdioServerTransport(),
    onerror: (err) => logger.debug('stdio', { error: err.message }),
  });
  closers.add(() => stdio.close());
  logger.info('tencent-live-mcp ready on stdio', { version: VERSION, sandbox: config.sandbox });
  return undefined;
}

/** The callback receiver and room event feed; with --sandbox, the emulator's callbacks and traffic. */
async function startFeed(s: Started, fc: FeedConfig, sdkAppId: number, sandbox: Sandbox | undefined): Promise<{ feed?: Feed; url?: string }> {
  const { config, logger, closers } = s;
  const [{ createFeed }, { HoldRulesSchema }, { startCallbackListener }, { DEMO_HOLDS, TRAFFIC_ROOMS }] = await Promise.all([
    import('./feed/index.js'), import('./feed/holds.js'), import('./feed/http.js'), import('./sandbox/traffic.js'),
  ]);
  // The sandbox signs its callbacks with a token made for this run, unless one is configured.
  const token = fc.token ?? (sandbox && !fc.unsigned ? randomBytes(24).toString('hex') : undefined);
  if (token) logger.addSecret(token);
  else logger.warn('accepting Tencent callbacks WITHOUT a signature (--callback-unsigned): anyone who can reach the receiver can write into the feed and the held queue');
  const holds = config.policy.holds ?? (sandbox ? HoldRulesSchema.parse(DEMO_HOLDS) : undefined);
  const dbFile = sandbox && !config.feedDbSet ? fc.dbFile.replace(/feed\.sqlite$/, 'sandbox-feed.sqlite') : fc.dbFile;
  // With --redis the feed is shared by every replica (src/feed/redis-store.ts); SQLite otherwise.
  const shared = config.redis
    ? await (await import('./feed/shared.js')).connectSharedFeed(config.redis, logger).catch((err: Error) => { throw new ConfigError(err.message); })
    : undefined;
  const feed = createFeed({ file: dbFile, sdkAppId, ...(token && { token }), ...(holds && { holds }), logger, ...(shared && { store: shared }) });
  closers.add(() => feed.close());
  logger.info('room event feed', { db: shared ? 'redis' : dbFile, holdRules: holds ? 'on' : 'none' });
  if (fc.port === undefined) return { feed };
  let listener;
  try {
    listener = await startCallbackListener(feed.receiver, { host: fc.host, port: fc.port, logger });
  } catch (err) {
    throw new ConfigError(`cannot listen for callbacks on ${fc.host}:${fc.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another --callback-port.`);
  }
  closers.add(() => listener.close());
  s.notice(`Tencent callbacks: ${listener.url}\n`);
  if (sandbox) {
    sandbox.callbacks.setTarget({ url: listener.url, ...(token && { token }) });
    const traffic = sandbox.traffic({ rate: fc.trafficRate });
    if (fc.traffic) {
      traffic.start();
      closers.add(() => traffic.stop());
      s.notice(`Simulated viewers: ${fc.trafficRate} action(s)/s in ${TRAFFIC_ROOMS.join(', ')} (--no-traffic to stop them)\n`);
    }
  }
  return { feed, url: listener.url };
}
