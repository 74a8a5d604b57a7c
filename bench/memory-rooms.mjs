// Memory over destructive calls to distinct rooms, in one process so the heap can be measured
// after a full GC (run with --expose-gc). Every call goes through the whole policy pipeline
// (decide, breaker, caps, limiter, audit to a real file with group commit, the signed client)
// to a room never seen before; the sandbox answers 100004 (no such room), so no room state grows
// on the far side, and the sandbox's request log is emptied at every checkpoint. Flat heap and
// RSS from the first checkpoint to the last mean no per-room state is kept.
//   node --expose-gc bench/memory-rooms.mjs            (100,000 calls; checkpoints 10k, 50k, 100k)
//   BENCH_DISTINCT_ROOMS=20000 node --expose-gc bench/memory-rooms.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { createServer } from '../dist/server.js';
import { TOOLS } from '../dist/tools/index.js';
import { createConfirmStateCodec } from '../dist/policies/confirm.js';
import { createPolicyRuntime } from '../dist/policies/runtime.js';
import { PolicySchema } from '../dist/policies/rules.js';
import { FileAuditLog } from '../dist/policies/audit.js';
import { createLogger } from '../dist/logger.js';
import { createRestClient } from '../dist/client/rest-client.js';
import { createSandbox } from '../dist/sandbox/index.js';

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('run with node --expose-gc\n');
  process.exit(2);
}
const TOTAL = Number(process.env.BENCH_DISTINCT_ROOMS ?? 100_000);
const CHECKPOINTS = [0.1, 0.5, 1].map((f) => Math.round(TOTAL * f));
const MiB = (b) => Math.round((b / 1048576) * 10) / 10;

const sandbox = createSandbox({ rateLimits: false });
const listening = await sandbox.listen({ port: 0 });
const live = createRestClient({ ...sandbox.credentials, endpoint: listening.url });
const audit = new FileAuditLog(join(mkdtempSync(join(tmpdir(), 'tlm-bench-mem-')), 'audit.jsonl'));
// A clock that moves 1 s per call: 100,000 calls stand for a day of moderation, so the breaker's
// and the caps' windows (minutes) open and close many times over, as they would in service; what
// a room leaves behind after its windows have passed is what must not accumulate.
let simulated = Date.now();
const clock = () => simulated;
const runtime = createPolicyRuntime({ clock, audit, policy: PolicySchema.parse({ rules: [{ tools: ['kick_user_off_seat'], action: 'allow' }] }) });
const server = createServer({ client: live, tools: TOOLS, codec: createConfirmStateCodec(), runtime, logger: createLogger({ level: 'error', write: () => {} }) });
const [ct, st] = InMemoryTransport.createLinkedPair();
await server.connect(st);
const client = new Client({ name: 'bench-memory', version: '1.0.0' });
await client.connect(ct);
await client.listTools();

const settle = async () => {
  sandbox.requests.length = 0;
  for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); }
  const m = process.memoryUsage();
  return { heapMiB: MiB(m.heapUsed), rssMiB: MiB(m.rss) };
};

const samples = [];
let next = 0;
const t0 = performance.now();
for (const end of CHECKPOINTS) {
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = next++; i < end; i = next++) {
      simulated += 1000;
      const r = await client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: `gone_${i}`, Member_Account: 'viewer_ada', Data: '' } });
      if (!r.isError) throw new Error(`expected Tencent to refuse room gone_${i}`);
    }
  }));
  next = end;
  samples.push({ calls: end, ...(await settle()) });
  process.stderr.write(`  ${end} calls: heap ${samples.at(-1).heapMiB} MiB, RSS ${samples.at(-1).rssMiB} MiB (${Math.round((performance.now() - t0) / 1000)} s)\n`);
}
await client.close();
await server.close();
await live.close();
await listening.close();
audit.close();
const first = samples[0];
const last = samples.at(-1);
const result = {
  calls: TOTAL,
  samples,
  heapGrowthMiB: Math.round((last.heapMiB - first.heapMiB) * 10) / 10,
  heapPerRoomBytes: Math.round(((last.heapMiB - first.heapMiB) * 1048576) / (last.calls - first.calls)),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
