// The MCP Bundle as a host gets it: scripts/bundle.mjs builds and packs it (mcpb validate, mcpb
// pack), then the .mcpb is unpacked with mcpb, its mcp_config resolved from the manifest and a
// user's settings by mcpb's own resolver (what Claude Desktop runs), and the server it starts is
// driven over stdio by a real MCP client against the sandbox. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMcpConfigForManifest, hasRequiredConfigMissing, shouldExclude } from '@anthropic-ai/mcpb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { envWithoutTencent, requireBuild } from '../helpers/raw-stdio.js';
import { stdioClient } from '../helpers/stdio-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
const ignorePatterns = readFileSync(join(root, '.mcpbignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const mcpb = join(root, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'tlm-bundle-'));
const unpacked = join(work, 'unpacked');
let bundle = '';

const walk = (dir: string, base = dir): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p, base) : [p.slice(base.length + 1).split(sep).join('/')];
  });

beforeAll(() => {
  requireBuild();
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  bundle = join(root, '.cache', 'bundle', `${pkg.name}-${pkg.version}.mcpb`);
  expect(out).toContain(bundle);
  process.stderr.write(`MCP bundle: ${statSync(bundle).size} bytes\n`);
  execFileSync(process.execPath, [mcpb, 'unpack', bundle, unpacked], { stdio: 'ignore' });
}, 360_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('MCP bundle', () => {
  it('the manifest matches package.json and marks the secret key sensitive', () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.server.entry_point).toBe(pkg.bin['tencent-live-mcp']);
    expect(manifest.user_config.secret_key).toMatchObject({ sensitive: true, required: true });
    expect(manifest.user_config.sdk_app_id).toMatchObject({ type: 'number', required: true });
    expect(manifest.user_config.policy_file.type).toBe('file');
    // A host refuses to start it until the credentials are set.
    expect(hasRequiredConfigMissing({ manifest, userConfig: {} })).toBe(true);
    expect(hasRequiredConfigMissing({ manifest, userConfig: { sdk_app_id: 1400000000, secret_key: 'k' } })).toBe(false);
  });

  it('ignore patterns are anchored: a dependency keeps its own src/ folder', () => {
    // The adversarial case: an unanchored "src/" strips node_modules/zod/src, ours does not.
    expect(shouldExclude('node_modules/zod/src/index.ts', ['src/'])).toBe(true);
    expect(shouldExclude('node_modules/zod/src/index.ts', ignorePatterns)).toBe(false);
    expect(shouldExclude('src/server.ts', ignorePatterns)).toBe(true);
    const files = walk(unpacked);
    if (existsSync(join(root, 'node_modules', 'zod', 'src'))) expect(files.some((f) => f.startsWith('node_modules/zod/src/'))).toBe(true);
    expect(files.some((f) => f.startsWith('node_modules/zod/') && f.endsWith('LICENSE'))).toBe(true);
  });

  it('holds the compiled server and its production dependencies only', () => {
    const files = walk(unpacked);
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'package.json', 'LICENSE', 'dist/cli.js']));
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(join(unpacked, 'node_modules', dep, 'package.json')), dep).toBe(true);
    for (const dev of Object.keys(pkg.devDependencies)) expect(existsSync(join(unpacked, 'node_modules', dev)), dev).toBe(false);
    expect(files.filter((f) => /^(src|test|bench|scripts|docs)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  it('starts from the unpacked bundle with the settings a user enters, and serves tools', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    const listening = await sandbox.listen({ port: 0 });
    try {
      const config = await getMcpConfigForManifest({
        manifest,
        extensionPath: unpacked,
        systemDirs: {},
        pathSeparator: sep,
        userConfig: { sdk_app_id: sandbox.credentials.sdkAppId, secret_key: sandbox.credentials.secretKey, toolsets: 'rooms,seats' },
      });
      expect(config).toBeDefined();
      // Every placeholder is filled in: an optional setting left empty must not reach the server as "${…}".
      expect(JSON.stringify(config)).not.toContain('${');
      expect(config!.args).toEqual([join(unpacked, 'dist', 'cli.js')]);
      // The one addition a test needs: the sandbox's address instead of Tencent's region host.
      const env = { ...envWithoutTencent(), ...config!.env, TENCENT_LIVE_ENDPOINT: listening.url, TENCENT_LIVE_ADMIN: sandbox.credentials.admin, XDG_STATE_HOME: join(work, 'state') };
      const command = config!.command === 'node' ? process.execPath : config!.command;
      const run = await stdioClient(command, config!.args ?? [], env, work);
      try {
        const { tools } = await run.client.listTools();
        const names = tools.map((t) => t.name);
        expect(names).toContain('get_room_list');
        expect(names).not.toContain('send_custom_msg'); // messages toolset not chosen
        const list = await run.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
        expect(list.isError, JSON.stringify(list.content)).toBeFalsy();
        expect(sandbox.requests.some((r) => r.command === 'get_room_list')).toBe(true);
      } finally {
        await run.close();
      }
    } finally {
      await listening.close();
    }
  }, 60_000);
});
