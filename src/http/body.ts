// The /mcp request body, read and parsed once. The SDK's Node adapter would read the stream into
// a web Request, and route() then cloned that Request and parsed its body to check token scopes
// and pick the protocol era: two reads, a tee of the stream and two parses per call. Reading it
// here and handing the parsed body on (toNodeHandler's third argument, then the McpHandler's
// parsedBody option) lets every later step use the one parse.
import type { IncomingMessage } from 'node:http';
import { isJsonContentType } from '@modelcontextprotocol/server';

export type McpBody =
  /** Nothing read: not a POST with a JSON content type; the SDK reads (and refuses) it as before. */
  | { kind: 'unread' }
  | { kind: 'parsed'; body: unknown }
  /** Read but not JSON: the SDK answers its own parse error from `text`. */
  | { kind: 'invalid'; text: string }
  | { kind: 'too-large' };

export async function readMcpBody(req: IncomingMessage, maxBytes: number): Promise<McpBody> {
  if (req.method !== 'POST' || !isJsonContentType(req.headers['content-type'] ?? null)) return { kind: 'unread' };
  // The same two checks as the SDK's adapter: a declared length, then the bytes as they arrive.
  if (Number(req.headers['content-length']) > maxBytes) return { kind: 'too-large' };
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += buf.byteLength;
    if (received > maxBytes) return { kind: 'too-large' };
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { kind: 'parsed', body: JSON.parse(text) };
  } catch {
    return { kind: 'invalid', text };
  }
}

/** A web Request for a body already read from `req` (the stream is spent). */
export function webRequestWithText(req: IncomingMessage, text: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':') || name === 'content-length' || name === 'transfer-encoding') continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: text });
}
