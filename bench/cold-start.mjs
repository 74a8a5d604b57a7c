// `node bench/cold-start.mjs [runs]`: the start-up half of bench/vs-proxy.mjs on its own, for quick
// before/after comparisons of what a stdio session loads. Spawns the server (dist/cli.js, real
// credentials pointed at an in-process sandbox, default tools) and the thin proxy alternately,
// and reports medians and ratios of
//   - cold start: spawn → the first tools/list answer (2.x client)
//   - idle RSS: resident memory 500 ms after that answer
//   - modules loaded before that answer (one extra spawn each under a counting loader hook, not timed)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createSandbox } from '../dist/sandbox/index.js';
import { serverEnv } from './server-env.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// BENCH_CLI: another build of the server; BENCH_BASELINE_CLI: an older build measured alongside
// (e.g. the previous commit compiled elsewhere), for before/after in one interleaved run.
const SCRIPTS = {
  server: process.env.BENCH_CLI ?? join(ROOT, 'dist', 'cli.js'),
  proxy: join(ROOT, 'bench', 'thin-proxy-server.mjs'),
  ...(process.env.BENCH_BASELINE_CLI && { baseline: process.env.BENCH_BASELINE_CLI }),
};
const NAMES = Object.keys(SCRIPTS);
const RUNS = Number(process.argv[2] ?? 7);
const HOOK = join(ROOT, 'bench', 'module-count.mjs');

const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const r = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const rssMiB = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function start(script, env, nodeArgs = []) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [...nodeArgs, script], env, stderr: 'ignore' });
  const client = new Client({ name: 'cold-start', version: '1.0.0' }, { capabilities: {} });
  const t0 = performance.now();
  await client.connect(transport);
  await client.listTools();
  return { ms: performance.now() - t0, pid: transport.pid, close: () => client.close() };
}

const sandbox = createSandbox({ rateLimits: false });
const listening = await sandbox.listen({ port: 0 });
const acc = Object.fromEntries(NAMES.map((n) => [n, { ms: [], rss: [] }]));
for (let i = 0; i < RUNS; i++) {
  // Rotate the order each round, so no variant always starts first.
  for (const name of NAMES.map((_, k) => NAMES[(i + k) % NAMES.length])) {
    const s = await start(SCRIPTS[name], serverEnv(sandbox, listening.url));
    acc[name].ms.push(s.ms);
    await sleep(500);
    acc[name].rss.push(rssMiB(s.pid));
    await s.close();
  }
}
const modules = {};
for (const name of NAMES) {
  const file = join(mkdtempSync(join(tmpdir(), 'tlm-modules-')), 'modules.txt');
  const s = await start(SCRIPTS[name], { ...serverEnv(sandbox, listening.url), TLM_MODULE_LOG: file }, ['--import', HOOK]);
  const urls = [...new Set(readFileSync(file, 'utf8').split('\n').filter((u) => u && !/^cjs:[^/]/.test(u)).map((u) => u.replace(/^cjs:/, 'file://')))];
  await s.close();
  const pkgs = {};
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
    const key = m ? m[1] : u.startsWith('node:') ? 'node:*' : u.includes('/dist/') ? 'dist' : 'other';
    pkgs[key] = (pkgs[key] ?? 0) + 1;
  }
  modules[name] = { total: urls.length, byPackage: Object.fromEntries(Object.entries(pkgs).sort((a, b) => b[1] - a[1])) };
}
await listening.close();
const m = Object.fromEntries(NAMES.map((n) => [n, { ms: med(acc[n].ms), rss: med(acc[n].rss) }]));
const figure = (key, target) => ({
  ...Object.fromEntries(NAMES.map((n) => [n, r(m[n][key])])),
  ...Object.fromEntries(NAMES.filter((n) => n !== 'proxy').map((n) => [`${n}/proxy`, r(m[n][key] / m.proxy[key], 2)])),
  target,
});
const out = {
  runs: RUNS,
  coldStartMs: figure('ms', 1.1),
  idleRssMiB: figure('rss', 1.15),
  modulesBeforeFirstList: modules,
  samples: Object.fromEntries(NAMES.map((n) => [n, { ms: acc[n].ms.map((x) => r(x)), rssMiB: acc[n].rss.map((x) => r(x)) }])),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
