// MCP over Streamable HTTP at /mcp, both protocol eras from one endpoint:
//   2026-07-28 requests (server/discover, a _meta envelope on every request, input_required rounds)
//     → the SDK's createMcpHandler, stateless: a fresh McpServer per request;
//   2025-era requests (initialize, Mcp-Session-Id, elicitation/create pushed to the client)
//     → sessions.ts, one McpServer per session.
// isLegacyRequest — the SDK's own classifier — decides per request. In front of both, in order:
// Host check (DNS rebinding), Origin check, authentication, a body-size limit and, with OAuth, the
// per-tool scope check. Every server instance shares one PolicyRuntime and one confirm-state codec;
// nothing the policy counts lives in this module.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  isJsonContentType,
  isLegacyRequest,
  validateHostHeader,
  type AuthInfo,
  type EventStore,
  type McpHandlerRequestOptions,
} from '@modelcontextprotocol/server';
import type { LiveClient } from '../client/types.js';
import { silentLogger, type Logger } from '../logger.js';
import { createConfirmStateCodec, type ConfirmStateCodec } from '../policies/confirm.js';
import type { PolicyRuntime } from '../policies/runtime.js';
import { createServer } from '../server.js';
import { TOOLS } from '../tools/index.js';
import type { Effect, ToolDef } from '../tools/types.js';
import { callerOf, createAuthenticator, scopeChallengeFor, scopeChallengeResponse, staticTokenVerifier, type Authenticator } from './auth.js';
import { allowedHostnames, isLoopbackHost, originChecker, urlHost } from './hosts.js';
import { jwtVerifier, protectedResourceMetadata, type OAuthOptions } from './oauth.js';
import { Readiness, serveHealth } from './health.js';
import { LegacySessions } from './sessions.js';
import { MemoryEventStore } from './event-store.js';
import type { SessionDirectory } from './session-directory.js';

import type { Feed } from '../feed/index.js';
import { CALLBACK_PATH, handleCallbackRequest } from '../feed/http.js';
import { readMcpBody, webRequestWithText } from './body.js';

export const MCP_PATH = '/mcp';
export const DEFAULT_HTTP_PORT = 3000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const PRM_PATHS = new Set(['/.well-known/oauth-protected-resource', `/.well-known/oauth-protected-resource${MCP_PATH}`]);

export interface HttpServerOptions {
  client: LiveClient;
  runtime: PolicyRuntime;
  logger?: Logger;
  /** The tools to expose (after toolset filtering); the whole catalog by default. */
  tools?: readonly ToolDef[];
  /** Signs confirmation state; replicas must share its key. Default: one per call of this function. */
  codec?: ConfirmStateCodec;
  /** Default 127.0.0.1. Anything else needs `token` or `oauth`. */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** A static bearer token required on every /mcp request. */
  token?: string;
  /** OAuth resource-server mode (instead of `token`). */
  oauth?: OAuthOptions;
  /** Host header names to accept; see hosts.ts for the default. */
  allowedHosts?: string[];
  /** Extra browser origins allowed (exact scheme://host[:port]); loopback origins always are. */
  allowedOrigins?: string[];
  /** The URL clients use, e.g. https://live-mcp.example.com/mcp behind a TLS proxy. */
  publicUrl?: string;
  /** Larger request bodies are answered 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Slow clients: time allowed for the request headers, and for the whole request (ms). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** 2025-era sessions: how many at once, and how long an idle one lives. */
  sessions?: { max?: number; idleMs?: number };
  eventStore?: EventStore;
  /** With a shared eventStore: the deployment's session records, so any replica can resume a stream. */
  sessionDirectory?: SessionDirectory;
  /** The room event feed: its tools, and Tencent's callbacks at CALLBACK_PATH (signed, so no bearer token). */
  feed?: Feed;
  /** Sandbox only: offer test_reconnection, a tool that closes its stream before answering. */
  reconnectionProbe?: boolean;
  /** How long close() waits for open streams before cutting them (ms, default 5000). */
  shutdownGraceMs?: number;
  /** The named checks behind /readyz; components register theirs on it. Default: an empty set. */
  readiness?: Readiness;
}

export interface HttpServerHandle {
  /** The MCP endpoint as bound, e.g. http://127.0.0.1:3000/mcp. */
  url: string;
  port: number;
  host: string;
  /** The checks behind /readyz (register more with readiness.register(name, check)). */
  readiness: Readiness;
  close(): Promise<void>;
}

type NodeRequest = IncomingMessage & { auth?: AuthInfo };

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function sendWeb(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => { headers[k] = v; });
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

