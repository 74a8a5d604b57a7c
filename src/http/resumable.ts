// Two pieces that make 2025-era HTTP streams resumable in practice, beside the event store:
//
// - Priming by the session's version. The SDK opens a stream with a priming event (an id and
//   empty data, plus `retry`) only when the request's MCP-Protocol-Version header is 2025-11-25 or
//   later, because older clients choke on empty data. Some clients negotiate 2025-11-25 at
//   initialize and then send an older header; what the client declared at initialize is what it
//   can read, so the session's version counts too. (The SDK keeps this check private; if a future
//   SDK renames it, nothing is patched and the header alone decides, as before.)
// - A reconnection probe for the sandbox: `test_reconnection` closes its own stream before
//   answering, so a client (or the conformance suite) can check that it resumes with
//   Last-Event-ID and still receives the answer. Offered only with --sandbox.
import type { McpServer, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';

type Probe = { supportsEmptySSEData?: (version: string | null | undefined) => boolean };

export function primeBySessionVersion(transport: WebStandardStreamableHTTPServerTransport, initializeBody: unknown): void {
  const declared = (initializeBody as { params?: { protocolVersion?: unknown } } | undefined)?.params?.protocolVersion;
  const t = transport as unknown as Probe;
  const inner = t.supportsEmptySSEData;
  if (typeof inner !== 'function' || typeof declared !== 'string') return;
  t.supportsEmptySSEData = (version) => inner.call(transport, version) || inner.call(transport, declared);
}

export const RECONNECTION_PROBE = 'test_reconnection';

export function registerReconnectionProbe(server: McpServer): void {
  server.registerTool(
    RECONNECTION_PROBE,
    {
      title: 'Check stream resumption (sandbox only)',
      description: 'Sandbox only: closes this call\'s event stream before answering, so the client must reconnect with Last-Event-ID to receive the answer. Changes nothing.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (ctx) => {
      ctx.http?.closeSSE?.();
      return { content: [{ type: 'text', text: 'The stream was closed before this answer; it arrived by resumption.' }] };
    },
  );
}
