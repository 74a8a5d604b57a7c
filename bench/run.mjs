// `npm run bench`: how fast the server is and how close it runs to Tencent's documented limits,
// as ratios where a ratio is the honest form. Everything runs on loopback against sandboxes in
// this process; the MCP servers are the built binary (dist/cli.js) spawned over stdio with
// TENCENT_LIVE_ENDPOINT pointing here, as a client would run them. Every loop is bounded.
//
//   a. latency of one tool call: MCP server vs the signed client alone vs a no-op MCP server
//   b. cold start: spawn → first tools/list answer, → first tool result
//   c. resident memory of the server idle and after 10,000 calls
//   d. a paged crawl of 10,000 rooms at get_room_list's 10 calls/s, vs the 200 rooms/s it allows
//   e. the client-side rate limiter held at 200/s against a sandbox that enforces 200/s
//
// Results are printed and written to bench/results/<timestamp>.json and bench/results/latest.json.
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ENDPOINTS } from '../dist/catalog/endpoints.js';
import { createRestClient } from '../dist/client/rest-client.js';
import { createSandbox, seedRooms } from '../dist/sandbox/index.js';
import { serverEnv } from './server-env.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const NOOP = join(ROOT, 'bench', 'noop-server.mjs');
const QUICK = process.env.BENCH_QUICK === '1'; // smaller runs for a smoke check of the script itself

const LATENCY_CALLS = QUICK ? 200 : 1000;
const LATENCY_WARMUP = QUICK ? 50 : 200;
// get_seat_list allows 200/s and the server paces to a sliding 1.02 s window; one call per 6 ms
// (167/s) keeps the limiter from ever delaying a call, so the latency is the call's own.
const LATENCY_PACE_MS = 6;
const COLD_RUNS = QUICK ? 2 : 5;
const MEMORY_CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? (QUICK ? 1000 : 10_000));
const CRAWL_ROOMS = QUICK ? 1000 : 10_000;
// Whole windows of the server's sliding 1.02 s log, so the count is not cut mid-window (~5 s).
const LIMIT_WINDOW_MS = (QUICK ? 2 : 5) * 1020;

const ROOM = 'live_music_night';

// ---------- helpers ----------

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const summary = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
};
const ms = (x) => Math.round(x * 1000) / 1000;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;


/** Spawns an MCP server over stdio and connects a client; `t0` is taken just before the spawn. */
async function spawnMcp(command, args, env) {
  const transport = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
  const stderr = [];
  transport.stderr?.on('data', (d) => stderr.push(String(d)));
  const client = new Client({ name: 'bench', version: '1.0.0' }, { capabilities: {} });
  const t0 = performance.now();
  await client.connect(transport);
  return { client, transport, t0, stderr, pid: transport.pid, close: () => client.close() };
}

const spawnServer = (sandbox, url, extra) => spawnMcp(process.execPath, [CLI], serverEnv(sandbox, url, extra));
const spawnNoop = () => spawnMcp(process.execPath, [NOOP], { ...process.env });

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { VmRSS: get('VmRSS'), VmHWM: get('VmHWM') };
}

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpu)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let nproc;
  try { nproc = Number(execSync('nproc', { encoding: 'utf8' }).trim()); } catch { nproc = cpus().length; }
  return {
    nproc, cpuModel: model, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, platform: `${process.platform} ${process.arch}`,
    // The machine may be shared: a high load average at the start means noisy latencies.
    loadAverage1mAtStart: round(loadavg()[0]),
  };
}

async function mustSucceed(client, name, args) {
  const r = await client.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
  return r;
}

function log(line) { process.stderr.write(`${line}\n`); }

// ---------- a. latency ----------

