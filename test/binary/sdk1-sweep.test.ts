// The whole catalog through a client built on the official TypeScript SDK 1.x, as the MCP
// Inspector and many agents are: it lists tools first and then validates every result's
// structuredContent against the tool's outputSchema, error results included, throwing when they
// do not match. Every outcome a user can meet is driven through the built binary over stdio against
// the sandbox: success, a Tencent error, HTTP 502 after consent, decline, cancel, a client without
// elicitation, and paged reads. Nothing may throw, and every error must be readable, with
// Tencent's code where Tencent gave one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src/catalog/endpoints.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { TOOLS } from '../../src/tools/index.js';
import { validArgs } from '../helpers/valid-args.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'tlm-sdk1-'));
type Answer = 'accept' | 'decline' | 'cancel' | 'none';
const policyFile = (yaml: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tlm-sdk1-policy-')), 'policy.yaml');
  writeFileSync(path, yaml);
  return path;
};

let sandbox: Sandbox;
let sandboxUrl: string;
let closeSandbox: () => Promise<void>;

let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await closeSandbox?.();
});

/** A fresh demo sandbox and the binary in front of it, listed as a client does first. */
async function start(answer: Answer, policy?: string) {
  sandbox = createSandbox({ seed: 'demo', rateLimits: false });
  const l = await sandbox.listen({ port: 0 });
  sandboxUrl = l.url;
  closeSandbox = l.close;
  const env = {
    ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))) as Record<string, string>),
    XDG_STATE_HOME: stateDir,
    TENCENT_LIVE_ENDPOINT: sandboxUrl,
    TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId),
    TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
    TENCENT_LIVE_ADMIN: sandbox.credentials.admin,
    // The trtc tools (Tencent Cloud API 3.0) are listed only with their credential.
    TENCENT_CLOUD_SECRET_ID: sandbox.cloudApi.credentials.secretId,
    TENCENT_CLOUD_SECRET_KEY: sandbox.cloudApi.credentials.secretKey,
    TENCENT_CLOUD_API_ENDPOINT: sandboxUrl,
  };
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--toolsets', 'all', ...(policy ? ['--policy', policyFile(policy)] : [])], env, stderr: 'ignore' });
  const c = new Client({ name: 'sdk1-sweep', version: '1.0.0' }, { capabilities: answer === 'none' ? {} : { elicitation: {} } });
  if (answer !== 'none') {
    c.setRequestHandler(ElicitRequestSchema, async (req) => {
      if (answer !== 'accept') return { action: answer };
      // Answer the form as a person would: tick the box, or retype the value it asks for.
      const props = (req.params as { requestedSchema?: { properties?: Record<string, unknown> } }).requestedSchema?.properties ?? {};
      const field = Object.keys(props)[0]!;
      return { action: 'accept', content: field === 'confirm' ? { confirm: true } : { [field]: pending.get(field) } };
    });
  }
  await c.connect(transport);
  client = c;
  const { tools } = await c.listTools();
  return { c, tools };
}

/** The arguments of the call in flight, for the retype answer. */
const pending = new Map<string, unknown>();

interface Sweep { throws: string[]; results: Map<string, CallToolResult> }

async function sweep(c: Client, tools: Tool[], opts: { fault?: Parameters<Sandbox['faults']['set']>[1]; paged?: boolean } = {}): Promise<Sweep> {
  const out: Sweep = { throws: [], results: new Map() };
  // Removals last, so the rooms, gifts and categories the other tools name still exist.
  const removes = (t: Tool) => /^(destroy|del|delete|dismiss)_|_(destroy|dismiss)_/.test(t.name);
  for (const tool of [...tools.filter((t) => !removes(t)), ...tools.filter(removes)]) {
    const def = TOOLS.find((t) => t.name === tool.name)!;
    if (opts.paged && !def.paging) continue;
    const args = validArgs(def, tool.inputSchema as never);
    if (opts.paged) Object.assign(args, { MaxPages: 3 });
    pending.clear();
    for (const [k, v] of Object.entries(args)) pending.set(k, v);
    // The fault hits this tool's own command only: a read made before asking still succeeds, so
    // the failure comes after consent, where the outcome may be unknown.
    if (opts.fault) sandbox.faults.set(def.name as EndpointName, opts.fault);
    try {
      out.results.set(tool.name, (await c.callTool({ name: tool.name, arguments: args })) as CallToolResult);
    } catch (err) {
      out.throws.push(`${tool.name}: ${(err as Error).message}`);
    } finally {
      sandbox.faults.clear(def.name as EndpointName);
    }
  }
  return out;
}

