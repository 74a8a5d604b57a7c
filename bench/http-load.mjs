// `npm run bench:http`: many concurrent MCP sessions over Streamable HTTP against the sandbox, one
// server process and then two replicas sharing Redis. Reports throughput next to the cap Tencent's
// documented rates put on it, client-side latency (and what the server adds over the signed
// client calling the same sandbox at the same concurrency), errors (must be 0) and peak RSS per
// server process. Everything stays on 127.0.0.1 and every loop is bounded in count and time.
//
//   the main thread:  the sandbox (rate limits off, demo rooms), an RSS/CPU sampler, a drain of the
//                     sandbox's request log (per-endpoint counts per second), orchestration
//   worker threads:   the MCP client sessions and the direct signed-client callers
//                     (bench/http-load-worker.mjs)
//   child processes:  `node dist/cli.js --http` (one or two), and redis-server for the replicas
//
// Results are printed and written to bench/results/http-load-<timestamp>.json and
// bench/results/http-load-latest.json. See BENCHMARKS.md, "Load over HTTP".
//
// Knobs (environment): BENCH_QUICK=1 (3 s windows), BENCH_HTTP_SESSIONS (default 200),
// BENCH_HTTP_SECONDS (the MCP window, default 10), BENCH_HTTP_ONLY=A,C (some scenarios),
// BENCH_HTTP_ERAS=legacy|modern (one protocol era only), BENCH_HTTP_TOOLSETS (default all),
// BENCH_HTTP_DUMP=/tmp/x (one CSV line per call), BENCH_HTTP_TRACE=1 (slow fetches and connects),
// BENCH_HTTP_NODE_ARGS (node flags for the servers, e.g. --cpu-prof, or
// --import ./bench/http-load-server-probe.mjs), BENCH_HTTP_SERVER_LOG=/tmp/x (their stderr),
// BENCH_HTTP_LOG_LEVEL=debug (their log level), REDIS_SERVER (the redis-server binary).
import { execSync, spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ENDPOINTS } from '../dist/catalog/endpoints.js';
import { createSandbox } from '../dist/sandbox/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const WORKER = join(ROOT, 'bench', 'http-load-worker.mjs');
const QUICK = process.env.BENCH_QUICK === '1'; // a smoke check of the script: shorter windows

const SESSIONS = Number(process.env.BENCH_HTTP_SESSIONS ?? 200);
const WORKERS = 2; // load-generating threads (the machine this was written on has 2 cores)
const MEASURE_MS = Number(process.env.BENCH_HTTP_SECONDS ?? (QUICK ? 3 : 10)) * 1000;
const WARMUP_MS = QUICK ? 1000 : 2000;
const DIRECT_MEASURE_MS = QUICK ? 2000 : 5000;
const DIRECT_WARMUP_MS = 1000;
const MAX_CALLS_PER_CALLER = 100_000; // the time window ends every loop long before this
const RSS_EVERY_MS = 100;
const TOOLSETS = process.env.BENCH_HTTP_TOOLSETS ?? 'all'; // the wide mix needs tools outside the default listing
// Which protocol eras the sessions use: 'mixed' (alternating, the default), 'legacy' or 'modern'.
const ERAS = process.env.BENCH_HTTP_ERAS ?? 'mixed';
// Only these scenarios (e.g. BENCH_HTTP_ONLY=A,C), for investigating one figure.
const ONLY = process.env.BENCH_HTTP_ONLY?.split(',');

const now = () => performance.timeOrigin + performance.now();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
function summary(samples) {
  const s = Float64Array.from(samples).sort();
  if (s.length === 0) return { n: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, p50: round(pct(s, 50), 3), p90: round(pct(s, 90), 3), p99: round(pct(s, 99), 3), max: round(s[s.length - 1], 3), mean: round(sum / s.length, 3) };
}
const log = (line) => process.stderr.write(`${line}\n`);

// ---------- the read mixes ----------

const ROOMS = ['live_music_night', 'live_cooking_show', 'voice_chat_lounge', 'live_gaming_arena', 'live_private_rehearsal'];
// `body` is what the server sends to Tencent for these arguments (checked against the sandbox's
// request log when this was written), so the direct baseline makes the same request.
const item = (tool, args, body = args, command = tool) => ({ tool, args, body, command });

