// A LiveClient that records what the tools layer would send and answers from a script. For
// policy tests that must prove what was (not) sent; end-to-end tests use the sandbox instead.
import type { Endpoint } from '../../src/catalog/endpoints.js';
import type { CallOptions, CallResult, LiveClient } from '../../src/client/types.js';

export interface RecordedCall { command: string; body: Record<string, unknown>; opts: CallOptions }

export function recordingClient(answer: (command: string, body: Record<string, unknown>) => Record<string, unknown> = () => ({})) {
  const calls: RecordedCall[] = [];
  let n = 0;
  const client: LiveClient = {
    async call(ep: Endpoint, body: Record<string, unknown>, opts: CallOptions): Promise<CallResult> {
      calls.push({ command: ep.command, body, opts });
      return { body: answer(ep.command, body), requestId: `req-${++n}` };
    },
    async close() {},
  };
  return { client, calls };
}
