// The 2025-era leg: Streamable HTTP sessions (Mcp-Session-Id), one McpServer per session.
//
// Why sessions at all: a 2025-era client learns about a confirmation through a server-to-client
// `elicitation/create` request sent while its tools/call is still open, and answers it with a
// separate POST. Only a session routes that answer back to the server instance that asked; the
// SDK's stateless legacy fallback cannot. 2026-era clients need none of this (input_required rounds
// are stateless) and never reach this file.
//
// A session lives in this process: behind several replicas the proxy must route by the
// Mcp-Session-Id header (sticky sessions). Everything the policy counts or remembers lives in the
// PolicyRuntime the servers share, not here. The one request another replica can answer is a
// reconnecting GET with Last-Event-ID: with a shared event store and session directory (--redis),
// it is served from the store (shared-resume.ts).
import { randomUUID } from 'node:crypto';
import {
  WebStandardStreamableHTTPServerTransport,
  isInitializeRequest,
  type AuthInfo,
  type EventStore,
  type McpServer,
} from '@modelcontextprotocol/server';
import { sessionEventStore } from './session-events.js';
import type { Logger } from '../logger.js';
import { callerOf } from './auth.js';
import { primeBySessionVersion, registerReconnectionProbe } from './resumable.js';
import type { SessionDirectory } from './session-directory.js';
import { SharedResume } from './shared-resume.js';

/** The `retry` field of resumable streams (ms). */
export const RETRY_MS = 1000;

export interface LegacySessionOptions {
  build: () => McpServer;
  logger: Logger;
  /** Most sessions held at once; the least recently used idle one is dropped to make room. */
  maxSessions?: number;
  /** A session with no request and no open stream for this long is closed. */
  idleMs?: number;
  maxRequestBodySize: number;
  /** For resumable SSE streams across reconnects (a shared store lets replicas resume them). */
  eventStore?: EventStore;
  clock?: () => number;
  /** Offer the sandbox's test_reconnection tool in each session. */
  reconnectionProbe?: boolean;
  /**
   * The deployment's record of sessions and their owners (with a shared eventStore): sessions
   * opened here are recorded, and a stream of a session another replica holds is resumed here.
   */
  directory?: SessionDirectory;
}

interface Session {
  id: string;
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  /** Who opened it: a session is only ever served to the caller that created it. */
  owner: string;
  lastSeen: number;
  /** Requests and streams still open. */
  busy: number;
}

function jsonRpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status });
}