/** The two reads a moderation agent makes most: get_seat_list and get_room_info, 200/s each per SDKAppID. */
const SEATS_AND_INFO = ROOMS.flatMap((RoomId) => [item('get_seat_list', { RoomId }), item('get_room_info', { RoomId })]);

/** Eleven read endpoints with separate 200/s budgets, so the limiter allows 2,200 calls/s in all. */
const WIDE = [
  item('get_seat_list', { RoomId: 'live_music_night' }),
  item('get_room_info', { RoomId: 'voice_chat_lounge' }),
  item('get_member_list', { RoomId: 'live_music_night' }, { RoomId: 'live_music_night', Next: '' }),
  item('get_admin_list', { RoomId: 'live_music_night' }),
  item('get_banned_member_list', { RoomId: 'live_music_night' }),
  item('get_muted_member_list', { RoomId: 'live_music_night' }),
  item('get_room_metadata', { RoomId: 'live_music_night' }, { RoomId: 'live_music_night', Keys: [] }),
  item('get_battle_info', { BattleId: 'battle_demo_1', RoomId: 'live_music_night' }),
  item('conference_get_room_info', { RoomId: 'conf_weekly_sync' }),
  item('get_room_member_list', { RoomId: 'conf_weekly_sync' }),
  item('conference_get_banned_member_list', { RoomId: 'conf_weekly_sync' }),
];

/** What the server's limiter lets a uniform round-robin over `mix` reach: the tightest budget binds. */
function capOf(mix) {
  const share = new Map();
  for (const m of mix) {
    const ep = ENDPOINTS[m.command];
    if (!ep) throw new Error(`no endpoint ${m.command}`);
    const key = ep.family === 'mix' ? 'mix' : `${ep.service}/${ep.command}`;
    const e = share.get(key) ?? { n: 0, rate: ep.ratePerSecond, commands: new Set() };
    e.n++;
    e.commands.add(m.command);
    share.set(key, e);
  }
  let cap = Infinity;
  for (const e of share.values()) cap = Math.min(cap, e.rate / (e.n / mix.length));
  return { callsPerSecond: cap, budgets: [...share.values()].map((e) => ({ commands: [...e.commands], perSecond: e.rate })) };
}

// ---------- machine, /proc ----------

let CLK_TCK = 100;
try { CLK_TCK = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100; } catch { /* default */ }

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpu)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let nproc;
  try { nproc = Number(execSync('nproc', { encoding: 'utf8' }).trim()); } catch { nproc = cpus().length; }
  let redis = 'unknown';
  try { redis = execSync(`${findRedisServer()} --version`, { encoding: 'utf8' }).trim(); } catch { /* reported as unknown */ }
  return {
    nproc, cpuModel: model, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version,
    platform: `${process.platform} ${process.arch}`, redis, loadAverage1mAtStart: round(loadavg()[0]),
  };
}

/** VmRSS and VmHWM in KiB, or undefined once the process is gone. */
function memKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: get('VmRSS'), hwm: get('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

/** Busy and total jiffies of the whole machine (every user of it, not only this benchmark). */
function machineJiffies() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - line[3] - line[4], total };
}

// ---------- redis-server (as test/helpers/redis.ts does it) ----------

function findRedisServer() {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin']) {
    if (!dir) continue;
    try { accessSync(join(dir, 'redis-server'), constants.X_OK); return join(dir, 'redis-server'); } catch { /* next */ }
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function answersPing(port) {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = '';
    sock.setTimeout(500, () => { sock.destroy(); resolve(false); });
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { buf += d; if (buf.includes('\r\n')) { sock.destroy(); resolve(buf.startsWith('+PONG')); } });
    sock.on('error', () => resolve(false));
  });
}

async function startRedis() {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server is not installed (apt-get install redis-server); the two-replica scenarios need it.');
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let exited = false;
    child.once('exit', () => { exited = true; children.delete(child); });
    for (let i = 0; i < 100 && !exited; i++) {
      if (await answersPing(port)) return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid, stop: () => stopChild(child) };
      await sleep(50);
    }
    if (!exited) child.kill('SIGKILL');
  }
  throw new Error('redis-server did not start');
}

// ---------- server processes ----------

/** Every child this script started, to stop on the way out (by pid, never by name). */
const children = new Set();

async function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

process.on('exit', () => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });

const tmpDirs = [];

