// `npm run bench:proxy` (also the second half of `npm run bench`): the server against a thin proxy
// (bench/thin-proxy-server.mjs: the same SDK, the same input validation and the same signed,
// keep-alive request, and nothing else), measured interleaved in one run so machine noise falls
// on both alike. Every figure is reported as a ratio to the proxy; the targets are printed beside
// them and never asserted in tests (the machines are shared and noisy).
//
//   a. end-to-end latency of a read (get_seat_list) and a write (pick_user_on_seat), with the
//      official 1.x client (after listTools, as real clients call) and the 2.x client
//   b. cold start: spawn → first tools/list answer
//   c. idle resident memory after the first tools/list
//   d. what the tool list costs a model: tools/list JSON characters ÷ 4, default and all toolsets
//   e. resident memory over many destructive calls to distinct rooms (caps and breaker state)
//   f. server CPU per call over Streamable HTTP, against the thin proxy served the same way
//
// Results: printed, and written to bench/results/vs-proxy-latest.json.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as Client2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as Stdio2 } from '@modelcontextprotocol/client/stdio';
import { StreamableHTTPClientTransport as Http2 } from '@modelcontextprotocol/client';
import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as Stdio1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createSandbox } from '../dist/sandbox/index.js';
import { serverEnv as env } from './server-env.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const PROXY = join(ROOT, 'bench', 'thin-proxy-server.mjs');
const QUICK = process.env.BENCH_QUICK === '1';
const CALLS = Number(process.env.BENCH_CALLS ?? (QUICK ? 150 : 800));
const WARMUP = QUICK ? 30 : 150;
const COLD_RUNS = QUICK ? 3 : 7;
const DISTINCT_ROOMS = Number(process.env.BENCH_DISTINCT_ROOMS ?? (QUICK ? 2000 : 30_000));
const HTTP_CALLS = QUICK ? 300 : 2000;
const ROOM = 'live_music_night';
const SEAT = 3;
const USER = 'viewer_ada';

const TARGETS = { read: 1.05, write: 1.25, coldStart: 1.1, idleRss: 1.15, listTokens: 6000, httpCpu: 1.1 };

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]; };
const r2 = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const log = (line) => process.stderr.write(`${line}\n`);


/** Spawns a stdio MCP server with the 1.x or 2.x client; `t0` is taken just before the spawn. */
async function connect(era, script, args, environment) {
  const [Client, Stdio] = era === 1 ? [Client1, Stdio1] : [Client2, Stdio2];
  const transport = new Stdio({ command: process.execPath, args: [script, ...args], env: environment, stderr: 'ignore' });
  const client = new Client({ name: `bench-${era}x`, version: '1.0.0' }, { capabilities: {} });
  const t0 = performance.now();
  await client.connect(transport);
  return { client, t0, pid: transport.pid, close: () => client.close() };
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return r2(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024, 1);
}