async function latency() {
  log(`a. latency: ${LATENCY_CALLS} calls each (after ${LATENCY_WARMUP} warm-up), interleaved, one per ${LATENCY_PACE_MS} ms`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const direct = createRestClient({ ...sandbox.credentials, endpoint: listening.url });
  const mcp = await spawnServer(sandbox, listening.url);
  const noop = await spawnNoop();
  const samples = { direct: [], mcp: [], noop: [] };
  const runs = {
    direct: () => direct.call(ENDPOINTS.get_seat_list, { RoomId: ROOM }, { idempotent: true }),
    mcp: () => mustSucceed(mcp.client, 'get_seat_list', { RoomId: ROOM }),
    noop: () => mustSucceed(noop.client, 'noop', { RoomId: ROOM }),
  };
  const order = ['direct', 'mcp', 'noop'];
  for (let i = 0; i < LATENCY_WARMUP + LATENCY_CALLS; i++) {
    const started = performance.now();
    // Rotate the order so no variant always runs first (or right after an idle gap).
    for (let k = 0; k < 3; k++) {
      const name = order[(i + k) % 3];
      const t = performance.now();
      await runs[name]();
      if (i >= LATENCY_WARMUP) samples[name].push(performance.now() - t);
    }
    const left = LATENCY_PACE_MS - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
  await mcp.close();
  await noop.close();
  await direct.close();
  await listening.close();
  const d = summary(samples.direct);
  const m = summary(samples.mcp);
  const f = summary(samples.noop);
  const added = { p50: m.p50 - d.p50, p99: m.p99 - d.p99 };
  return {
    tool: 'get_seat_list',
    calls: LATENCY_CALLS,
    directMs: { p50: ms(d.p50), p99: ms(d.p99), mean: ms(d.mean) },
    mcpMs: { p50: ms(m.p50), p99: ms(m.p99), mean: ms(m.mean) },
    noopFloorMs: { p50: ms(f.p50), p99: ms(f.p99), mean: ms(f.mean) },
    addedMs: { p50: ms(added.p50), p99: ms(added.p99) },
    addedOverFloor: { p50: round(added.p50 / f.p50), p99: round(added.p99 / f.p99) },
  };
}

// ---------- b. cold start ----------

async function coldStart() {
  log(`b. cold start: ${COLD_RUNS} spawns of the server and of the no-op floor`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const server = { toList: [], toResult: [] };
  const floor = { toList: [], toResult: [] };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [acc, start, tool, args] of [
      [server, () => spawnServer(sandbox, listening.url), 'get_seat_list', { RoomId: ROOM }],
      [floor, () => spawnNoop(), 'noop', { RoomId: ROOM }],
    ]) {
      const s = await start();
      await s.client.listTools();
      acc.toList.push(performance.now() - s.t0);
      await mustSucceed(s.client, tool, args);
      acc.toResult.push(performance.now() - s.t0);
      await s.close();
    }
  }
  await listening.close();
  const med = (xs) => summary(xs).p50;
  return {
    runs: COLD_RUNS,
    serverMs: { toToolsList: ms(med(server.toList)), toFirstResult: ms(med(server.toResult)) },
    noopFloorMs: { toToolsList: ms(med(floor.toList)), toFirstResult: ms(med(floor.toResult)) },
    overFloor: { toToolsList: round(med(server.toList) / med(floor.toList)), toFirstResult: round(med(server.toResult) / med(floor.toResult)) },
  };
}

// ---------- c. memory ----------

async function memory(nodeOptions) {
  // Six read tools of the default listing and the members toolset, each with its own 200/s budget
  // at Tencent, so the 10,000 calls take seconds, not the 50 s one endpoint's limit would impose.
  const reads = [
    ['get_seat_list', { RoomId: ROOM }], ['get_room_info', { RoomId: ROOM }], ['get_member_list', { RoomId: ROOM }],
    ['get_admin_list', { RoomId: ROOM }], ['get_banned_member_list', { RoomId: ROOM }], ['get_muted_member_list', { RoomId: ROOM }],
  ];
  log(`c. memory: idle, then ${MEMORY_CALLS} calls over ${reads.length} read tools, 16 in flight${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}`);
  const sandbox = createSandbox({ rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const s = await spawnServer(sandbox, listening.url, { TENCENT_LIVE_TOOLSETS: 'default,members', ...(nodeOptions && { NODE_OPTIONS: nodeOptions }) });
  await s.client.listTools();
  await sleep(1000);
  const idle = rssKb(s.pid);
  let next = 0;
  let errors = 0;
  // RSS every quarter of the run: a plateau is heap sizing, a steady climb would be a leak.
  const samples = [];
  const t0 = performance.now();
  for (let q = 1; q <= 4; q++) {
    const end = Math.round((MEMORY_CALLS * q) / 4);
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let i = next++; i < end; i = next++) {
        const [name, args] = reads[i % reads.length];
        const r = await s.client.callTool({ name, arguments: args });
        if (r.isError) errors++;
      }
    }));
    next = end;
    samples.push([end, round(rssKb(s.pid).VmRSS / 1024, 1)]);
  }
  const seconds = (performance.now() - t0) / 1000;
  await sleep(1000);
  const after = rssKb(s.pid);
  await s.close();
  await listening.close();
  return {
    ...(nodeOptions && { nodeOptions }),
    calls: MEMORY_CALLS,
    errors,
    callsPerSecond: round(MEMORY_CALLS / seconds, 0),
    idleRssMiB: round(idle.VmRSS / 1024, 1),
    afterRssMiB: round(after.VmRSS / 1024, 1),
    peakRssMiB: round(after.VmHWM / 1024, 1),
    growthRatio: round(after.VmRSS / idle.VmRSS),
    rssMiBByCalls: samples,
  };
}

