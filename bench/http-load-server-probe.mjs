// An optional preload for the server processes of bench/http-load.mjs, for finding where slow calls
// wait; it observes and changes nothing. Use it with the client-side trace, which stamps every MCP
// request with the time its fetch() began (x-bench-sent):
//
//   BENCH_HTTP_TRACE=1 BENCH_HTTP_NODE_ARGS="--import ./bench/http-load-server-probe.mjs" \
//   BENCH_HTTP_SERVER_LOG=/tmp/tlm BENCH_HTTP_ONLY=C node bench/http-load.mjs
//
// On SIGTERM (the end of the scenario) it writes to stderr (so to /tmp/tlm-<pid>.log): how long
// requests waited between the client's fetch() and the server's 'request' event, the slowest of
// them with their connection (id, requests so far on it, ms since the server accepted it), and the
// server's event-loop delay. A first request on a connection accepted just before it, after a long
// wait, is a connection that sat in the listen backlog.
import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const waits = [];
let sockets = 0;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'connection') Object.assign(args[0], { benchId: ++sockets, benchAccepted: now(), benchRequests: 0 });
  if (event === 'request') {
    const sent = Number(args[0].headers['x-bench-sent']);
    const socket = args[0].socket;
    socket.benchRequests++;
    if (sent) waits.push({ waitMs: Math.round(now() - sent), connection: socket.benchId, nth: socket.benchRequests, sinceAcceptMs: Math.round(now() - socket.benchAccepted) });
  }
  return emit.call(this, event, ...args);
};
process.once('SIGTERM', () => {
  const sorted = waits.map((w) => w.waitMs).sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const slow = waits.filter((w) => w.waitMs > 1000);
  process.stderr.write(
    `probe: wait before the request event: n=${sorted.length} p50=${at(0.5)} p99=${at(0.99)} max=${sorted.at(-1)} ms; ${slow.length} over 1 s, ` +
      `${slow.filter((w) => w.nth === 1).length} of them the first request on their connection\n` +
      `probe: slowest: ${JSON.stringify(waits.sort((a, b) => b.waitMs - a.waitMs).slice(0, 10))}\n` +
      `probe: event-loop delay p50=${(loop.percentile(50) / 1e6).toFixed(1)} p99=${(loop.percentile(99) / 1e6).toFixed(1)} max=${(loop.max / 1e6).toFixed(1)} ms\n`,
  );
});