/** `node dist/cli.js --http --port P` against the sandbox, as an operator would start a replica. */
async function startServer(sandbox, sandboxUrl, { redisUrl, redisPrefix }) {
  const state = mkdtempSync(join(tmpdir(), 'tlm-http-load-'));
  tmpDirs.push(state);
  // Raises nothing: reads are allowed by default. Only the elicitation channel, so no approval
  // console is started (it would be idle anyway: no call here needs a human).
  const policy = join(state, 'policy.yaml');
  writeFileSync(policy, '# http-load benchmark: defaults (reads allowed), no console\nchannels: [elicitation]\n');
  const port = await freePort();
  // BENCH_HTTP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" shows where a replica's CPU goes.
  const nodeArgs = process.env.BENCH_HTTP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const args = [...nodeArgs, CLI, '--http', '--port', String(port), '--toolsets', TOOLSETS, '--policy', policy, ...(redisUrl ? ['--redis', redisUrl, '--redis-prefix', redisPrefix] : [])];
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))),
    XDG_STATE_HOME: state,
    TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId),
    TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
    TENCENT_LIVE_ADMIN: sandbox.credentials.admin,
    TENCENT_LIVE_ENDPOINT: sandboxUrl,
    // BENCH_HTTP_LOG_LEVEL=debug (with BENCH_HTTP_SERVER_LOG=/tmp/x): per-request server timings.
    ...(process.env.BENCH_HTTP_LOG_LEVEL && { TENCENT_LIVE_LOG_LEVEL: process.env.BENCH_HTTP_LOG_LEVEL }),
  };
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let tail = '';
  if (process.env.BENCH_HTTP_SERVER_LOG) child.stderr.pipe(createWriteStream(`${process.env.BENCH_HTTP_SERVER_LOG}-${child.pid}.log`));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${tail.slice(-500)}`)), 20_000);
    child.stderr.on('data', (d) => {
      tail = (tail + d).slice(-8000);
      const m = /MCP over Streamable HTTP: (\S+)/.exec(tail);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}) before listening: ${tail.slice(-500)}`)); });
  });
  return { url, port, pid: child.pid, child, stderrTail: () => tail, stop: () => stopChild(child) };
}

// ---------- worker threads ----------

function startWorkers(sandbox, sandboxUrl) {
  return Array.from({ length: WORKERS }, (_, index) => {
    const w = new Worker(WORKER, { workerData: { index, workers: WORKERS, credentials: sandbox.credentials, sandboxUrl } });
    w.on('error', (err) => log(`worker ${index} error: ${err.stack ?? err}`));
    return w;
  });
}

function ask(worker, msg, expect, timeoutMs) {
  return new Promise((resolve, reject) => {
    const done = () => { clearTimeout(timer); worker.off('message', on); worker.off('error', onError); worker.off('exit', onExit); };
    const timer = setTimeout(() => { done(); reject(new Error(`worker did not answer ${msg.type} in ${timeoutMs} ms`)); }, timeoutMs);
    const on = (m) => {
      if (m.type !== expect && m.type !== 'failed') return;
      done();
      if (m.type === 'failed') reject(new Error(`worker failed on ${msg.type}: ${m.error}`));
      else resolve(m);
    };
    const onError = (err) => { done(); reject(err); };
    const onExit = (code) => { done(); reject(new Error(`worker exited (${code}) before answering ${msg.type}`)); };
    worker.on('message', on);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(msg);
  });
}

// ---------- sandbox-side counting ----------

/**
 * Drains the sandbox's request log every 50 ms (keeping it short also keeps its 10,000-entry cap
 * from ever costing a splice) into per-endpoint counts per sandbox second.
 */
