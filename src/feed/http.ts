// Moves bytes between HTTP and the receiver: bounded bodies, a JSON answer for everything, and a
// listener of its own for stdio deployments (--callback-port). Mounted at CALLBACK_PATH on the
// --http server too.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { CallbackAnswer, Receiver } from './receiver.js';

export const CALLBACK_PATH = '/tencent/callback';
/**
 * Tencent documents no size for callback bodies; a chat message's body is far smaller, and a seat
 * list of a few dozen seats too. Larger bodies are refused before they are buffered.
 */
export const MAX_CALLBACK_BYTES = 64 * 1024;

function send(res: ServerResponse, a: CallbackAnswer): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Handles one request at CALLBACK_PATH; never throws. */
export function handleCallbackRequest(receiver: Receiver, req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (a: CallbackAnswer) => { if (!done) { done = true; send(res, a); } };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_CALLBACK_BYTES) {
    finish({ status: 413, body: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: `body larger than ${MAX_CALLBACK_BYTES} bytes` } });
    req.resume();
    return;
  }
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_CALLBACK_BYTES) {
      finish({ status: 413, body: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: `body larger than ${MAX_CALLBACK_BYTES} bytes` } });
      chunks.length = 0;
      return;
    }
    if (!done) chunks.push(c);
  });
  req.on('error', () => { done = true; });
  req.on('end', () => {
    if (done) return;
    void (async () => {
      let answer: CallbackAnswer;
      try {
        const url = new URL(req.url ?? '/', 'http://callback.invalid');
        answer = await receiver.handle(req.method ?? 'GET', url.searchParams, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        // A bug or a store failure (Redis down) must not take the process down or leave Tencent waiting.
        logger.error('callback handling failed', { error: err instanceof Error ? err.message : String(err) });
        answer = { status: 500, body: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'internal error' } };
      }
      finish(answer);
    })();
  });
}

export interface CallbackListener { url: string; close(): Promise<void> }

/** A listener serving only CALLBACK_PATH, for stdio deployments and the sandbox. */
export function startCallbackListener(receiver: Receiver, opts: { host: string; port: number; logger: Logger }): Promise<CallbackListener> {
  const server = createServer({ keepAlive: true, requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => {
    const path = (() => { try { return new URL(req.url ?? '/', 'http://x').pathname; } catch { return ''; } })();
    if (path !== CALLBACK_PATH) {
      send(res, { status: 404, body: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: `callbacks are served at ${CALLBACK_PATH}` } });
      req.resume();
      return;
    }
    handleCallbackRequest(receiver, req, res, opts.logger);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}${CALLBACK_PATH}`,
        close: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}
