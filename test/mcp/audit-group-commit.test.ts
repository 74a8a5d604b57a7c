// Group commit of the audit log: a destructive call's intent is fsync'ed before the request leaves,
// the fsync runs off the event loop and covers every record written before it started, and a
// failed fsync refuses the call with nothing sent. A reversible write's intent is written, not
// fsync'ed (policies/audit.ts says why).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditWriteError, FileAuditLog, nodeAuditFs, readAudit, type AuditFs, type AuditRecord } from '../../src/policies/audit.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { ok } from '../helpers/client-mock.js';

const ORIGIN = 'https://adminapisgp.im.qcloud.com';
const tmpLog = () => join(mkdtempSync(join(tmpdir(), 'audit-gc-')), 'audit.jsonl');
const rec = (callId: string, event: AuditRecord['event'] = 'intent'): AuditRecord => ({ time: 't', event, callId, tool: 'pick_user_on_seat', effect: 'write' });

/**
 * The real file operations, watched: how many fsyncs ran, and how many bytes of the file the last
 * completed one covered (the file's size when it started). `hold` keeps fsyncs in the pool until
 * released, so a test can write more records while one is running.
 */
function watchedFs(opts: { failFsync?: () => NodeJS.ErrnoException | undefined } = {}) {
  const state = { fsyncs: 0, fsyncSyncs: 0, durableBytes: 0, held: [] as Array<() => void>, hold: false };
  const fs: AuditFs = {
    ...nodeAuditFs,
    fsyncSync: (fd) => { state.fsyncSyncs++; nodeAuditFs.fsyncSync(fd); },
    fsync: (fd, cb) => {
      state.fsyncs++;
      const size = nodeAuditFs.fstatSync(fd).size;
      const run = () => nodeAuditFs.fsync(fd, (err) => {
        const injected = opts.failFsync?.();
        if (!err && !injected) state.durableBytes = Math.max(state.durableBytes, size);
        cb(err ?? injected ?? null);
      });
      if (state.hold) state.held.push(run);
      else run();
    },
  };
  const release = () => { for (const run of state.held.splice(0)) run(); };
  return { fs, state, release };
}

describe('FileAuditLog group commit', () => {
  it('a durable write resolves only after an fsync covering it; a plain write returns at once and never fsyncs', async () => {
    const path = tmpLog();
    const { fs, state, release } = watchedFs();
    const log = new FileAuditLog(path, { fs });
    expect(log.write(rec('plain', 'decision'))).toBeUndefined();
    expect(state.fsyncs).toBe(0);
    state.hold = true;
    let done = false;
    const p = log.write(rec('a'), { durable: true }).then(() => { done = true; });
    // The record is written (a process crash keeps it) while the fsync is still in the pool.
    expect(readAudit(path).map((r) => r.callId)).toEqual(['plain', 'a']);
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(state.fsyncs).toBe(1);
    release();
    await p;
    expect(state.durableBytes).toBe(readFileSync(path).length);
    log.close();
  });

  it('many concurrent durable writes share fsyncs: one running fsync, then one for everything written meanwhile', async () => {
    const path = tmpLog();
    const { fs, state, release } = watchedFs();
    const log = new FileAuditLog(path, { fs });
    state.hold = true;
    const first = log.write(rec('w0'), { durable: true });
    expect(state.fsyncs).toBe(1);
    // Written while the first fsync runs: they cannot count on it (it may have started before
    // their bytes were written), so they wait for the next one, and all share it.
    const rest = Array.from({ length: 49 }, (_, i) => log.write(rec(`w${i + 1}`), { durable: true }));
    expect(state.fsyncs).toBe(1);
    let restDone = 0;
    rest.forEach((p) => p.then(() => restDone++));
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(restDone).toBe(0);
    expect(state.fsyncs).toBe(2);
    release();
    await Promise.all(rest);
    expect(state.fsyncs).toBe(2);
    expect(state.durableBytes).toBe(readFileSync(path).length);
    expect(readAudit(path)).toHaveLength(50);
    log.close();
  });

  it('a failed fsync rejects the records it was to cover with AuditWriteError; the next fsync serves later ones', async () => {
    const path = tmpLog();
    let fail = true;
    const { fs } = watchedFs({ failFsync: () => (fail ? Object.assign(new Error('EIO'), { code: 'EIO' }) : undefined) });
    const log = new FileAuditLog(path, { fs });
    const err = await log.write(rec('a'), { durable: true }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AuditWriteError);
    expect(String((err as Error).message)).toMatch(/could not be flushed to disk: the device reported an I\/O error \(EIO\)/);
    fail = false;
    await expect(log.write(rec('b'), { durable: true })).resolves.toBeUndefined();
    log.close();
  });

  it('rotation while an fsync is in the pool: earlier records are synced before the file is let go, later ones on the new file', async () => {
    const path = tmpLog();
    const { fs, state, release } = watchedFs();
    const log = new FileAuditLog(path, { fs, maxBytes: 400, keep: 2 });
    state.hold = true;
    const a = log.write(rec('a'), { durable: true });
    const b = log.write(rec('b'), { durable: true });
    // Enough records to rotate: b's bytes go with the old file, fsync'ed synchronously on the way out.
    for (let i = 0; i < 6; i++) log.write(rec(`x${i}`, 'outcome'));
    expect(state.fsyncSyncs).toBeGreaterThanOrEqual(1);
    await b;
    const c = log.write(rec('c'), { durable: true });
    state.hold = false;
    release();
    await a;
    await c;
    // The old file's descriptor was closed only after the fsync running on it returned.
    expect(state.fsyncs).toBe(2);
    const all = [...readAudit(`${path}.2`), ...readAudit(`${path}.1`), ...readAudit(path)].map((r) => r.callId);
    expect(all).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    log.close();
  });
});