function sandboxCounter(sandbox) {
  const seen = new Map(); // command → { bySecond: Map<second, count>, times: number[] }
  const timer = setInterval(drain, 50);
  function drain() {
    const log = sandbox.requests;
    for (const r of log) {
      let e = seen.get(r.command);
      if (!e) seen.set(r.command, (e = { bySecond: new Map(), times: [] }));
      const s = Math.floor(r.at / 1000);
      e.bySecond.set(s, (e.bySecond.get(s) ?? 0) + 1);
      e.times.push(r.at);
    }
    log.length = 0;
  }
  return {
    reset() { drain(); seen.clear(); },
    /** Per endpoint: the rate over [from, to) and the most requests in one whole sandbox second inside it. */
    report(from, to) {
      drain();
      const out = {};
      for (const [command, e] of seen) {
        const inWindow = e.times.filter((t) => t >= from && t < to).length;
        let max = 0;
        for (const [s, n] of e.bySecond) if (s * 1000 >= from && (s + 1) * 1000 <= to) max = Math.max(max, n);
        const rate = ENDPOINTS[command].ratePerSecond;
        const perSec = inWindow / ((to - from) / 1000);
        out[command] = { perSecond: round(perSec, 1), limitPerSecond: rate, fractionOfLimit: round(perSec / rate, 3), maxInOneSandboxSecond: max };
      }
      return out;
    },
    stop() { clearInterval(timer); },
  };
}

// ---------- one scenario ----------

function sessionPlan(total, replicas) {
  // Eras alternate; pairs alternate replicas (round robin); groups of four alternate workers, so
  // every worker drives both eras on every replica.
  return Array.from({ length: total }, (_, id) => ({
    id,
    era: ERAS === 'mixed' ? (id % 2 === 0 ? 'legacy' : 'modern') : ERAS,
    replica: Math.floor(id / 2) % replicas,
    worker: (total < 4 * WORKERS ? id : Math.floor(id / 4)) % WORKERS,
  }));
}

