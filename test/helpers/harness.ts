// End to end in one process: the sandbox on real loopback HTTP, the signed REST client pointed
// at it, createServer(...) on top, and a real MCP client in either protocol era.
import { createRestClient } from '../../src/client/rest-client.js';
import { createConfirmStateCodec } from '../../src/policies/confirm.js';
import { createPolicyRuntime, type PolicyRuntime } from '../../src/policies/runtime.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import type { ToolDef } from '../../src/tools/types.js';
import { connect, type ElicitAnswer, type Era } from './mcp.js';

export interface HarnessOptions {
  era?: Era;
  elicit?: (form: { message: string; requestedSchema: unknown }) => ElicitAnswer;
  tools?: readonly ToolDef[];
  seed?: 'demo' | 'empty';
  rateLimits?: boolean;
  /** Policy, approvals, audit…; the defaults (reads/writes allow, destructive confirm) otherwise. */
  runtime?: PolicyRuntime;
}

export async function startHarness({ era = 'legacy', elicit, tools = TOOLS, seed = 'demo', rateLimits = false, runtime = createPolicyRuntime() }: HarnessOptions = {}) {
  const sandbox = createSandbox({ seed, rateLimits });
  const listening = await sandbox.listen({ port: 0 });
  const live = createRestClient({ ...sandbox.credentials, endpoint: listening.url });
  const codec = createConfirmStateCodec();
  const mcp = await connect(() => createServer({ client: live, tools, codec, runtime }), { era, elicit });
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await mcp.client.callTool({ name, arguments: args });
    const text = (r.content as Array<{ text?: string }>)[0]?.text ?? '';
    return { ...r, text, structured: r.structuredContent as Record<string, unknown> | undefined };
  };
  /** Requests that reached the sandbox for one command. */
  const sent = (command: string) => sandbox.requests.filter((r) => r.command === command);
  return {
    sandbox,
    runtime,
    mcp,
    call,
    sent,
    async close() {
      await mcp.close();
      await live.close();
      await listening.close();
    },
  };
}
