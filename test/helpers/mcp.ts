// Connects a real MCP Client to createServer(...) in-process, in either protocol era:
// 'legacy' = a 2025-era session over a linked in-memory pair (elicitation pushed by the SDK shim),
// 'modern' = 2026-07-28 requests through createMcpHandler's fetch (input_required rounds).
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { McpServer } from '@modelcontextprotocol/server';

export type Era = 'legacy' | 'modern';
export type ElicitAnswer = { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' } | { action: 'cancel' };

export interface Connected {
  client: Client;
  /** Every form the client was shown, in order. */
  forms: Array<{ message: string; requestedSchema: unknown }>;
  close(): Promise<void>;
}

export async function connect(
  makeServer: () => McpServer,
  { era = 'legacy', elicit }: { era?: Era; elicit?: (form: { message: string; requestedSchema: unknown }) => ElicitAnswer } = {},
): Promise<Connected> {
  const forms: Connected['forms'] = [];
  const client = new Client(
    { name: 'test-host', version: '1.0.0' },
    { capabilities: elicit ? { elicitation: { form: {} } } : {}, ...(era === 'modern' && { versionNegotiation: { mode: 'auto' } }) } as never,
  );
  if (elicit) {
    client.setRequestHandler('elicitation/create', async (request) => {
      const form = { message: String(request.params.message), requestedSchema: (request.params as { requestedSchema?: unknown }).requestedSchema };
      forms.push(form);
      return elicit(form) as never;
    });
  }
  if (era === 'legacy') {
    const server = makeServer();
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    await client.connect(ct);
    return { client, forms, close: async () => { await client.close(); await server.close(); } };
  }
  const handler = createMcpHandler(makeServer);
  const transport = new StreamableHTTPClientTransport(new URL('http://test.local/mcp'), {
    fetch: (url, init) => handler.fetch(new Request(url, init)),
  });
  await client.connect(transport);
  return { client, forms, close: async () => { await client.close(); await handler.close(); } };
}