async function scenario(ctx, def) {
  const { sandbox, sandboxUrl, workers, redis } = ctx;
  ctx.scenarioKey = def.key;
  const mix = def.mix;
  const cap = capOf(mix);
  log(`\n${def.key}: ${def.title} — ${def.sessions} sessions, ${def.replicas} replica(s)${def.redis ? ' sharing Redis' : ''}, ${mix.length}-item mix (limiter cap ${cap.callsPerSecond}/s)`);

  const servers = [];
  const prefix = `http-load-${def.key}-${Date.now().toString(36)}`;
  try {
    for (let r = 0; r < def.replicas; r++) servers.push(await startServer(sandbox, sandboxUrl, def.redis ? { redisUrl: redis.url, redisPrefix: prefix } : {}));
    await sleep(500);
    const idle = servers.map((s) => memKb(s.pid));

    // RSS of every server process (and Redis) every 100 ms from here to the end of the scenario.
    const peaks = servers.map((s, i) => ({ pid: s.pid, peakKb: idle[i]?.rss ?? 0, samples: 0 }));
    const redisPeak = def.redis ? { pid: redis.pid, startKb: memKb(redis.pid)?.rss ?? 0, peakKb: memKb(redis.pid)?.rss ?? 0 } : undefined;
    const sampler = setInterval(() => {
      for (const p of peaks) { const m = memKb(p.pid); if (m) { p.peakKb = Math.max(p.peakKb, m.rss); p.samples++; } }
      if (redisPeak) { const m = memKb(redisPeak.pid); if (m) redisPeak.peakKb = Math.max(redisPeak.peakKb, m.rss); }
    }, RSS_EVERY_MS);

    try {
      // 1. The baseline: the signed client calling the sandbox directly, same mix, same concurrency.
      const callersPerWorker = Math.ceil(def.sessions / WORKERS);
      log(`  direct: ${callersPerWorker * WORKERS} concurrent callers, ${DIRECT_WARMUP_MS / 1000} s warm-up + ${DIRECT_MEASURE_MS / 1000} s`);
      const direct = await phase(ctx, { mode: 'direct', mix, callers: callersPerWorker, warmupMs: DIRECT_WARMUP_MS, measureMs: DIRECT_MEASURE_MS });

      // 2. Sessions: connect them all (both eras, round robin over the replicas).
      const plan = sessionPlan(def.sessions, def.replicas);
      const urls = servers.map((s) => s.url);
      const t0 = now();
      const connected = await Promise.all(workers.map((w, i) => ask(w, { type: 'connect', urls, sessions: plan.filter((s) => s.worker === i) }, 'connected', 120_000)));
      const setupWallMs = now() - t0;
      const setup = summary(connected.flatMap((c) => c.setupMs));
      const negotiated = {};
      for (const c of connected) for (const [k, v] of Object.entries(c.negotiated)) negotiated[k] = (negotiated[k] ?? 0) + v;
      const connectErrors = connected.flatMap((c) => c.errors);
      log(`  connected ${connected.reduce((a, c) => a + c.sessions, 0)}/${def.sessions} sessions in ${Math.round(setupWallMs)} ms (${Object.entries(negotiated).map(([k, v]) => `${v} ${k}`).join(', ')})${connectErrors.length ? `; ${connectErrors.length} errors: ${connectErrors[0]}` : ''}`);

      // 3. The load: every session calls in a closed loop until the window ends.
      log(`  mcp: ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s`);
      const cpuPids = [...servers.map((s) => s.pid), ...(def.redis ? [redis.pid] : [])];
      const mcp = await phase(ctx, { mode: 'mcp', mix, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, cpuPids });

      await Promise.all(workers.map((w) => ask(w, { type: 'close' }, 'closed', 60_000)));
      clearInterval(sampler);
      const end = servers.map((s) => memKb(s.pid));

      const added = { p50: round(mcp.latency.p50 - direct.latency.p50, 3), p99: round(mcp.latency.p99 - direct.latency.p99, 3) };
      const calls = mcp.completedInWindow;
      const serverCpu = servers.map((s) => mcp.cpu[s.pid]);
      const serverCpuTotal = serverCpu.reduce((a, b) => a + b, 0);
      const limited = Object.values(mcp.sandbox).some((e) => e.fractionOfLimit >= 0.9);
      const result = {
        key: def.key,
        title: def.title,
        replicas: def.replicas,
        redis: Boolean(def.redis),
        sessions: { total: def.sessions, connected: connected.reduce((a, c) => a + c.sessions, 0), negotiated, perReplica: servers.map((_, r) => plan.filter((s) => s.replica === r).length) },
        mix: { tools: [...new Set(mix.map((m) => m.tool))], items: mix.length, limiterCapPerSecond: cap.callsPerSecond, budgets: cap.budgets },
        setup: { wallMs: round(setupWallMs, 0), perSessionMs: setup, errors: connectErrors.length, firstErrors: connectErrors.slice(0, 5) },
        mcp: {
          windowSeconds: MEASURE_MS / 1000,
          calls,
          callsPerSecond: round(mcp.callsPerSecond, 1),
          fractionOfCap: round(mcp.callsPerSecond / cap.callsPerSecond, 3),
          limiterBound: limited,
          callsPerSessionPerSecond: round(mcp.callsPerSecond / def.sessions, 2),
          latencyMs: mcp.latency,
          latencyByEraMs: mcp.byEra,
          // Little's law for a closed loop: sessions ÷ throughput is the mean time a call spends in
          // the system. The measured mean (calls started inside the window) falls below it when some
          // sessions spent part of the window in a call begun before it (see BENCHMARKS.md).
          littlesLawMeanMs: round((def.sessions / mcp.callsPerSecond) * 1000, 1),
          errors: mcp.errors,
          firstErrors: mcp.firstErrors,
          sandboxPerEndpoint: mcp.sandbox,
          eventLoopDelayMs: mcp.eventLoopDelayMs,
        },
        direct: {
          callers: callersPerWorker * WORKERS,
          windowSeconds: DIRECT_MEASURE_MS / 1000,
          callsPerSecond: round(direct.callsPerSecond, 1),
          latencyMs: direct.latency,
          errors: direct.errors,
          firstErrors: direct.firstErrors,
          eventLoopDelayMs: direct.eventLoopDelayMs,
        },
        addedByServerMs: added,
        memory: {
          perServer: servers.map((s, i) => ({
            replica: i + 1,
            idleRssMiB: round((idle[i]?.rss ?? NaN) / 1024, 1),
            peakRssMiB: round(peaks[i].peakKb / 1024, 1),
            hwmMiB: round((end[i]?.hwm ?? NaN) / 1024, 1),
            afterRssMiB: round((end[i]?.rss ?? NaN) / 1024, 1),
            samples: peaks[i].samples,
          })),
          ...(redisPeak && { redisRssMiB: { atStart: round(redisPeak.startKb / 1024, 1), peak: round(redisPeak.peakKb / 1024, 1) } }),
        },
        cpu: {
          // Cores busy during the window: 1.0 is one core flat out. CPU per call is the figure
          // that carries to other machines; calls/s on this one is bounded by all of these sharing 2 cores.
          serverCores: serverCpu.map((c) => round(c / (mcp.windowMs / 1000), 2)),
          serverCpuMsPerCall: round((serverCpuTotal * 1000) / calls, 3),
          benchProcessCores: round(mcp.benchCpu / (mcp.windowMs / 1000), 2),
          ...(def.redis && { redisCores: round(mcp.cpu[redis.pid] / (mcp.windowMs / 1000), 2) }),
          machineBusyCores: round(mcp.machineBusyCores, 2),
          // Whatever else ran on the machine meanwhile (it is shared): busy cores not ours.
          otherCores: round(mcp.machineBusyCores - serverCpuTotal / (mcp.windowMs / 1000) - mcp.benchCpu / (mcp.windowMs / 1000) - (def.redis ? mcp.cpu[redis.pid] / (mcp.windowMs / 1000) : 0), 2),
          directPhaseMachineBusyCores: round(direct.machineBusyCores, 2),
        },
      };
      log(`  → ${result.mcp.callsPerSecond} calls/s (cap ${cap.callsPerSecond}), p50 ${mcp.latency.p50} / p99 ${mcp.latency.p99} ms; direct ${direct.callsPerSecond.toFixed(0)}/s p50 ${direct.latency.p50} / p99 ${direct.latency.p99} ms; errors ${mcp.errors + direct.errors + connectErrors.length}; peak RSS ${result.memory.perServer.map((m) => `${m.peakRssMiB} MiB`).join(' + ')}`);
      return result;
    } finally {
      clearInterval(sampler);
    }
  } catch (err) {
    for (const s of servers) log(`  server ${s.pid} stderr (tail): ${s.stderrTail().slice(-1000)}`);
    throw err;
  } finally {
    // Whatever happened, sessions go before the servers (a no-op when already closed).
    await Promise.all(workers.map((w) => ask(w, { type: 'close' }, 'closed', 60_000).catch(() => {})));
    for (const s of servers) await s.stop();
  }
}

