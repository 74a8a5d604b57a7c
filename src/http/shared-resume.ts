// Resuming a 2025-era stream on a replica that does not hold its session (`--redis`).
//
// A client whose stream dropped reconnects with GET + Mcp-Session-Id + Last-Event-ID, and a load
// balancer may send that GET to any replica. The session (its McpServer, its open call) lives in
// the replica that opened it, but every event that session sends is in the shared event store.
// So a replica without the session, once the session directory confirms the caller is the
// session's owner and the event id is one of that session's, answers the GET itself: it replays
// the events after Last-Event-ID, then follows the stream in the store (polling) until the
// answer it carries has been sent or MAX_WAIT_MS passes, and ends the stream. The client's own
// reconnection logic does the rest: a stream that ended without the answer is resumed again,
// from the last event id it received.
//
// What it cannot do: serve a new POST (a tool call, an elicitation answer) for the session. Those
// need the session's McpServer and still have to reach the replica that holds it (sticky routing
// by Mcp-Session-Id).
//
// Every refusal (unknown session, another caller's session, an event id that is unknown, expired
// or another session's) is the same "Session not found" the caller would get anyway, so a probe
// learns nothing about which sessions or events exist.
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.js';
import { sessionEventStore } from './session-events.js';
import type { SessionDirectory } from './session-directory.js';

/** How long a replica follows a resumed stream for an answer still to come (ms). */
export const MAX_WAIT_MS = 60_000;
/** How often it looks in the store for new events of that stream (ms). */
export const POLL_MS = 250;
/** A comment line this often keeps idle proxies from cutting the stream (ms). */
export const KEEP_ALIVE_MS = 15_000;
/** Streams one replica follows at once, and per session: each one polls the store while open. */
export const MAX_STREAMS = 1000;
export const MAX_STREAMS_PER_SESSION = 4;

export interface SharedResumeOptions {
  store: EventStore;
  directory: SessionDirectory;
  logger: Logger;
  /** The `retry` field sent on the stream (ms), as the holding replica sends it. */
  retryMs: number;
  maxWaitMs?: number;
  pollMs?: number;
  keepAliveMs?: number;
  maxStreams?: number;
  maxStreamsPerSession?: number;
}

const isResponse = (m: JSONRPCMessage): boolean => 'id' in m && ('result' in m || 'error' in m);

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class SharedResume {
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private readonly keepAliveMs: number;
  /** Streams being followed, ended on close(). */
  private readonly open = new Set<AbortController>();
  private readonly perSession = new Map<string, number>();

  constructor(private readonly o: SharedResumeOptions) {
    this.maxWaitMs = o.maxWaitMs ?? MAX_WAIT_MS;
    this.pollMs = o.pollMs ?? POLL_MS;
    this.keepAliveMs = o.keepAliveMs ?? KEEP_ALIVE_MS;
  }

  get following(): number {
    return this.open.size;
  }

  /**
   * The SSE answer to a reconnecting GET for a session this replica does not hold, or undefined
   * when it is not one this replica may resume (the caller then answers "Session not found").
   * Throws when the shared store cannot be read.
   */
  async resume(request: Request, sessionId: string, owner: string): Promise<Response | undefined> {
    const lastEventId = request.headers.get('last-event-id');
    if (request.method !== 'GET' || !lastEventId || !request.headers.get('accept')?.includes('text/event-stream')) return undefined;
    // Owner first: nothing about another caller's session (its events included) is looked up.
    if (!(await this.o.directory.ownedBy(sessionId, owner))) return undefined;
    const events = sessionEventStore(this.o.store, sessionId);
    if ((await events.getStreamIdForEventId?.(lastEventId)) === undefined) return undefined;
    // Only the owner gets here, so saying "too many" reveals nothing to anyone else.
    if (this.open.size >= (this.o.maxStreams ?? MAX_STREAMS)) {
      return Response.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Too many resumed streams on this server; try again later' }, id: null }, { status: 503, headers: { 'retry-after': '5' } });
    }
    if ((this.perSession.get(sessionId) ?? 0) >= (this.o.maxStreamsPerSession ?? MAX_STREAMS_PER_SESSION)) {
      return Response.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Conflict: too many resumed streams for this session' }, id: null }, { status: 409 });
    }
    this.o.logger.debug('stream resumed from the shared event store', { session: sessionId, caller: owner });
    return this.stream(request, events, sessionId, lastEventId);
  }

  private stream(request: Request, events: EventStore, sessionId: string, lastEventId: string): Response {
    const stop = new AbortController();
    this.open.add(stop);
    this.perSession.set(sessionId, (this.perSession.get(sessionId) ?? 0) + 1);
    const onAbort = () => stop.abort();
    request.signal.addEventListener('abort', onAbort, { once: true });
    const encoder = new TextEncoder();
    const version = request.headers.get('mcp-protocol-version');
    const out = { lastWrite: Date.now(), write: (_text: string) => {} };
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const write = (out.write = (text: string) => {
          if (stop.signal.aborted) return;
          controller.enqueue(encoder.encode(text));
          out.lastWrite = Date.now();
        });
        // `retry` as the holding replica sends it. The client's own Last-Event-ID comes back as a
        // priming event, so a stream that ends before anything new arrived still tells the client
        // where to resume from; as in the SDK, only for clients that read empty data (2025-11-25+).
        write(version !== null && version >= '2025-11-25' ? `id: ${lastEventId}\nretry: ${this.o.retryMs}\ndata: \n\n` : `retry: ${this.o.retryMs}\n\n`);
        void this.follow(events, lastEventId, out, stop.signal)
          .catch((err: unknown) => {
            // The events expired or were trimmed away meanwhile, or the store failed: the stream
            // ends here and the client resumes from the last id it received (or calls again).
            this.o.logger.debug('resumed stream ended early', { session: sessionId, error: err instanceof Error ? err.message : String(err) });
          })
          .finally(() => {
            this.open.delete(stop);
            const left = (this.perSession.get(sessionId) ?? 1) - 1;
            if (left > 0) this.perSession.set(sessionId, left);
            else this.perSession.delete(sessionId);
            request.signal.removeEventListener('abort', onAbort);
            if (!stop.signal.aborted) stop.abort();
            try {
              controller.close();
            } catch { /* already cancelled */ }
          });
      },
      cancel: () => stop.abort(),
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'mcp-session-id': sessionId,
      },
    });
  }

  /** Sends what the store holds after `from`, then what arrives, until an answer was sent or time is up. */
  private async follow(events: EventStore, from: string, out: { lastWrite: number; write: (text: string) => void }, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.maxWaitMs;
    let last = from;
    while (!signal.aborted) {
      let answered = false;
      await events.replayEventsAfter(last, {
        send: async (eventId, message) => {
          out.write(`event: message\nid: ${eventId}\ndata: ${JSON.stringify(message)}\n\n`);
          last = eventId;
          if (isResponse(message)) answered = true;
        },
      });
      // A POST stream carries the answer to its request; once it is out, the stream is done (the
      // holding replica ends it there too). The standalone stream carries no answer and ends on time.
      if (answered || Date.now() >= deadline) return;
      if (Date.now() - out.lastWrite >= this.keepAliveMs) out.write(': keepalive\n\n');
      await pause(Math.min(this.pollMs, Math.max(0, deadline - Date.now())), signal);
    }
  }

  /** Ends every stream being followed (shutdown). */
  close(): void {
    for (const stop of this.open) stop.abort();
  }
}
