// A load-generating worker thread for bench/http-load.mjs. The main thread keeps the sandbox (and
// the memory sampler) to itself; the MCP client sessions and the direct signed-client callers live
// here, so their JSON and protocol work does not sit on the sandbox's event loop.
//
// Messages in (each answered once, by type):
//   connect { urls, sessions: [{ id, replica, era }] }      → connected { setupMs, negotiated, errors }
//   run { mode: 'mcp' | 'direct', startAt, warmupMs, measureMs, mix, callers, maxCallsPerCaller }
//                                                            → done { latencies…, calls, completed, errors }
//   close                                                   → closed
// Times are epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now()),
// so every thread cuts the same measurement window.
import dc from 'node:diagnostics_channel';
import { parentPort, workerData } from 'node:worker_threads';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ENDPOINTS } from '../dist/catalog/endpoints.js';
import { createRestClient } from '../dist/client/rest-client.js';

const now = () => performance.timeOrigin + performance.now();
const WORKERS_TOTAL = workerData.workers;

// BENCH_HTTP_TRACE=1: MCP fetches that waited over 800 ms for their response headers, and new
// connections whose TCP handshake took over 200 ms; every MCP request then also carries the time
// its fetch() began (x-bench-sent), which bench/http-load-server-probe.mjs reads in the server.
const TRACE = process.env.BENCH_HTTP_TRACE === '1';
const slow = [];
let connects = 0;
if (TRACE) {
  const began = new WeakMap();
  dc.subscribe('undici:client:beforeConnect', (m) => { began.set(m.connectParams, now()); });
  dc.subscribe('undici:client:connected', (m) => {
    connects++;
    const t = began.get(m.connectParams);
    if (t !== undefined && now() - t > 200) slow.push({ what: 'connect', at: Math.round(t), ms: Math.round(now() - t), port: m.connectParams.port });
  });
  dc.subscribe('undici:client:connectError', (m) => { slow.push({ what: 'connect error', error: String(m.error?.code ?? m.error) }); });
}
const tracedFetch = (era) => async (url, init) => {
  const t = now();
  const res = await fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), 'x-bench-sent': String(t) } });
  if (now() - t > 800) slow.push({ what: 'headers', era, method: init?.method, at: Math.round(t), ms: Math.round(now() - t), type: res.headers.get('content-type') });
  return res;
};

const direct = createRestClient({ ...workerData.credentials, endpoint: workerData.sandboxUrl });
/** @type {Array<{ id: number, replica: number, era: 'legacy' | 'modern', client: Client, transport: StreamableHTTPClientTransport }>} */
let sessions = [];

function errorText(r) {
  const first = Array.isArray(r.content) ? r.content.find((c) => c.type === 'text') : undefined;
  return String(first?.text ?? JSON.stringify(r.content)).slice(0, 300);
}

async function withLimit(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i], i);
  }));
}

