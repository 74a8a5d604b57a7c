// What a plain stdio session loads: the built binary with real credentials (pointed at an
// in-process sandbox) and the default toolsets must answer tools/list without loading the
// packages only other configurations use; the first tool call then loads the HTTP client.
// Modules are logged by bench/module-count.mjs, the same hook the cold-start benchmark uses.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { stdioClient } from '../helpers/stdio-client.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const HOOK = fileURLToPath(new URL('../../bench/module-count.mjs', import.meta.url));
const UNUSED = ['ioredis', 'jose', 'yaml', '@simplewebauthn/server', 'better-sqlite3', 'hono', '@hono/node-server', '@modelcontextprotocol/node', 'tencentcloud-sdk-nodejs-common'];

const packagesIn = (file: string) =>
  new Set(readFileSync(file, 'utf8').split('\n').flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? []));

describe('a plain stdio session loads what it uses', () => {
  const sandbox = createSandbox({ seed: 'demo', rateLimits: false });
  let url: string;
  let closeSandbox: () => Promise<void>;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does).');
    ({ url, close: closeSandbox } = await sandbox.listen({ port: 0 }));
  });
  afterAll(() => closeSandbox?.());

  it('no Redis, JWT, YAML, WebAuthn, SQLite, HTTP-server or Tencent Cloud SDK packages before tools/list; undici at the first call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlm-lazy-'));
    const log = join(dir, 'modules.txt');
    const env = {
      ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))) as Record<string, string>),
      XDG_STATE_HOME: dir,
      TLM_MODULE_LOG: log,
      TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId),
      TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
      TENCENT_LIVE_ADMIN: sandbox.credentials.admin,
      TENCENT_LIVE_ENDPOINT: url,
    };
    const run = await stdioClient(process.execPath, ['--import', HOOK, CLI], env);
    try {
      const { tools } = await run.client.listTools();
      expect(tools.map((t) => t.name)).toContain('get_room_list');
      const before = packagesIn(log);
      expect(before.has('zod')).toBe(true); // the log works
      expect(UNUSED.filter((p) => before.has(p))).toEqual([]);
      expect(before.has('undici')).toBe(false);
      const r = await run.client.callTool({ name: 'get_room_list', arguments: {} });
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(packagesIn(log).has('undici')).toBe(true);
    } finally {
      await run.close();
    }
  }, 120_000);
});