const rpcError = (message: string) => ({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

const ALLOWED_HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/** Browser clients: an allowed Origin may read our answers and the MCP headers. */
function applyCors(req: IncomingMessage, res: ServerResponse, origin: string): boolean {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate');
  if (req.method !== 'OPTIONS') return false;
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': typeof asked === 'string' && ALLOWED_HEADER_LIST.test(asked) ? asked : 'Authorization, Content-Type, Mcp-Session-Id, Mcp-Protocol-Version',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}

/** Starts the HTTP server and resolves once it is listening. */
export async function startHttpServer(o: HttpServerOptions): Promise<HttpServerHandle> {
  const logger = o.logger ?? silentLogger;
  const host = o.host ?? '127.0.0.1';
  const tools = o.tools ?? TOOLS;
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (o.token && o.oauth) throw new Error('Choose either a static bearer token or OAuth, not both.');
  if (!isLoopbackHost(host) && !o.token && !o.oauth) {
    throw new Error(`Refusing to serve MCP on ${host} without authentication: set a bearer token or OAuth, or bind to 127.0.0.1.`);
  }
  if (o.token) logger.addSecret(o.token);

  const codec = o.codec ?? createConfirmStateCodec();
  const readiness = o.readiness ?? new Readiness();
  const effects = new Map<string, Effect>(tools.map((t) => [t.name, t.effect]));
  const build = (onlyTool?: string) =>
    createServer({ client: o.client, logger, tools, codec, runtime: o.runtime, caller: (ctx) => callerOf(ctx.http?.authInfo), ...(o.feed && { feed: o.feed }), ...(onlyTool !== undefined && { onlyTool }) });
  /** The tool each stateless tools/call names, so its one-request server registers only that tool. */
  const calledTool = new WeakMap<Request, string>();

  const auth: Authenticator | undefined = o.oauth
    ? createAuthenticator('oauth', jwtVerifier(o.oauth))
    : o.token
      ? createAuthenticator('static-token', staticTokenVerifier(o.token))
      : undefined;
  const hosts = allowedHostnames({ host, ...(o.allowedHosts && { allowedHosts: o.allowedHosts }), ...(o.publicUrl && { publicUrl: o.publicUrl }) });
  if (!hosts) logger.warn('Host header not checked: bound to every interface with no --allowed-hosts or --public-url');
  const originAllowed = originChecker({ ...(o.allowedOrigins && { allowedOrigins: o.allowedOrigins }), ...(o.publicUrl && { publicUrl: o.publicUrl }) });

  const reportError = (err: Error) => {
    // The SDK reports every request it refuses (bad version, wrong content type) here too.
    const clientFault = /^(Rejected|Unsupported|Parse error|Payload Too Large)/.test(err.message);
    logger[clientFault ? 'debug' : 'warn']('mcp request error', { error: err.message });
  };
  const modern = createMcpHandler((ctx) => build(calledTool.get(ctx.requestInfo as Request)), { legacy: 'reject', maxRequestBodySize: maxBody, onerror: reportError });
  const sessions = new LegacySessions({
    build,
    logger,
    maxRequestBodySize: maxBody,
    ...(o.sessions?.max !== undefined && { maxSessions: o.sessions.max }),
    ...(o.sessions?.idleMs !== undefined && { idleMs: o.sessions.idleMs }),
    // Streams are resumable by default: events kept in memory unless a shared store is given.
    eventStore: o.eventStore ?? new MemoryEventStore(),
    ...(o.reconnectionProbe && { reconnectionProbe: true }),
    ...(o.eventStore && o.sessionDirectory && { directory: o.sessionDirectory }),
  });

  /** The web-standard /mcp endpoint, after the guards; the body is already read and size-checked. */
  async function route(request: Request, options?: McpHandlerRequestOptions): Promise<Response> {
    const authInfo = options?.authInfo;
    // handle() has usually parsed the body already (body.ts); parse here only for other callers.
    let parsedBody: unknown = options?.parsedBody;
    if (parsedBody === undefined && request.method === 'POST' && isJsonContentType(request.headers.get('content-type'))) {
      try {
        parsedBody = JSON.parse(await request.clone().text());
      } catch {
        parsedBody = undefined; // the SDK answers the parse error
      }
    }
    const challenge = scopeChallengeFor(parsedBody, authInfo, effects);
    if (challenge && authInfo) {
      logger.info('tool call outside the token scopes', { caller: callerOf(authInfo), scope: challenge.scopes.join(' ') });
      return scopeChallengeResponse(challenge, authInfo);
    }
    const withBody = { ...(authInfo && { authInfo }), ...(parsedBody !== undefined && { parsedBody }) };
    if (await isLegacyRequest(request, parsedBody, { maxRequestBodySize: maxBody })) return sessions.handle(request, authInfo, parsedBody);
    const called = toolCalled(parsedBody);
    if (called !== undefined) calledTool.set(request, called);
    return modern.fetch(request, withBody);
  }
  const mcp = toNodeHandler({ fetch: route }, { maxRequestBodySize: maxBody, onerror: reportError });

  /** The public URL of /mcp for this request: --public-url, or what the client called. */
  const resourceUrl = (req: IncomingMessage): string => o.publicUrl ?? `http://${req.headers.host ?? `${urlHost(host)}`}${MCP_PATH}`;

  let closing = false;
  async function handle(req: NodeRequest, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const path = pathOf(req);
    res.on('finish', () => logger.debug('http', { method: req.method, path, status: res.statusCode, ms: Date.now() - started, ...(req.auth && { caller: callerOf(req.auth) }) }));
    if (closing) return sendJson(res, 503, rpcError('Server is shutting down'), { connection: 'close' });
    // Tencent's callbacks authenticate with Sign (src/feed/signature.ts), not a bearer token, and
    // come with the public host name: they are answered before the MCP guards.
    if (o.feed && path === CALLBACK_PATH) return handleCallbackRequest(o.feed.receiver, req, res, logger);
    // Probes come from the orchestrator (any Host, no token) and learn only which checks pass.
    if (await serveHealth(req, res, path, readiness)) return;

    if (hosts) {
      const checked = validateHostHeader(req.headers.host, hosts);
      if (!checked.ok) return sendJson(res, 403, rpcError(checked.message));
    }
    // Public metadata, readable from any origin (browser-based clients discover the AS with it).
    if (o.oauth && PRM_PATHS.has(path)) {
      const cors = { 'access-control-allow-origin': '*' };
      if (req.method === 'OPTIONS') return sendJson(res, 204, null, { ...cors, 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-max-age': '600' });
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      return sendJson(res, 200, protectedResourceMetadata(resourceUrl(req), o.oauth.issuer), { ...cors, 'cache-control': 'max-age=3600' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!originAllowed(origin)) return sendJson(res, 403, rpcError(`Origin not allowed: ${origin.slice(0, 200)}`));
      if (applyCors(req, res, origin)) return;
    }
    if (path !== MCP_PATH) return sendJson(res, 404, rpcError(`Not found: MCP is served at ${MCP_PATH}`));

    if (auth) {
      const prm = auth.kind === 'oauth' ? getOAuthProtectedResourceMetadataUrl(new URL(resourceUrl(req))) : undefined;
      const header = req.headers.authorization;
      const verdict = await auth.authenticate(header, prm);
      if (verdict instanceof Response) {
        logger.info('unauthenticated request refused', { status: verdict.status, hadToken: header !== undefined });
        return sendWeb(res, verdict);
      }
      req.auth = verdict;
    }
    const body = await readMcpBody(req, maxBody);
    if (body.kind === 'too-large') return sendJson(res, 413, rpcError(`Payload Too Large: the request body exceeds ${maxBody} bytes`), { connection: 'close' });
    if (body.kind === 'invalid') return sendWeb(res, await route(webRequestWithText(req, body.text), { ...(req.auth && { authInfo: req.auth }) }));
    await mcp(req, res, body.kind === 'parsed' ? body.body : undefined);
  }

  const server = createHttpServer(
    {
      headersTimeout: o.headersTimeoutMs ?? 10_000,
      requestTimeout: o.requestTimeoutMs ?? 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        logger.error('http handler failed', { error: err instanceof Error ? err.message : String(err) });
        if (!res.headersSent) sendJson(res, 500, rpcError('Internal error'));
        else res.destroy();
      });
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? DEFAULT_HTTP_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await sessions.closeAll();
    await modern.close().catch(() => {});
    throw err;
  }
  server.on('clientError', (err, socket) => {
    // Malformed requests and header timeouts: answer if the socket still can, never crash.
    const code = (err as NodeJS.ErrnoException).code;
    if (socket.writable) socket.end(code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}${MCP_PATH}`;
  logger.info('MCP over Streamable HTTP', { url, auth: auth?.kind ?? 'none (loopback only)', ...(o.publicUrl && { publicUrl: o.publicUrl }) });

  return {
    url,
    port,
    host,
    readiness,
    async close() {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await modern.close().catch(() => {});
      await sessions.closeAll();
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), o.shutdownGraceMs ?? 5_000);
      cut.unref();
      await stopped;
      clearTimeout(cut);
    },
  };
}

/** The tool name of a single JSON-RPC tools/call request, if that is what the body is. */
function toolCalled(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { method, params } = body as { method?: unknown; params?: { name?: unknown } };
  return method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined;
}
