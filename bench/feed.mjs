// The callback receiver and the held queue under load (part of `npm run bench`; alone:
// `node bench/feed.mjs` after a build). Prints and writes bench/results/feed-latest.json:
//   f. callbacks per second into the receiver over loopback HTTP (signed member-state and
//      before-send callbacks, a share of them held), with the p50/p99 answer time; then the same
//      against the shared feed in Redis (--redis), when redis-server is installed;
//   g. release throughput: held messages released through the feed tool's path against the
//      sandbox (send_group_msg as the sender), per second.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { createFeed } from '../dist/feed/index.js';
import { connectRedisFeedStore } from '../dist/feed/redis-store.js';
import { HoldRulesSchema } from '../dist/feed/holds.js';
import { startCallbackListener } from '../dist/feed/http.js';
import { callbackSign } from '../dist/feed/signature.js';
import { feedTools } from '../dist/feed/tools.js';
import { createRestClient } from '../dist/client/rest-client.js';
import { silentLogger } from '../dist/logger.js';
import { createSandbox } from '../dist/sandbox/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const CALLBACKS = QUICK ? 2000 : 20_000;
const CONCURRENCY = 16;
const RELEASES = QUICK ? 200 : 1000;
const TOKEN = 'bench-callback-token';
const APP = 1400000001;
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const round = (x) => Math.round(x * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'feed-bench-'));
const feed = createFeed({ file: join(dir, 'feed.sqlite'), sdkAppId: APP, token: TOKEN, logger: silentLogger, holds: HoldRulesSchema.parse({ words: ['spam'] }) });
const listener = await startCallbackListener(feed.receiver, { host: '127.0.0.1', port: 0, logger: silentLogger });
const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });

async function ingest(listener, feed) {
  const times = [];
  let next = 0;
  let failures = 0;
  const one = async (i) => {
    const held = i % 10 === 0;
    const command = i % 2 === 0 ? 'Group.CallbackBeforeSendMsg' : 'Live.CallbackAfterMemberStateChanged';
    const body = command === 'Group.CallbackBeforeSendMsg'
      ? { CallbackCommand: command, GroupId: `room_${i % 50}`, From_Account: `u${i % 500}`, Random: i, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: held ? 'buy spam now' : `hello ${i}` } }] }
      : { CallbackCommand: command, RoomId: `room_${i % 50}`, EventType: 'Online', EventCause: 'Enter', MemberList: [{ Member_Account: `u${i}` }], EventTime: Date.now() };
    const t = String(Math.floor(Date.now() / 1000));
    const url = `${listener.url}?SdkAppid=${APP}&CallbackCommand=${command}&contenttype=json&RequestTime=${t}&Sign=${callbackSign(TOKEN, t)}`;
    const started = performance.now();
    const res = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, dispatcher: agent });
    const answer = await res.body.json();
    times.push(performance.now() - started);
    if (res.statusCode !== 200 || answer.ActionStatus !== 'OK') failures += 1;
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < CALLBACKS) await one(next++); }));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { callbacks: CALLBACKS, concurrency: CONCURRENCY, perSecond: Math.round(CALLBACKS / seconds), p50Ms: round(pct(times, 50)), p99Ms: round(pct(times, 99)), maxMs: round(times.at(-1)), failures, held: feed.receiver.stats.held };
}

async function releases() {
  const sandbox = createSandbox({ seed: 'demo', rateLimits: false });
  const listening = await sandbox.listen({ port: 0 });
  const client = createRestClient({ ...sandbox.credentials, endpoint: listening.url, logger: silentLogger });
  const rfeed = createFeed({ file: join(dir, 'release.sqlite'), sdkAppId: sandbox.credentials.sdkAppId, token: TOKEN, logger: silentLogger });
  const ids = [];
  for (let i = 0; i < RELEASES; i++) ids.push((await rfeed.store.hold({ room: 'live_music_night', sender: `u${i}`, text: `m${i}`, reason: 'bench', msgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `m${i}` } }] }, Date.now())).id);
  const release = feedTools.find((t) => t.name === 'release_held_message');
  const ctx = { mcpReq: { signal: new AbortController().signal, _meta: undefined } };
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < ids.length) await release.run({ HeldId: ids[next++] }, { client, feed: rfeed, ctx, actor: 'bench' });
  }));
  const seconds = (performance.now() - started) / 1000;
  const delivered = sandbox.requests.filter((r) => r.command === 'send_group_msg').length;
  await client.close();
  await listening.close();
  rfeed.close();
  return { releases: RELEASES, perSecond: Math.round(RELEASES / seconds), delivered, note: 'the feed tool\'s own path (state change + send_group_msg), without the MCP and policy layers' };
}

/** The same ingest against the shared feed (--redis), when Debian's redis-server is installed. */
async function ingestShared() {
  const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  if (!bin) return { skipped: 'redis-server not installed' };
  const port = await new Promise((resolve) => { const s = createNetServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    let store;
    for (let i = 0; i < 100 && !store; i++) {
      store = await connectRedisFeedStore(`redis://127.0.0.1:${port}`, { prefix: 'bench' }).catch(() => undefined);
      if (!store) await new Promise((r) => setTimeout(r, 50));
    }
    if (!store) return { skipped: 'redis-server did not start' };
    const sfeed = createFeed({ file: ':memory:', store, sdkAppId: APP, token: TOKEN, logger: silentLogger, holds: HoldRulesSchema.parse({ words: ['spam'] }) });
    const slistener = await startCallbackListener(sfeed.receiver, { host: '127.0.0.1', port: 0, logger: silentLogger });
    const r = await ingest(slistener, sfeed);
    await slistener.close();
    await sfeed.close();
    return r;
  } finally {
    child.kill('SIGKILL');
  }
}

const results = { time: new Date().toISOString(), ingest: await ingest(listener, feed), ingestShared: await ingestShared(), release: await releases() };
await listener.close();
await agent.close();
feed.close();
const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'feed-latest.json'), JSON.stringify(results, null, 2) + '\n');
const i = results.ingest;
const r = results.release;
process.stdout.write(
  `Callback receiver: ${i.perSecond} callbacks/s (${i.callbacks} signed, ${i.concurrency} concurrent), answer p50 ${i.p50Ms} ms, p99 ${i.p99Ms} ms, max ${i.maxMs} ms; ${i.held} held, ${i.failures} failures\n` +
  (results.ingestShared.skipped ? `Shared feed (Redis): skipped, ${results.ingestShared.skipped}\n`
    : `Shared feed (Redis): ${results.ingestShared.perSecond} callbacks/s, answer p50 ${results.ingestShared.p50Ms} ms, p99 ${results.ingestShared.p99Ms} ms, max ${results.ingestShared.maxMs} ms; ${results.ingestShared.held} held, ${results.ingestShared.failures} failures\n`) +
  `Held-message release: ${r.perSecond} releases/s (${r.delivered}/${r.releases} delivered once each)\n`,
);
if (i.failures || results.ingestShared.failures || r.delivered !== r.releases) process.exitCode = 1;
