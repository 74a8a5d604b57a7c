// Shared plumbing for the HTTP tests: the sandbox on loopback, the signed client pointed at it, the
// MCP HTTP server in-process on port 0, real MCP clients of either era, and raw requests for the
// answers a client library would hide (403, 401, 413).
import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createRestClient } from '../../src/client/rest-client.js';
import { startHttpServer, type HttpServerOptions } from '../../src/http/server.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { createSandbox } from '../../src/sandbox/index.js';
import type { ElicitAnswer } from './mcp.js';

export async function startStack(options: Partial<HttpServerOptions> = {}) {
  const sandbox = createSandbox({ seed: 'demo', rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const client = createRestClient({ ...sandbox.credentials, endpoint: listening.url });
  const audit = new MemoryAuditLog();
  const runtime = createPolicyRuntime({ audit });
  const http = await startHttpServer({ client, runtime, port: 0, ...options });
  const sent = (command: string) => sandbox.requests.filter((r) => r.command === command);
  return {
    sandbox,
    audit,
    runtime,
    http,
    url: http.url,
    sent,
    async close() {
      await http.close();
      await client.close();
      await listening.close();
    },
  };
}

export interface McpConnection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  forms: Array<{ message: string }>;
  close(): Promise<void>;
}

/** A real SDK client: 'modern' negotiates (server/discover), 'legacy' is the default 2025 handshake. */
export async function connectHttp(
  url: string,
  { era, headers = {}, elicit }: { era: 'modern' | 'legacy'; headers?: Record<string, string>; elicit?: () => ElicitAnswer },
): Promise<McpConnection> {
  const forms: McpConnection['forms'] = [];
  const client = new Client(
    { name: `http-test-${era}`, version: '1.0.0' },
    { capabilities: elicit ? { elicitation: { form: {} } } : {}, ...(era === 'modern' && { versionNegotiation: { mode: 'auto' } }) } as never,
  );
  if (elicit) {
    client.setRequestHandler('elicitation/create', async (req) => {
      forms.push({ message: String(req.params.message) });
      return elicit() as never;
    });
  }
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport, forms, close: () => client.close() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request with full control over Host, Origin, lengths and bodies. */
export function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer; path?: string } = {}): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path: o.path ?? u.pathname, method: o.method ?? 'POST', headers: o.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      // The server may answer 413 and close before the whole body is written.
      if ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET') return;
      reject(err);
    });
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** A 2025-era initialize body, for raw requests. */
export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

export const text = (r: { content?: unknown }) => ((r.content as Array<{ text?: string }>)?.[0]?.text ?? '');