describe('through the server', () => {
  // A destructive call let through by the operator's rule, so no human is asked in these tests.
  const policy = PolicySchema.parse({ rules: [{ tools: ['kick_user_off_seat'], action: 'allow' }] });
  const kick = (room: string) => ({ RoomId: room, Member_Account: 'alice', Data: 'spam' });
  let h: Harness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  function tencent() {
    const agent = new MockAgent({ enableCallHistory: true });
    agent.disableNetConnect();
    return { agent, pool: agent.get(ORIGIN) };
  }

  it("a destructive call's intent is on disk, and covered by a completed fsync, when Tencent receives the request", async () => {
    const path = tmpLog();
    const { fs, state } = watchedFs();
    const audit = new FileAuditLog(path, { fs });
    const { agent, pool } = tencent();
    const atArrival: Array<{ intentEnd: number; durableBytes: number; events: string[] }> = [];
    pool.intercept({ path: (p: string) => p.includes('kick_user_off_seat'), method: 'POST' }).reply(() => {
      // Read the file the moment the request arrives at "Tencent".
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.includes('"event":"intent"'));
      atArrival.push({
        intentEnd: Buffer.byteLength(lines.slice(0, i + 1).join('\n') + '\n'),
        durableBytes: state.durableBytes,
        events: lines.filter(Boolean).map((l) => JSON.parse(l).event),
      });
      return { statusCode: 200, data: JSON.stringify(ok({}, 'req-gc-1')) };
    });
    h = await startHarness({ runtime: createPolicyRuntime({ audit, policy }), client: { dispatcher: agent, endpoint: ORIGIN } });
    const r = await h.call('kick_user_off_seat', kick('room_1'));
    expect(r.isError, r.text).toBeFalsy();
    expect(atArrival).toHaveLength(1);
    expect(atArrival[0]!.events).toEqual(['decision', 'intent']);
    expect(atArrival[0]!.durableBytes).toBeGreaterThanOrEqual(atArrival[0]!.intentEnd);
    expect(readAudit(path).map((x) => x.event)).toEqual(['decision', 'intent', 'outcome']);
    audit.close();
  });

  it('concurrent destructive calls through the server: every intent is fsync-covered at its arrival, at most one fsync per call', async () => {
    const path = tmpLog();
    const { fs, state } = watchedFs();
    const audit = new FileAuditLog(path, { fs });
    const { agent, pool } = tencent();
    const N = 12;
    const uncovered: string[] = [];
    pool.intercept({ path: (p: string) => p.includes('kick_user_off_seat'), method: 'POST' }).reply((req) => {
      const room = JSON.parse(String(req.body)).RoomId as string;
      const text = readFileSync(path, 'utf8');
      // The intent line of this room ends at the first newline after its intent record.
      const intentAt = text.split('\n').reduce<{ off: number; end: number }>((acc, line) => {
        const end = acc.off + Buffer.byteLength(line) + 1;
        if (acc.end < 0 && line.includes('"event":"intent"') && line.includes(`"RoomId":"${room}"`)) return { off: end, end };
        return { off: end, end: acc.end };
      }, { off: 0, end: -1 }).end;
      if (intentAt < 0 || intentAt > state.durableBytes) uncovered.push(room);
      return { statusCode: 200, data: JSON.stringify(ok({}, `req-${room}`)) };
    }).times(N);
    h = await startHarness({ runtime: createPolicyRuntime({ audit, policy }), client: { dispatcher: agent, endpoint: ORIGIN } });
    const results = await Promise.all(Array.from({ length: N }, (_, i) => h!.call('kick_user_off_seat', kick(`room_${i}`))));
    expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
    expect(uncovered).toEqual([]);
    expect(readAudit(path).filter((x) => x.event === 'intent')).toHaveLength(N);
    // Whether calls overlap enough to share depends on scheduling; at most one fsync per call.
    expect(state.fsyncs).toBeLessThanOrEqual(N);
    audit.close();
  });

  it('a failing fsync refuses the call: nothing reaches Tencent, the answer says why, the outcome says not performed', async () => {
    const path = tmpLog();
    const { fs } = watchedFs({ failFsync: () => Object.assign(new Error('EIO'), { code: 'EIO' }) });
    const audit = new FileAuditLog(path, { fs });
    const { agent } = tencent();
    h = await startHarness({ runtime: createPolicyRuntime({ audit, policy }), client: { dispatcher: agent, endpoint: ORIGIN } });
    const r = await h.call('kick_user_off_seat', kick('room_1'));
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not performed: .*The audit log could not be written \(it could not be flushed to disk: the device reported an I\/O error \(EIO\)\), and nothing is sent without a record\./);
    expect(agent.getCallHistory()?.calls() ?? []).toEqual([]);
    expect(readAudit(path).map((x) => `${x.event}:${x.result ?? ''}`)).toEqual(['decision:', 'intent:', 'outcome:not_performed']);
    audit.close();
  });

  it("a reversible write's intent is in the file when Tencent receives the request, with no fsync on its way", async () => {
    const path = tmpLog();
    const { fs, state } = watchedFs();
    const audit = new FileAuditLog(path, { fs });
    const { agent, pool } = tencent();
    const atArrival: Array<{ events: string[]; fsyncs: number }> = [];
    pool.intercept({ path: (p: string) => p.includes('pick_user_on_seat'), method: 'POST' }).reply(() => {
      atArrival.push({ events: readAudit(path).map((x) => x.event), fsyncs: state.fsyncs + state.fsyncSyncs });
      return { statusCode: 200, data: JSON.stringify(ok({}, 'req-gc-w')) };
    });
    h = await startHarness({ runtime: createPolicyRuntime({ audit }), client: { dispatcher: agent, endpoint: ORIGIN } });
    const r = await h.call('pick_user_on_seat', { RoomId: 'room_1', Member_Account: 'alice', Index: 1 });
    expect(r.isError, r.text).toBeFalsy();
    expect(atArrival).toEqual([{ events: ['decision', 'intent'], fsyncs: 0 }]);
    expect(readAudit(path).map((x) => x.event)).toEqual(['decision', 'intent', 'outcome']);
    audit.close();
  });
});