/** Calls `done` once when the response body has been sent or abandoned. */
function onBodyDone(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  const reader = response.body.getReader();
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await reader.read();
        if (r.done) {
          finish();
          controller.close();
        } else controller.enqueue(r.value);
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly maxSessions: number;
  private readonly idleMs: number;
  private readonly clock: () => number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly sweepMs: number;
  private readonly shared?: SharedResume;
  private closed = false;

  constructor(private readonly o: LegacySessionOptions) {
    this.maxSessions = o.maxSessions ?? 1000;
    this.idleMs = o.idleMs ?? 30 * 60_000;
    this.clock = o.clock ?? Date.now;
    this.sweepMs = Math.min(this.idleMs, 60_000);
    this.sweeper = setInterval(() => this.sweep(), this.sweepMs);
    this.sweeper.unref();
    if (o.directory && o.eventStore) {
      this.shared = new SharedResume({ store: o.eventStore, directory: o.directory, logger: o.logger, retryMs: RETRY_MS });
    }
  }

  /**
   * How long a directory record outlives the last sweep that saw its session open: the sweep
   * pushes it back every sweepMs, and closes the session after idleMs without use; a replica
   * that dies without deleting its records leaves them for at most this long.
   */
  private get recordTtlMs(): number {
    return this.idleMs + 2 * this.sweepMs;
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(request: Request, authInfo: AuthInfo | undefined, parsedBody: unknown): Promise<Response> {
    if (this.closed) return jsonRpcError(503, -32000, 'Server is shutting down');
    const owner = callerOf(authInfo) ?? 'anonymous';
    const id = request.headers.get('mcp-session-id');
    const options = { ...(authInfo && { authInfo }), ...(parsedBody !== undefined && { parsedBody }) };
    if (id) {
      const s = this.sessions.get(id);
      // A session another replica holds: a reconnecting stream can still be served from the store.
      if (!s && this.shared) {
        const resumed = await this.resumeShared(request, id, owner);
        if (resumed) return resumed;
      }
      // Another caller's session id is answered exactly like an unknown one.
      if (!s || s.owner !== owner) return jsonRpcError(404, -32001, 'Session not found');
      s.lastSeen = this.clock();
      s.busy++;
      let response: Response;
      try {
        response = await s.transport.handleRequest(request, options);
      } catch (err) {
        s.busy--;
        throw err;
      }
      return onBodyDone(response, () => {
        s.busy--;
        s.lastSeen = this.clock();
      });
    }
    if (request.method !== 'POST' || !isInitializeRequest(parsedBody)) {
      return jsonRpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required (send initialize first)');
    }
    if (this.sessions.size >= this.maxSessions && !this.evictOne()) {
      return jsonRpcError(503, -32000, 'Too many open sessions; try again later');
    }
    return this.open(request, owner, options);
  }

  private async resumeShared(request: Request, id: string, owner: string): Promise<Response | undefined> {
    try {
      return await this.shared!.resume(request, id, owner);
    } catch (err) {
      // The shared store did not answer: the same for every session id, so it reveals nothing.
      this.o.logger.warn('shared session store unavailable', { error: err instanceof Error ? err.message : String(err) });
      return jsonRpcError(503, -32000, 'Session store temporarily unavailable; try again');
    }
  }

  private async open(request: Request, owner: string, options: { authInfo?: AuthInfo; parsedBody?: unknown }): Promise<Response> {
    const server = this.o.build();
    if (this.o.reconnectionProbe) registerReconnectionProbe(server);
    let session: Session | undefined;
    let recorded: Promise<void> | undefined;
    const sessionId = randomUUID();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => sessionId,
      onsessioninitialized: (id) => {
        session = { id, transport, server, owner, lastSeen: this.clock(), busy: 0 };
        this.sessions.set(id, session);
        this.o.logger.debug('session opened', { session: id, caller: owner });
        recorded = this.o.directory?.record(id, owner, this.recordTtlMs).catch((err: unknown) => this.directoryFailed('record', err));
      },
      maxRequestBodySize: this.o.maxRequestBodySize,
      // Scoped to this session: one store serves them all, each replays only its own events.
      ...(this.o.eventStore && { eventStore: sessionEventStore(this.o.eventStore, sessionId) }),
      // With an event store each stream opens with a priming event; `retry` tells a client whose
      // stream dropped how soon to reconnect with Last-Event-ID (EventSource's own default is ~3 s).
      ...(this.o.eventStore && { retryInterval: RETRY_MS }),
    });
    if (this.o.eventStore) primeBySessionVersion(transport, options.parsedBody);
    // Chained by connect(): fires on DELETE, on close(), and on eviction.
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id && this.sessions.get(id)?.transport === transport) {
        this.sessions.delete(id);
        this.o.logger.debug('session closed', { session: id });
      }
      // Whatever closed it (DELETE, eviction, idleness, shutdown), no replica may resume it now.
      if (id && session) this.forget([id]);
    };
    await server.connect(transport);
    const response = await transport.handleRequest(request, options);
    // Recorded before the client learns the id, so a reconnect anywhere finds the record.
    await recorded;
    if (!session) {
      // initialize was refused (bad version, bad body): nothing to keep.
      await server.close().catch(() => {});
      return response;
    }
    const s = session;
    s.busy++;
    return onBodyDone(response, () => {
      s.busy--;
    });
  }

  /** Drops the least recently used idle session; false when every session is busy. */
  private evictOne(): boolean {
    let victim: Session | undefined;
    for (const s of this.sessions.values()) if (s.busy === 0 && (!victim || s.lastSeen < victim.lastSeen)) victim = s;
    if (!victim) return false;
    this.drop(victim);
    return true;
  }

  private drop(s: Session): void {
    this.sessions.delete(s.id);
    void s.server.close().catch(() => {});
  }

  private sweep(): void {
    const now = this.clock();
    for (const s of this.sessions.values()) if (s.busy === 0 && now - s.lastSeen > this.idleMs) this.drop(s);
    if (this.o.directory && this.sessions.size > 0) {
      this.o.directory.refresh([...this.sessions.keys()], this.recordTtlMs).catch((err: unknown) => this.directoryFailed('refresh', err));
    }
  }

  private forget(ids: string[]): Promise<void> {
    return this.o.directory?.forget(ids).catch((err: unknown) => this.directoryFailed('forget', err)) ?? Promise.resolve();
  }

  private directoryFailed(step: string, err: unknown): void {
    this.o.logger.warn('session directory not updated', { step, error: err instanceof Error ? err.message : String(err) });
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    this.shared?.close();
    await Promise.all(all.map((s) => s.server.close().catch(() => {})));
    // Awaited here (not only from onclose) so the records are gone before the store is closed.
    if (all.length > 0) await this.forget(all.map((s) => s.id));
  }
}