// ---------- d. paged crawl ----------

async function crawl() {
  const limit = ENDPOINTS.get_room_list.ratePerSecond; // 10 calls/s
  const count = 20; // the most get_room_list returns per page
  log(`d. crawl: ${CRAWL_ROOMS} rooms through get_room_list (Count ${count}) at ${limit} calls/s, sandbox limits on`);
  const sandbox = createSandbox({ seed: 'empty', rateLimits: true });
  seedRooms(sandbox.state, CRAWL_ROOMS, Date.now());
  const listening = await sandbox.listen({ port: 0 });
  const s = await spawnServer(sandbox, listening.url);
  await s.client.listTools();
  const seen = new Set();
  let pages = 0;
  let errors = 0;
  let next = '';
  // The first `limit` pages go out at once (the budget starts unspent); the steady rate is taken
  // after them, which is what a long crawl converges to.
  let afterBurst;
  let roomsAfterBurst = 0;
  const t0 = performance.now();
  for (let guard = 0; guard < CRAWL_ROOMS; guard++) {
    const r = await s.client.callTool({ name: 'get_room_list', arguments: { Count: count, Next: next } });
    if (r.isError) { errors++; continue; }
    pages++;
    for (const room of r.structuredContent.RoomList) seen.add(room.RoomId);
    if (pages === limit) afterBurst = performance.now();
    else if (pages > limit) roomsAfterBurst += r.structuredContent.RoomList.length;
    next = r.structuredContent.Next;
    if (!next) break;
  }
  const end = performance.now();
  const seconds = (end - t0) / 1000;
  const steady = roomsAfterBurst / ((end - afterBurst) / 1000);
  const arrived = sandbox.faults.arrived('get_room_list');
  const handled = sandbox.requests.filter((q) => q.command === 'get_room_list').length;
  await s.close();
  await listening.close();
  const physical = limit * count; // 200 rooms/s
  return {
    rooms: CRAWL_ROOMS,
    roomsSeen: seen.size,
    pages,
    toolErrors: errors,
    sandboxRefusals: arrived - handled,
    seconds: round(seconds),
    roomsPerSecond: round(seen.size / seconds, 1),
    steadyRoomsPerSecond: round(steady, 1),
    physicalLimitRoomsPerSecond: physical,
    ratioToLimit: round(seen.size / seconds / physical, 3),
    steadyRatioToLimit: round(steady / physical, 3),
  };
}

// ---------- e. rate limiter at 200/s ----------