/** One closed-loop window across the workers; CPU and sandbox counts cut at the same instants. */
async function phase(ctx, { mode, mix, callers, warmupMs, measureMs, cpuPids = [] }) {
  const { workers, counter } = ctx;
  const startAt = now() + 200; // every worker starts together
  const from = startAt + warmupMs;
  const to = from + measureMs;
  counter.reset();
  let cpuFrom;
  let cpuTo;
  const snap = () => ({
    t: now(),
    pids: Object.fromEntries(cpuPids.map((p) => [p, cpuSeconds(p)])),
    bench: process.cpuUsage(), // every thread of this process: the sandbox and the clients
    machine: machineJiffies(),
  });
  const t1 = setTimeout(() => { cpuFrom = snap(); }, from - now());
  const t2 = setTimeout(() => { cpuTo = snap(); }, to - now());
  const msg = { type: 'run', mode, startAt, warmupMs, measureMs, mix, callers, maxCallsPerCaller: MAX_CALLS_PER_CALLER };
  // How late the main thread (the sandbox) ran: stalls here delay both the direct and the MCP calls.
  const sandboxLoop = monitorEventLoopDelay({ resolution: 10 });
  sandboxLoop.enable();
  const results = await Promise.all(workers.map((w) => ask(w, msg, 'done', warmupMs + measureMs + 120_000)));
  sandboxLoop.disable();
  clearTimeout(t1);
  clearTimeout(t2);
  cpuFrom ??= snap();
  cpuTo ??= snap();
  const sandboxCounts = counter.report(from, to);

  const all = [];
  const byEra = [[], []];
  let completed = 0;
  let errors = 0;
  const firstErrors = [];
  for (const r of results) {
    completed += r.completed;
    errors += r.errors;
    for (const e of r.firstErrors) if (firstErrors.length < 5 && !firstErrors.includes(e)) firstErrors.push(e);
    for (let i = 0; i < r.latency.length; i++) {
      all.push(r.latency[i]);
      if (r.eras[i] < 2) byEra[r.eras[i]].push(r.latency[i]);
    }
  }
  if (process.env.BENCH_HTTP_DUMP) {
    // One line per call that started in the window, for looking at where the slow ones come from.
    const lines = ['mode,startMs,latencyMs,caller,era,tool'];
    for (const r of results) {
      for (let i = 0; i < r.latency.length; i++) {
        lines.push(`${mode},${(r.startTimes[i] - from).toFixed(2)},${r.latency[i].toFixed(3)},${r.callerIds[i]},${['legacy', 'modern', 'direct'][r.eras[i]]},${mix[r.mixes[i]].tool}`);
      }
    }
    writeFileSync(`${process.env.BENCH_HTTP_DUMP}-${ctx.scenarioKey}-${mode}.csv`, lines.join('\n') + '\n');
  }
  if (process.env.BENCH_HTTP_TRACE === '1') for (const r of results) log(`  trace ${mode} (window from ${Math.round(from)}): ${JSON.stringify(r.trace)}`);
  const windowMs = cpuTo.t - cpuFrom.t;
  const cpu = Object.fromEntries(cpuPids.map((p) => [p, cpuTo.pids[p] - cpuFrom.pids[p]]));
  const benchCpu = (cpuTo.bench.user + cpuTo.bench.system - cpuFrom.bench.user - cpuFrom.bench.system) / 1e6;
  const jiffies = cpuTo.machine.total - cpuFrom.machine.total;
  const machineBusyCores = jiffies > 0 ? ((cpuTo.machine.busy - cpuFrom.machine.busy) / jiffies) * (cpus().length) : NaN;
  return {
    completedInWindow: completed,
    callsPerSecond: completed / (measureMs / 1000),
    latency: summary(all),
    byEra: mode === 'mcp' ? { legacy2025: summary(byEra[0]), modern2026: summary(byEra[1]) } : undefined,
    errors,
    firstErrors,
    sandbox: sandboxCounts,
    cpu,
    benchCpu,
    machineBusyCores,
    windowMs,
    eventLoopDelayMs: {
      sandboxThread: { p99: round(sandboxLoop.percentile(99) / 1e6, 1), max: round(sandboxLoop.max / 1e6, 1) },
      clientThreads: results.map((r) => ({ p99: round(r.loopDelayMs.p99, 1), max: round(r.loopDelayMs.max, 1) })),
    },
  };
}

