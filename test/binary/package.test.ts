// The npm package as users get it: `npm pack` must ship the compiled server and nothing else, and
// the tarball installed into an empty folder must answer a real MCP client through its bin.
// Needs `npm run build` first (npm test does it). The install fetches the runtime dependencies
// (from npm's cache when it has them), hence the generous timeout.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envWithoutTencent, requireBuild } from '../helpers/raw-stdio.js';
import { stdioClient } from '../helpers/stdio-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string; dependencies: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), 'tlm-pack-'));
let tarball = '';
let files: Array<{ path: string; size: number }> = [];

beforeAll(() => {
  requireBuild();
  // --ignore-scripts: dist/ is already built; `prepare` would rebuild it under the test's feet.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out) as Array<{ filename: string; size: number; files: typeof files }>;
  tarball = join(work, info!.filename);
  files = info!.files;
  process.stderr.write(`npm tarball: ${info!.filename}, ${info!.size} bytes, ${files.length} files\n`);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm package', () => {
  it('declares what the registry and npm need', () => {
    expect(pkg.mcpName).toMatch(/^io\.github\.[A-Za-z0-9-]+\/tencent-live-mcp$/);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect((pkg.repository as { url: string }).url).toContain(String(pkg.mcpName).split('/')[0]!.replace('io.github.', 'github.com/'));
    expect(pkg.keywords).toEqual(expect.arrayContaining(['mcp', 'tencent-cloud']));
    expect(pkg.bin).toEqual({ 'tencent-live-mcp': 'dist/cli.js' });
  });

  it('ships the compiled modules of src/ and nothing else', () => {
    const paths = files.map((f) => f.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/cli.js']));
    for (const p of paths) {
      if (['LICENSE', 'README.md', 'package.json'].includes(p)) continue;
      // The one generated data file: the tools' JSON Schemas, written by the build from dist/tools
      // (scripts/listed-schemas.mjs; test/binary/listed-schemas.test.ts checks it).
      if (p === 'dist/tools/listed-schemas.json') continue;
      // Every shipped file is the output of a source file that exists today (no stale leftovers,
      // no source maps pointing at sources that are not shipped, no tests).
      expect(p, `unexpected file in the package: ${p}`).toMatch(/^dist\/.+\.js$/);
      expect(existsSync(join(root, 'src', p.slice('dist/'.length).replace(/\.js$/, '.ts'))), `${p} has no source in src/`).toBe(true);
    }
  });

  it('installs into an empty folder and serves MCP over stdio through its bin', async () => {
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', tarball], { cwd: app, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    const bin = join(app, 'node_modules', '.bin', 'tencent-live-mcp');
    expect(existsSync(bin)).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'tencent-live-mcp', 'dist', 'tools', 'listed-schemas.json'))).toBe(true);
    // Only the runtime dependencies were installed: nothing from devDependencies.
    expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false);
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);

    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    const run = await stdioClient(bin, ['--sandbox'], { ...envWithoutTencent(), XDG_STATE_HOME: join(work, 'state') }, app);
    try {
      expect(run.client.getServerVersion()).toMatchObject({ name: 'tencent-live-mcp', version: pkg.version });
      const { tools } = await run.client.listTools();
      expect(tools.map((t) => t.name)).toContain('get_room_list');
      const list = await run.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
      expect(list.isError).toBeFalsy();
      expect((list.structuredContent as { RoomList: unknown[] }).RoomList.length).toBeGreaterThan(0);
    } finally {
      await run.close();
    }
  }, 360_000);
});