async function limiter() {
  const limit = ENDPOINTS.get_seat_list.ratePerSecond; // 200/s
  const workers = 32;
  log(`e. limiter: get_seat_list at ${limit}/s for ${LIMIT_WINDOW_MS / 1000} s, ${workers} callers, sandbox limits on`);
  const sandbox = createSandbox({ rateLimits: true });
  const listening = await sandbox.listen({ port: 0 });
  const s = await spawnServer(sandbox, listening.url);
  await s.client.listTools();
  // Saturate first: the window is counted once the limiter has been busy for one full window.
  const warm = 1100;
  const t0 = performance.now();
  const windowStart = t0 + warm;
  const windowEnd = windowStart + LIMIT_WINDOW_MS;
  let inWindow = 0;
  let rateLimitErrors = 0;
  let otherErrors = 0;
  let total = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < windowEnd) {
      const r = await s.client.callTool({ name: 'get_seat_list', arguments: { RoomId: ROOM } });
      const done = performance.now();
      total++;
      if (r.isError) {
        const text = JSON.stringify(r.content);
        if (/6000[7-9]|60011|60018|60019|rate|queue/i.test(text)) rateLimitErrors++;
        else otherErrors++;
      } else if (done >= windowStart && done < windowEnd) inWindow++;
    }
  }));
  const arrived = sandbox.faults.arrived('get_seat_list');
  const handled = sandbox.requests.filter((q) => q.command === 'get_seat_list');
  const times = handled.map((q) => q.at).sort((a, b) => a - b);
  // The most requests the sandbox handled in any one of its fixed one-second windows (how Tencent
  // and the sandbox count), and in any sliding 1000 ms window (a stricter reading, for information:
  // the server's 1.02 s window leaves 20 ms for jitter, which a loaded machine can exceed).
  const perSecond = new Map();
  for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  let maxSliding = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j] <= times[i] - 1000) j++;
    maxSliding = Math.max(maxSliding, i - j + 1);
  }
  // Under saturation the sliding log grants in bursts, one per window. Counting whole bursts
  // (from the start of one to the start of a later one) measures the sustained rate without the
  // ±1-burst error a fixed counting window has; without bursts, the plain count in the window is it.
  const starts = times.filter((t, i) => i === 0 || t - times[i - 1] > 300);
  let achieved;
  let method;
  if (starts.length >= 4) {
    const from = starts[1];
    const to = starts[starts.length - 1];
    achieved = times.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
    method = `whole bursts (${starts.length - 2} windows, sandbox clock)`;
  } else {
    achieved = inWindow / (LIMIT_WINDOW_MS / 1000);
    method = 'completions in the window';
  }
  await s.close();
  await listening.close();
  return {
    limitPerSecond: limit,
    windowSeconds: round((warm + LIMIT_WINDOW_MS) / 1000),
    callers: workers,
    callsTotal: total,
    achievedPerSecond: round(achieved, 1),
    fractionOfLimit: round(achieved / limit, 3),
    measuredBy: method,
    completionsInWindowPerSecond: round(inWindow / (LIMIT_WINDOW_MS / 1000), 1),
    maxInAnySliding1s: maxSliding,
    rateLimitErrors,
    otherErrors,
    sandboxRefusals: arrived - handled.length,
    maxInOneSandboxSecond: Math.max(...perSecond.values()),
  };
}

// ---------- main ----------