// ---------- main ----------

function table(results) {
  const rows = [
    '| Scenario | Sessions (2025 / 2026 era) | Calls/s (limiter cap; share) | MCP p50 / p99 | Direct p50 / p99 (calls/s) | Added by the server p50 / p99 | Errors | Peak RSS per server (idle) | Server CPU per call |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results.scenarios) {
    const eras = r.sessions.negotiated;
    const legacy = Object.entries(eras).filter(([k]) => k.startsWith('legacy')).reduce((a, [, v]) => a + v, 0);
    const modern = Object.entries(eras).filter(([k]) => k.startsWith('modern')).reduce((a, [, v]) => a + v, 0);
    const errors = r.mcp.errors + r.direct.errors + r.setup.errors;
    rows.push(`| ${r.key}. ${r.title} | ${r.sessions.connected} (${legacy} / ${modern}) | ${r.mcp.callsPerSecond} (${r.mix.limiterCapPerSecond}; ${r.mcp.fractionOfCap})${r.mcp.limiterBound ? ' limiter-bound' : ''} | ${r.mcp.latencyMs.p50} / ${r.mcp.latencyMs.p99} ms | ${r.direct.latencyMs.p50} / ${r.direct.latencyMs.p99} ms (${r.direct.callsPerSecond}) | ${r.addedByServerMs.p50} / ${r.addedByServerMs.p99} ms | ${errors} | ${r.memory.perServer.map((m) => `${m.peakRssMiB} MiB (${m.idleRssMiB})`).join(' + ')} | ${r.cpu.serverCpuMsPerCall} ms |`);
  }
  rows.push('', '| Scenario | 2025-era p50 / p99 | 2026-era p50 / p99 | Mean: Little\'s law (measured) | Session setup p50 / p99 (all) | Cores busy: servers / bench (sandbox + clients) / Redis / others / whole machine | Busiest endpoint at the sandbox |', '|---|---|---|---|---|---|---|');
  for (const r of results.scenarios) {
    const e = r.mcp.latencyByEraMs;
    const busiest = Object.entries(r.mcp.sandboxPerEndpoint).sort((a, b) => b[1].fractionOfLimit - a[1].fractionOfLimit)[0];
    rows.push(`| ${r.key} | ${e.legacy2025.p50} / ${e.legacy2025.p99} ms | ${e.modern2026.p50} / ${e.modern2026.p99} ms | ${r.mcp.littlesLawMeanMs} ms (${r.mcp.latencyMs.mean} ms) | ${r.setup.perSessionMs.p50} / ${r.setup.perSessionMs.p99} ms (${r.setup.wallMs} ms) | ${r.cpu.serverCores.join(' + ')} / ${r.cpu.benchProcessCores} / ${r.cpu.redisCores ?? '–'} / ${r.cpu.otherCores} / ${r.cpu.machineBusyCores} | ${busiest ? `${busiest[0]} ${busiest[1].perSecond}/s of ${busiest[1].limitPerSecond} (max ${busiest[1].maxInOneSandboxSecond} in one sandbox second)` : '–'} |`);
  }
  return rows.join('\n');
}

