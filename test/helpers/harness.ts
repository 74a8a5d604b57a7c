// End to end in one process: the sandbox on real loopback HTTP, the signed REST client pointed
// at it, createServer(...) on top, and a real MCP client in either protocol era.
import { afterEach } from 'vitest';
import { createRestClient, type RestClientOptions } from '../../src/client/rest-client.js';
import type { Logger } from '../../src/logger.js';
import { createConfirmStateCodec, type ConfirmStateCodec } from '../../src/policies/confirm.js';
import { createPolicyRuntime, type PolicyRuntime } from '../../src/policies/runtime.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import type { ToolDef } from '../../src/tools/types.js';
import { createLogger } from '../../src/logger.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { guard } from '../setup/secret-guard.js';
import { connect, type ElicitAnswer, type Era } from './mcp.js';
import type { Feed } from '../../src/feed/index.js';
import { createCloudApiClient, type CloudApiOptions } from '../../src/client/cloud-api.js';
import { withCloudApi } from '../../src/client/cloud-api-link.js';

export interface HarnessOptions {
  era?: Era;
  elicit?: (form: { message: string; requestedSchema: unknown }) => ElicitAnswer;
  tools?: readonly ToolDef[];
  seed?: 'demo' | 'empty';
  rateLimits?: boolean;
  /** Policy, approvals, audit…; the defaults (reads/writes allow, destructive confirm) otherwise. */
  runtime?: PolicyRuntime;
  /** Extra options for the signed client (short timeouts, retry settings, even another endpoint). */
  client?: Partial<RestClientOptions>;
  /** Extra sandbox options (e.g. a distinctive secretKey); seed and rateLimits above win. */
  sandbox?: Omit<SandboxOptions, 'seed' | 'rateLimits'>;
  /** The server's and the client's logger (silent by default). */
  logger?: Logger;
  /**
   * Serve against a sandbox that is already listening (e.g. another harness's: two replicas in
   * front of one Tencent) instead of creating one; close() leaves it running, and seed, rateLimits
   * and sandbox options above do not apply.
   */
  existingSandbox?: { sandbox: Sandbox; url: string };
  /** Signs input-required state; replicas of one deployment share one (default: a fresh key). */
  codec?: ConfirmStateCodec;
  /** The room event feed the feed tools read (src/feed). */
  feed?: Feed;
  /**
   * The Tencent Cloud API 3.0 client (TRTC tools), pointed at the sandbox with its credential like
   * --sandbox does; false leaves it out (as a server without TENCENT_CLOUD_SECRET_ID/KEY), an object
   * overrides options (a wrong secret key, another endpoint).
   */
  cloudApi?: false | Partial<CloudApiOptions>;
}

export async function startHarness({
  era = 'legacy', elicit, tools = TOOLS, seed = 'demo', rateLimits = false, runtime = createPolicyRuntime(),
  client: clientOptions = {}, sandbox: sandboxOptions = {}, logger,
  existingSandbox, codec = createConfirmStateCodec(), feed, cloudApi = {},
}: HarnessOptions = {}) {
  const sandbox = existingSandbox?.sandbox ?? createSandbox({ ...sandboxOptions, seed, rateLimits });
  const listening = existingSandbox ? undefined : await sandbox.listen({ port: 0 });
  const sandboxUrl = existingSandbox?.url ?? listening!.url;
  // Unless a test brings its own, the server logs at debug level into the secret guard, so every
  // log line of every harness test is checked for the secret key and the UserSigs.
  const log = logger ?? createLogger({ level: 'debug', write: (line) => guard.outputs.push(line) });
  guard.secrets.add(sandbox.credentials.secretKey);
  guard.secrets.add(sandbox.cloudApi.credentials.secretKey);
  if (cloudApi && cloudApi.secretKey) guard.secrets.add(cloudApi.secretKey);
  const rest = createRestClient({ ...sandbox.credentials, logger: log, endpoint: sandboxUrl, ...clientOptions });
  const live = cloudApi === false ? rest : withCloudApi(rest, createCloudApiClient({
    ...sandbox.cloudApi.credentials, sdkAppId: sandbox.credentials.sdkAppId, region: 'ap-singapore', endpoint: sandboxUrl, logger: log, ...cloudApi,
  }));
  const mcp = await connect(() => createServer({ client: live, tools, codec, runtime, logger: log, ...(feed && { feed }) }), { era, elicit });
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await mcp.client.callTool({ name, arguments: args });
    guard.outputs.push(JSON.stringify(r));
    const text = (r.content as Array<{ text?: string }>)[0]?.text ?? '';
    return { ...r, text, structured: r.structuredContent as Record<string, unknown> | undefined };
  };
  /** Requests that reached the sandbox for one command. */
  const sent = (command: string) => sandbox.requests.filter((r) => r.command === command);
  return {
    sandbox,
    /** The sandbox's loopback base URL. */
    url: sandboxUrl,
    runtime,
    mcp,
    call,
    sent,
    async close() {
      await mcp.close();
      await live.close();
      await listening?.close();
      for (const r of sandbox.requests) guard.secrets.add(r.userSig);
      if (runtime.audit instanceof MemoryAuditLog) guard.outputs.push(...runtime.audit.records.map((r) => JSON.stringify(r)));
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * For a test file whose tests each start their own harness: call once at module level; the
 * start function it returns is startHarness, and the harness it opened last is closed after each
 * test, so no sandbox port or MCP session outlives the test that opened it.
 */
export function harnessPerTest(): (opts?: HarnessOptions) => Promise<Harness> {
  let open: Harness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  return async (opts = {}) => (open = await startHarness(opts));
}
