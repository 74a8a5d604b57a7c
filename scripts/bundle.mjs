#!/usr/bin/env node
// Builds the MCP Bundle (.mcpb) for Claude Desktop and other MCPB hosts:
//   1. stage the npm package's own files (what `npm pack` ships: dist/*.js, README, LICENSE),
//      plus manifest.json and .mcpbignore;
//   2. install the production dependencies into the stage from the lockfile (no dev tools);
//   3. `mcpb validate` the manifest and `mcpb pack` the stage.
// Prints the bundle's path and size. Needs dist/ built (npm run bundle builds it first).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.cache', 'bundle');
const stage = join(out, 'stage');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
const mcpb = join(root, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

if (manifest.version !== pkg.version) {
  console.error(`manifest.json version ${manifest.version} differs from package.json ${pkg.version}`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('dist/cli.js is missing: run npm run build first (npm run bundle does).');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
// 1. Exactly the files the npm package ships (its `files` list), unpacked into the stage.
const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out]));
run('tar', ['-xzf', join(out, packed.filename), '-C', stage, '--strip-components=1']);
for (const f of ['manifest.json', '.mcpbignore', 'package-lock.json']) copyFileSync(join(root, f), join(stage, f));
// 2. Production dependencies only, at the lockfile's versions; no install scripts run.
run('npm', ['ci', '--omit=dev', '--omit=optional', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund'], stage);
// 3. Validate and pack (mcpb leaves package-lock.json, *.map and *.d.ts out by itself).
run(process.execPath, [mcpb, 'validate', join(stage, 'manifest.json')]);
const bundle = join(out, `${pkg.name}-${pkg.version}.mcpb`);
run(process.execPath, [mcpb, 'pack', stage, bundle]);
console.log(`${bundle} (${statSync(bundle).size} bytes)`);