// The feed's own tools read this server's store, not Tencent: a fault injected at Tencent's
// endpoint cannot reach them (they still must not throw, which every sweep checks).
// API 3.0 actions answer at POST /, which the sandbox's per-command v4 faults do not reach either.
const local = (name: string) => {
  const ep = TOOLS.find((t) => t.name === name)?.endpoint as { local?: boolean; cloudApi?: boolean } | undefined;
  return ep?.local === true || ep?.cloudApi === true;
};

const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('a 1.x SDK client (validates every result against outputSchema) drives the whole catalog', { timeout: 240_000 }, () => {
  it('lists all tools; each whose answer has fields beyond RequestId declares an output schema', async () => {
    const { tools } = await start('none');
    expect(tools.length).toBe(TOOLS.length);
    // A write's `{ RequestId }` schema is not listed (tools/listed-schema.ts says why).
    const fields = (name: string) => Object.keys((TOOLS.find((d) => d.name === name)!.output as unknown as { shape: object }).shape);
    const declared = tools.filter((t) => t.outputSchema).map((t) => t.name);
    expect(declared.length).toBeGreaterThan(tools.length / 3);
    expect(declared.sort()).toEqual(tools.map((t) => t.name).filter((n) => fields(n).some((k) => k !== 'RequestId')).sort());
  });

  it('success (forms accepted): no throws, every result valid', async () => {
    const { c, tools } = await start('accept');
    const s = await sweep(c, tools);
    expect(s.throws).toEqual([]);
    const ok = [...s.results.values()].filter((r) => !r.isError);
    if (process.env.SWEEP_DUMP) for (const [n, r] of s.results) if (r.isError) console.error(n, textOf(r).slice(0, 200));
    // Most calls succeed against the demo seed; a few meet Tencent's own refusals (e.g. an owner
    // that is already the owner), which are readable error results, not throws.
    expect(ok.length).toBeGreaterThan(tools.length / 2);
    for (const r of ok) expect(r.structuredContent).toBeDefined();
  });

  it('a Tencent error (100004) on every command: no throws, each error names the code', async () => {
    const { c, tools } = await start('accept');
    const s = await sweep(c, tools, { fault: { errorCode: 100004 } });
    expect(s.throws).toEqual([]);
    for (const [name, r] of s.results) {
      if (local(name)) continue;
      expect(r.isError, name).toBe(true);
      expect(r.structuredContent, name).toBeUndefined();
      expect(textOf(r), name).toMatch(/100004/);
      expect((r._meta as Record<string, { code?: number }> | undefined)?.['tencent-live-mcp/error']?.code, name).toBe(100004);
    }
  });

  it('HTTP 502 after consent: no throws, each error says what is known', async () => {
    // Every destructive call here may have happened, so the breaker would (rightly) stop the
    // room's later ones before sending; it is off so that each tool meets the 502 itself.
    const { c, tools } = await start('accept', 'breaker: { enabled: false }\n');
    const s = await sweep(c, tools, { fault: { status5xx: 502 } });
    expect(s.throws).toEqual([]);
    for (const [name, r] of s.results) {
      if (local(name)) continue;
      expect(r.isError, name).toBe(true);
      expect(textOf(r), name).toMatch(/502/);
      const meta = (r._meta as Record<string, { outcome?: string }> | undefined)?.['tencent-live-mcp/error'];
      expect(['unknown', 'not_performed'], name).toContain(meta?.outcome);
    }
  });

  it.each(['decline', 'cancel', 'none'] as const)('%s: no throws, every refusal readable', async (answer) => {
    const { c, tools } = await start(answer);
    const before = sandbox.requests.length;
    const s = await sweep(c, tools);
    expect(s.throws).toEqual([]);
    const destructive = tools.filter((t) => TOOLS.find((d) => d.name === t.name)!.effect === 'destructive');
    expect(destructive.length).toBeGreaterThan(0);
    for (const t of destructive) {
      const r = s.results.get(t.name)!;
      expect(r.isError, t.name).toBe(true);
      expect(r.structuredContent, t.name).toBeUndefined();
      expect(textOf(r), t.name).toMatch(/Not performed|nothing was done/i);
    }
    // No destructive command reached Tencent.
    const sent = sandbox.requests.slice(before).map((q) => q.command);
    expect(sent.filter((cmd) => destructive.some((t) => t.name === cmd))).toEqual([]);
  });

  it('paged reads (MaxPages 3): no throws, every result valid', async () => {
    const { c, tools } = await start('none');
    const s = await sweep(c, tools, { paged: true });
    expect(s.results.size).toBeGreaterThan(0);
    expect(s.throws).toEqual([]);
  });
});