/** User + system CPU seconds a process has used (from /proc, in clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function ok(client, name, args) {
  const r = await client.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
}

// ---------- a. latency ----------

async function latency() {
  log(`a. latency: ${CALLS} reads and ${CALLS} writes per variant (after ${WARMUP} warm-up), interleaved`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const room = sandbox.state.requireSeatRoom(ROOM);
  const variants = {};
  for (const era of [1, 2]) {
    variants[`server ${era}.x`] = await connect(era, CLI, [], env(sandbox, listening.url));
    variants[`proxy ${era}.x`] = await connect(era, PROXY, [], env(sandbox, listening.url));
  }
  // Real clients list tools before calling; the 1.x client also validates results against the
  // output schemas it was given.
  for (const v of Object.values(variants)) await v.client.listTools();
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.flatMap((n) => [[`${n} read`, []], [`${n} write`, []]]));
  for (let i = 0; i < WARMUP + CALLS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const { client } = variants[name];
      let t = performance.now();
      await ok(client, 'get_seat_list', { RoomId: ROOM });
      if (i >= WARMUP) samples[`${name} read`].push(performance.now() - t);
      t = performance.now();
      await ok(client, 'pick_user_on_seat', { RoomId: ROOM, Member_Account: USER, Index: SEAT });
      if (i >= WARMUP) samples[`${name} write`].push(performance.now() - t);
      // Free the seat in the sandbox's own state, so every pick is a success like the first.
      room.seats[SEAT].Member_Account = '';
    }
  }
  for (const v of Object.values(variants)) await v.close();
  await listening.close();
  const out = {};
  for (const era of [1, 2]) {
    for (const op of ['read', 'write']) {
      const s = samples[`server ${era}.x ${op}`];
      const p = samples[`proxy ${era}.x ${op}`];
      out[`${op} ${era}.x`] = {
        serverMs: { p50: r2(pct(s, 50), 3), p99: r2(pct(s, 99), 3) },
        proxyMs: { p50: r2(pct(p, 50), 3), p99: r2(pct(p, 99), 3) },
        ratioP50: r2(pct(s, 50) / pct(p, 50)),
        target: TARGETS[op],
      };
    }
  }
  return out;
}

// ---------- b + c. cold start and idle memory ----------

async function coldStart() {
  log(`b/c. cold start and idle RSS: ${COLD_RUNS} spawns each, alternating`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const acc = { server: { list: [], rss: [] }, proxy: { list: [], rss: [] } };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [name, script] of i % 2 ? [['proxy', PROXY], ['server', CLI]] : [['server', CLI], ['proxy', PROXY]]) {
      const s = await connect(2, script, [], env(sandbox, listening.url));
      await s.client.listTools();
      acc[name].list.push(performance.now() - s.t0);
      await sleep(500);
      acc[name].rss.push(rssMiB(s.pid));
      await s.close();
    }
  }
  await listening.close();
  const med = (xs) => pct(xs, 50);
  return {
    toToolsList: { serverMs: r2(med(acc.server.list), 1), proxyMs: r2(med(acc.proxy.list), 1), ratio: r2(med(acc.server.list) / med(acc.proxy.list)), target: TARGETS.coldStart },
    idleRss: { serverMiB: med(acc.server.rss), proxyMiB: med(acc.proxy.rss), ratio: r2(med(acc.server.rss) / med(acc.proxy.rss)), target: TARGETS.idleRss },
  };
}

// ---------- d. tool list size ----------

async function listTokens() {
  log('d. tools/list size, default and all toolsets');
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const out = {};
  for (const [name, args] of [['default', []], ['all', ['--toolsets', 'all']]]) {
    const s = await connect(2, CLI, args, env(sandbox, listening.url));
    const { tools } = await s.client.listTools();
    const chars = JSON.stringify(tools).length;
    out[name] = { tools: tools.length, jsonChars: chars, tokens: Math.round(chars / 4), tokensPerTool: Math.round(chars / 4 / tools.length) };
    await s.close();
  }
  await listening.close();
  return { ...out, target: TARGETS.listTokens };
}

// ---------- e. memory over distinct rooms ----------

async function distinctRooms() {
  log(`e. RSS over ${DISTINCT_ROOMS} destructive calls, each to a room never seen before`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'tlm-bench-policy-'));
  const policy = join(dir, 'policy.json');
  // kick_user_off_seat alone, no human: every call takes (and, as Tencent refuses it, gives back)
  // a place under the per-room breaker, which is the state that grows with the rooms seen.
  writeFileSync(policy, JSON.stringify({ rules: [{ tools: ['kick_user_off_seat'], action: 'allow' }] }));
  const s = await connect(2, CLI, [], env(sandbox, listening.url, { TENCENT_LIVE_POLICY: policy }));
  await s.client.listTools();
  const samples = [];
  let next = 0;
  for (let q = 1; q <= 4; q++) {
    const end = Math.round((DISTINCT_ROOMS * q) / 4);
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = next++; i < end; i = next++) {
        await s.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: `gone_${i}`, Member_Account: USER } });
      }
    }));
    next = end;
    samples.push([end, rssMiB(s.pid)]);
  }
  sandbox.requests.length = 0;
  await s.close();
  await listening.close();
  return { calls: DISTINCT_ROOMS, rssMiBByCalls: samples, growthFirstToLastQuarter: r2(samples[3][1] / samples[0][1]) };
}

// ---------- e2. heap and RSS after a full GC over distinct rooms (bench/memory-rooms.mjs) ----------

async function heapAfterGc() {
  const calls = Number(process.env.BENCH_GC_ROOMS ?? (QUICK ? 5000 : 100_000));
  log(`e2. heap and RSS after GC over ${calls} destructive calls to distinct rooms (in process, --expose-gc)`);
  const child = spawn(process.execPath, ['--expose-gc', join(ROOT, 'bench', 'memory-rooms.mjs')], {
    env: { ...process.env, BENCH_DISTINCT_ROOMS: String(calls) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`memory-rooms.mjs exited ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1));
}

// ---------- f. HTTP CPU per call ----------

async function httpServer(script, args, environment) {
  const child = spawn(process.execPath, [script, ...args], { env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (d) => {
      text += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(text);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${text}`)));
  });
  return { child, url };
}

async function httpCpu() {
  const ROUNDS = 8;
  log(`f. HTTP: ${HTTP_CALLS} get_seat_list calls per client (4 in flight), server CPU per call, ${ROUNDS} interleaved rounds`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const port = () => 20000 + Math.floor(Math.random() * 20000);
  const servers = {
    server: await httpServer(CLI, ['--http', '--port', String(port())], env(sandbox, listening.url)),
    proxy: await httpServer(PROXY, ['--http', String(port())], env(sandbox, listening.url)),
  };
  // A 2.x client in its default mode speaks the 2025 protocol over a session (SSE answers, each
  // event kept for resumption); pinned to 2026-07-28 it sends stateless requests, each served by a
  // fresh server. The proxy answers both as one stateless JSON request.
  const eras = { '2025': {}, '2026': { versionNegotiation: { mode: 'auto' } } };
  const clients = {};
  for (const [era, extra] of Object.entries(eras)) {
    for (const [name, { url }] of Object.entries(servers)) {
      const client = new Client2({ name: 'bench-http', version: '1.0.0' }, { capabilities: {}, ...extra });
      await client.connect(new Http2(new URL(url)));
      await client.listTools();
      for (let i = 0; i < 100; i++) await ok(client, 'get_seat_list', { RoomId: ROOM });
      clients[`${name} ${era}`] = { client, pid: servers[name].child.pid, cpu: 0, calls: 0, era: client.getNegotiatedProtocolVersion?.() };
    }
  }
  // Rounds alternate between the variants, so a load change on the machine falls on all of them.
  const perRound = Math.ceil(HTTP_CALLS / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    const order = Object.keys(clients);
    for (const key of r % 2 ? order.reverse() : order) {
      const v = clients[key];
      const cpu0 = cpuSeconds(v.pid);
      await Promise.all(Array.from({ length: 4 }, async (_, w) => {
        for (let i = w; i < perRound; i += 4) await ok(v.client, 'get_seat_list', { RoomId: ROOM });
      }));
      v.cpu += cpuSeconds(v.pid) - cpu0;
      v.calls += perRound;
    }
  }
  const out = {};
  for (const [key, v] of Object.entries(clients)) {
    out[key] = { protocol: v.era, cpuMsPerCall: r2((v.cpu * 1000) / v.calls, 3) };
    await v.client.close();
  }
  for (const { child } of Object.values(servers)) child.kill('SIGTERM');
  await listening.close();
  const ratio = (era) => r2(out[`server ${era}`].cpuMsPerCall / out[`proxy ${era}`].cpuMsPerCall);
  return { ...out, ratio2025: ratio('2025'), ratio2026: ratio('2026'), target: TARGETS.httpCpu };
}

// ---------- main ----------

const load0 = r2(loadavg()[0]);
// BENCH_ONLY=latency (or start, list, http) runs one part and prints its figures as JSON: for
// looking at one figure while changing the code it measures.
const only = process.env.BENCH_ONLY;
if (only) {
  const parts = { latency, start: coldStart, list: listTokens, http: httpCpu, rooms: distinctRooms, gc: heapAfterGc };
  if (!parts[only]) throw new Error(`BENCH_ONLY must be one of ${Object.keys(parts).join(', ')}`);
  process.stdout.write(`${JSON.stringify(await parts[only](), null, 2)}\n`);
  process.exit(0);
}
const results = { time: new Date().toISOString(), quick: QUICK, node: process.version, latency: await latency(), start: await coldStart(), list: await listTokens(), distinctRooms: await distinctRooms(), heapAfterGc: await heapAfterGc(), http: await httpCpu() };
const mark = (ratio, target) => (ratio <= target ? 'met' : 'NOT met');
const rows = ['| Measure (server vs thin proxy, same run) | Server | Proxy | Ratio | Target |', '|---|---|---|---|---|'];
for (const [k, v] of Object.entries(results.latency)) {
  rows.push(`| ${k} p50 (p99) | ${v.serverMs.p50} (${v.serverMs.p99}) ms | ${v.proxyMs.p50} (${v.proxyMs.p99}) ms | ${v.ratioP50}× | ≤ ${v.target}× ${mark(v.ratioP50, v.target)} |`);
}
const st = results.start;
rows.push(`| cold start to first tools/list | ${st.toToolsList.serverMs} ms | ${st.toToolsList.proxyMs} ms | ${st.toToolsList.ratio}× | ≤ ${st.toToolsList.target}× ${mark(st.toToolsList.ratio, st.toToolsList.target)} |`);
rows.push(`| idle RSS | ${st.idleRss.serverMiB} MiB | ${st.idleRss.proxyMiB} MiB | ${st.idleRss.ratio}× | ≤ ${st.idleRss.target}× ${mark(st.idleRss.ratio, st.idleRss.target)} |`);
const l = results.list;
rows.push(`| tools/list, default (${l.default.tools} tools) | ${l.default.tokens} tokens | | | ≤ ${l.target} ${l.default.tokens <= l.target ? 'met' : 'NOT met'} |`);
rows.push(`| tools/list, all (${l.all.tools} tools) | ${l.all.tokens} tokens (${l.all.tokensPerTool}/tool) | | | |`);
const h = results.http;
for (const era of ['2025', '2026']) {
  const [sv, px, ratio] = [h[`server ${era}`], h[`proxy ${era}`], h[`ratio${era}`]];
  rows.push(`| HTTP server CPU per call, 2.x client on ${sv.protocol} | ${sv.cpuMsPerCall} ms | ${px.cpuMsPerCall} ms | ${ratio}× | ≤ ${h.target}× ${mark(ratio, h.target)} |`);
}
const d = results.distinctRooms;
rows.push(`| RSS over ${d.calls} destructive calls to distinct rooms | ${d.rssMiBByCalls.map(([n, v]) => `${n}: ${v}`).join(', ')} MiB | | ${d.growthFirstToLastQuarter}× first→last quarter | flat |`);
const g = results.heapAfterGc;
rows.push(`| heap / RSS after GC over ${g.calls} calls to distinct rooms | ${g.samples.map((x) => `${x.calls}: ${x.heapMiB} / ${x.rssMiB}`).join(', ')} MiB | | ${g.heapPerRoomBytes} B/room heap growth | flat |`);
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'vs-proxy-latest.json'), JSON.stringify(results, null, 2) + '\n');
process.stdout.write(`\nNode ${process.version}; load ${load0} at start, ${r2(loadavg()[0])} at end\n\n${rows.join('\n')}\n\nWritten to bench/results/vs-proxy-latest.json\n`);