function table(r) {
  const a = r.latency, b = r.coldStart, c = r.memory, d = r.crawl, e = r.limiter;
  return [
    '| Measure | Result |',
    '|---|---|',
    `| a. get_seat_list via MCP stdio, p50 / p99 | ${a.mcpMs.p50} / ${a.mcpMs.p99} ms |`,
    `| a. signed client direct, p50 / p99 | ${a.directMs.p50} / ${a.directMs.p99} ms |`,
    `| a. no-op tool on a bare McpServer (floor), p50 / p99 | ${a.noopFloorMs.p50} / ${a.noopFloorMs.p99} ms |`,
    `| a. added by the server (MCP − direct), p50 / p99 | ${a.addedMs.p50} / ${a.addedMs.p99} ms |`,
    `| a. added latency ÷ floor, p50 / p99 | ${a.addedOverFloor.p50}× / ${a.addedOverFloor.p99}× |`,
    `| b. cold start to tools/list (floor; ratio) | ${b.serverMs.toToolsList} ms (${b.noopFloorMs.toToolsList} ms; ${b.overFloor.toToolsList}×) |`,
    `| b. cold start to first tool result (floor; ratio) | ${b.serverMs.toFirstResult} ms (${b.noopFloorMs.toFirstResult} ms; ${b.overFloor.toFirstResult}×) |`,
    `| c. RSS idle → after ${c.calls} calls (peak) | ${c.idleRssMiB} → ${c.afterRssMiB} MiB (peak ${c.peakRssMiB}), ${c.growthRatio}×; by calls ${c.rssMiBByCalls.map(([n, v]) => `${n}: ${v}`).join(', ')}; ${c.errors} errors, ${c.callsPerSecond} calls/s |`,
    `| c. the same with the heap capped at 40 MB (NODE_OPTIONS=--max-old-space-size=40) | ${r.memoryCapped.idleRssMiB} → ${r.memoryCapped.afterRssMiB} MiB (peak ${r.memoryCapped.peakRssMiB}); ${r.memoryCapped.errors} errors, ${r.memoryCapped.callsPerSecond} calls/s |`,
    `| d. crawl of ${d.rooms} rooms at 10 calls/s: steady (overall) | ${d.steadyRoomsPerSecond} rooms/s of ${d.physicalLimitRoomsPerSecond} = ${d.steadyRatioToLimit} (${d.roomsPerSecond} rooms/s = ${d.ratioToLimit} incl. the first second's burst); ${d.roomsSeen} rooms in ${d.pages} pages, ${d.seconds} s, ${d.toolErrors} errors, ${d.sandboxRefusals} refusals |`,
    `| e. get_seat_list at ${e.limitPerSecond}/s, ${e.callers} callers, ${e.windowSeconds} s | ${e.achievedPerSecond}/s = ${e.fractionOfLimit} of the limit; ${e.rateLimitErrors} rate-limit errors, ${e.sandboxRefusals} refusals; max ${e.maxInOneSandboxSecond} per sandbox second, ${e.maxInAnySliding1s} in any sliding 1 s |`,
  ].join('\n');
}

const results = {
  time: new Date().toISOString(),
  quick: QUICK,
  machine: machine(),
  latency: await latency(),
  coldStart: await coldStart(),
  memory: await memory(),
  // The same run with a small heap cap: a server that leaked would die or slow to a crawl here;
  // one that does not stays flat, showing the default run's growth is V8 sizing its heap.
  memoryCapped: await memory('--max-old-space-size=40'),
  crawl: await crawl(),
  limiter: await limiter(),
};
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const json = JSON.stringify(results, null, 2) + '\n';
writeFileSync(join(dir, `${results.time.replace(/[:.]/g, '-')}.json`), json);
writeFileSync(join(dir, 'latest.json'), json);
const m = results.machine;
process.stdout.write(`\nMachine: ${m.nproc} CPU(s), ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadAverage1mAtStart} at start, ${round(loadavg()[0])} at end\n\n${table(results)}\n\n`);
process.stdout.write(`Written to bench/results/latest.json\n`);
const problems = [];
if (results.limiter.rateLimitErrors || results.limiter.sandboxRefusals) problems.push('rate-limit errors at 200/s');
if (results.crawl.roomsSeen !== results.crawl.rooms) problems.push('the crawl missed rooms');
if (results.memory.errors || results.memoryCapped.errors) problems.push('errors during the memory runs');
if (problems.length) { process.stderr.write(`bench: ${problems.join('; ')}\n`); process.exitCode = 1; }
await import('./feed.mjs');