async function connect({ urls, sessions: wanted }) {
  const setupMs = [];
  const negotiated = {};
  const errors = [];
  sessions = [];
  await withLimit(wanted, 25, async (s) => {
    // 'legacy': the default 2025 handshake (initialize, Mcp-Session-Id); 'modern': server/discover
    // and stateless 2026-07-28 requests.
    const client = new Client(
      { name: `http-load-${s.era}`, version: '1.0.0' },
      { capabilities: {}, ...(s.era === 'modern' && { versionNegotiation: { mode: 'auto' } }) },
    );
    const transport = new StreamableHTTPClientTransport(new URL(urls[s.replica]), TRACE ? { fetch: tracedFetch(s.era) } : {});
    const t = now();
    try {
      await client.connect(transport, { timeout: 30_000 });
      setupMs.push(now() - t);
      const v = `${s.era}:${client.getNegotiatedProtocolVersion?.() ?? 'unknown'}`;
      negotiated[v] = (negotiated[v] ?? 0) + 1;
      sessions.push({ ...s, client, transport });
    } catch (err) {
      errors.push(`connect ${s.era} #${s.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  sessions.sort((a, b) => a.id - b.id);
  return { type: 'connected', setupMs, negotiated, errors, sessions: sessions.length };
}

async function run({ mode, startAt, warmupMs, measureMs, mix, callers, maxCallsPerCaller }) {
  const from = startAt + warmupMs;
  const to = from + measureMs;
  const lat = [];
  const starts = [];
  const callerList = [];
  const mixIdx = [];
  const eraIdx = [];
  let calls = 0;
  let completed = 0;
  let errorCount = 0;
  const firstErrors = [];
  const fail = (text) => {
    errorCount++;
    if (firstErrors.length < 5 && !firstErrors.includes(text)) firstErrors.push(text);
  };
  const loops = mode === 'mcp'
    ? sessions.map((s) => ({ id: s.id, era: s.era === 'modern' ? 1 : 0, session: s }))
    : Array.from({ length: callers }, (_, k) => ({ id: workerData.index * callers + k, era: 2 }));
  const wait = startAt - now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  // How late this thread's own event loop ran: client-side queueing that the latencies include.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  await Promise.all(loops.map(async (loop, n) => {
    // Callers start spread over the first half of the warm-up, not as one burst of 200 at once.
    const offset = ((n * WORKERS_TOTAL + workerData.index) / (loops.length * WORKERS_TOTAL)) * (warmupMs / 2);
    if (offset > 0) await new Promise((r) => setTimeout(r, offset));
    for (let i = 0; i < maxCallsPerCaller; i++) {
      const t = now();
      if (t >= to) break;
      const k = (loop.id + i) % mix.length;
      const m = mix[k];
      let ok = true;
      try {
        if (mode === 'mcp') {
          const r = await loop.session.client.callTool({ name: m.tool, arguments: m.args }, { timeout: 60_000 });
          if (r.isError) { ok = false; fail(`${m.tool}: ${errorText(r)}`); }
        } else {
          await direct.call(ENDPOINTS[m.command], m.body, { idempotent: true });
        }
      } catch (err) {
        ok = false;
        fail(`${mode === 'mcp' ? m.tool : m.command}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const done = now();
      calls++;
      // Throughput counts completions inside the window; latency is taken from every call that
      // started inside it (each is awaited, so a slow one is not cut off by the window's end).
      if (ok && done >= from && done < to) completed++;
      if (ok && t >= from) {
        lat.push(done - t);
        starts.push(t);
        callerList.push(loop.id);
        mixIdx.push(k);
        eraIdx.push(loop.era);
      }
      // An erroring caller must not spin: errors are what this run exists to show, not to multiply.
      if (!ok) await new Promise((r) => setTimeout(r, 10));
    }
  }));
  loopDelay.disable();
  const latency = Float64Array.from(lat);
  const startTimes = Float64Array.from(starts);
  const callerIds = Uint16Array.from(callerList);
  const mixes = Uint8Array.from(mixIdx);
  const eras = Uint8Array.from(eraIdx);
  return {
    msg: {
      type: 'done', latency, startTimes, callerIds, mixes, eras, calls, completed, errors: errorCount, firstErrors,
      trace: TRACE ? { connects, slow: slow.splice(0) } : undefined,
      loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    },
    transfer: [latency.buffer, startTimes.buffer, callerIds.buffer, mixes.buffer, eras.buffer],
  };
}

async function close() {
  await withLimit(sessions, 25, async (s) => {
    const bounded = (p) => Promise.race([p, new Promise((r) => setTimeout(r, 2000))]);
    try {
      // A 2025-era session is ended with DELETE so the server frees it now, not after its idle timeout.
      if (s.era === 'legacy' && s.transport.sessionId) await bounded(s.transport.terminateSession());
    } catch { /* the server may already be gone */ }
    await bounded(s.client.close().catch(() => {}));
  });
  sessions = [];
  return { type: 'closed' };
}

parentPort.on('message', async (m) => {
  try {
    if (m.type === 'connect') parentPort.postMessage(await connect(m));
    else if (m.type === 'run') {
      const { msg, transfer } = await run(m);
      parentPort.postMessage(msg, transfer);
    } else if (m.type === 'close') parentPort.postMessage(await close());
    else if (m.type === 'exit') {
      await direct.close().catch(() => {});
      parentPort.postMessage({ type: 'exited' });
      parentPort.close();
    }
  } catch (err) {
    parentPort.postMessage({ type: 'failed', error: err instanceof Error ? err.stack : String(err) });
  }
});
