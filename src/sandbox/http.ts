// The sandbox over real loopback HTTP: bytes in, dispatch, bytes out. Keep-alive is on (Tencent
// recommends pooled keep-alive connections, and the client's undici pool relies on it).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CODES } from './errors.js';
import type { HandleInput, HandleOutput } from './dispatch.js';
import { applyFault, type Faults } from './faults.js';

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox has no real credentials and should not face a network. */
  host?: string;
}

export interface SandboxServer {
  /** e.g. 'http://127.0.0.1:53127', to use as TENCENT_LIVE_ENDPOINT. */
  url: string;
  close(): Promise<void>;
}

/** Larger bodies are refused; nothing the API takes comes near it (metadata tops out at 16 KB). */
const MAX_BODY_BYTES = 1024 * 1024;
/** Idle keep-alive sockets live this long; longer than undici's default 4 s client-side timeout. */
const KEEP_ALIVE_MS = 65_000;

function send(res: ServerResponse, out: HandleOutput): void {
  const text = JSON.stringify(out.body);
  res.writeHead(out.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function failBody(code: number, info: string): HandleOutput['body'] {
  return { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info, RequestId: '' };
}

export function serveHttp(handle: (input: HandleInput) => HandleOutput, opts: ListenOptions = {}, faults?: Faults): Promise<SandboxServer> {
  // Fault timers (latency, hangs) are cleared on close so a held answer cannot keep a process alive.
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer({ keepAlive: true }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        if (!refused) send(res, { status: 413, body: failBody(CODES.HTTP_PARSE, `request body exceeds ${MAX_BODY_BYTES} bytes`) });
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      } catch {
        send(res, { status: 200, body: failBody(CODES.HTTP_PARSE, 'URL could not be parsed') });
        return;
      }
      const run = () => handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        bodyText: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
      });
      const fault = faults?.take(url.pathname).fault;
      if (!fault) return send(res, run());
      const open = () => !res.destroyed && !req.socket.destroyed;
      applyFault(fault, {
        run,
        send: (out) => { if (open()) send(res, out); },
        sendRaw: (status, type, text) => {
          if (!open()) return;
          res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
          res.end(text);
        },
        reset: () => req.socket.destroy(),
        later: (ms, fn) => {
          const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
          timers.add(t);
        },
      });
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () => new Promise<void>((done, fail) => {
          for (const t of timers) clearTimeout(t);
          timers.clear();
          server.close((err) => (err ? fail(err) : done()));
          // Keep-alive sockets would hold close() open until they idle out.
          server.closeAllConnections();
        }),
      });
    });
  });
}