const SCENARIOS = [
  { key: 'R', title: 'reference: 1 session per era, 1 replica, 11-endpoint mix', sessions: 2, replicas: 1, mix: WIDE, reference: true },
  { key: 'A', title: '1 replica, get_seat_list + get_room_info', sessions: SESSIONS, replicas: 1, mix: SEATS_AND_INFO },
  { key: 'B', title: '2 replicas + Redis, get_seat_list + get_room_info', sessions: SESSIONS, replicas: 2, redis: true, mix: SEATS_AND_INFO },
  { key: 'C', title: '1 replica, 11-endpoint read mix', sessions: SESSIONS, replicas: 1, mix: WIDE },
  { key: 'D', title: '2 replicas + Redis, 11-endpoint read mix', sessions: SESSIONS, replicas: 2, redis: true, mix: WIDE },
];

async function main() {
  if (SESSIONS < 200 && !QUICK) log(`note: BENCH_HTTP_SESSIONS=${SESSIONS} is below the 200 sessions this benchmark is meant to drive`);
  const results = { time: new Date().toISOString(), quick: QUICK, machine: machine(), settings: {
    sessions: SESSIONS, loadThreads: WORKERS, measureSeconds: MEASURE_MS / 1000, warmupSeconds: WARMUP_MS / 1000,
    directMeasureSeconds: DIRECT_MEASURE_MS / 1000, directWarmupSeconds: DIRECT_WARMUP_MS / 1000, rssSampleMs: RSS_EVERY_MS,
    toolsets: TOOLSETS, eras: ERAS, sandboxRateLimits: false, serverRateLimiter: 'on (as shipped)',
  }, scenarios: [] };
  const sandbox = createSandbox({ seed: 'demo', rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const counter = sandboxCounter(sandbox);
  const workers = startWorkers(sandbox, listening.url);
  let redis;
  try {
    if (SCENARIOS.some((s) => s.redis)) redis = await startRedis();
    const ctx = { sandbox, sandboxUrl: listening.url, workers, redis, counter };
    for (const def of SCENARIOS.filter((s) => !ONLY || ONLY.includes(s.key))) results.scenarios.push(await scenario(ctx, def));
  } finally {
    await Promise.all(workers.map((w) => ask(w, { type: 'exit' }, 'exited', 10_000).catch(() => {})));
    await Promise.all(workers.map((w) => w.terminate()));
    counter.stop();
    if (redis) await redis.stop();
    await listening.close();
    for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  }
  results.machine.loadAverage1mAtEnd = round(loadavg()[0]);

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(results, null, 2) + '\n';
  writeFileSync(join(dir, `http-load-${results.time.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'http-load-latest.json'), json);
  const m = results.machine;
  process.stdout.write(`\nMachine: ${m.nproc} CPU(s), ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.redis.split(' ').slice(0, 3).join(' ')}; load ${m.loadAverage1mAtStart} at start, ${m.loadAverage1mAtEnd} at end\n\n${table(results)}\n\n`);
  process.stdout.write('Written to bench/results/http-load-latest.json\n');

  const problems = [];
  for (const r of results.scenarios) {
    const errors = r.mcp.errors + r.direct.errors + r.setup.errors;
    if (errors) problems.push(`${r.key}: ${errors} errors (${[...r.setup.firstErrors, ...r.mcp.firstErrors, ...r.direct.firstErrors].slice(0, 3).join(' | ')})`);
    if (r.sessions.connected !== r.sessions.total) problems.push(`${r.key}: ${r.sessions.connected}/${r.sessions.total} sessions connected`);
  }
  if (problems.length) { process.stderr.write(`bench:http: ${problems.join('; ')}\n`); process.exitCode = 1; }
}

await main();
