// The audit log: what is written for each kind of call, in which order, and that an action sent
// just before a crash is still on disk.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileAuditLog, MemoryAuditLog, readAudit } from '../../src/policies/audit.js';
import { formatAudit } from '../../src/policies/audit-report.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { harnessPerTest } from '../helpers/harness.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe('audit records', () => {
  const start = harnessPerTest();

  it('a confirmed destructive call writes decision, durable intent and outcome; a read writes nothing', async () => {
    const audit = new MemoryAuditLog();
    const h = await start({ runtime: createPolicyRuntime({ audit }), elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    await h.call('get_room_list', { Count: 5 });
    expect(audit.records).toEqual([]);
    const seats = await h.call('get_seat_list', { RoomId: 'live_music_night' });
    const seated = (seats.structured!.SeatList as Array<{ Member_Account?: string }>).find((s) => s.Member_Account)!.Member_Account!;
    const r = await h.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: seated, Data: 'spam' });
    expect(r.isError).toBeFalsy();
    const kick = audit.records.filter((x) => x.tool === 'kick_user_off_seat');
    // Legacy era: one handler run asks (the SDK shim collects the answer), the next decides.
    expect(kick.map((x) => `${x.event}:${x.answer ?? x.result ?? ''}`)).toEqual(['decision:asked', 'decision:accept', 'intent:', 'outcome:ok']);
    const final = kick.filter((x) => x.event !== 'decision' || x.answer === 'accept');
    expect(new Set(final.map((x) => x.callId)).size).toBe(1);
    expect(kick[1]).toMatchObject({ decision: 'confirm', rule: 'default for destructive', channel: 'elicitation', args: { RoomId: 'live_music_night', Member_Account: seated, Data: 'spam' } });
    expect(kick[3]!.requestId).toBe(r.structured!.RequestId);
  });

  it('a denied call records the rule and that nothing was done', async () => {
    const audit = new MemoryAuditLog();
    const policy = PolicySchema.parse({ rules: [{ tools: ['pick_user_on_seat'], action: 'deny', rooms: ['live_*'] }] });
    const h = await start({ runtime: createPolicyRuntime({ audit, policy }) });
    const r = await h.call('pick_user_on_seat', { RoomId: 'live_music_night', Member_Account: 'x', Index: 1 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/policy forbids it/);
    expect(h.sent('pick_user_on_seat')).toEqual([]);
    expect(audit.records.map((x) => [x.event, x.decision ?? x.result])).toEqual([['decision', 'deny'], ['outcome', 'not_performed']]);
    expect(audit.records[0]!.rule).toBe('rule 1');
  });

  it('a Tencent error is recorded with its code and RequestId', async () => {
    const audit = new MemoryAuditLog();
    const h = await start({ runtime: createPolicyRuntime({ audit }) });
    const r = await h.call('pick_user_on_seat', { RoomId: 'no_such_room', Member_Account: 'x', Index: 0 });
    expect(r.isError).toBe(true);
    const outcome = audit.records.find((x) => x.event === 'outcome')!;
    expect(outcome).toMatchObject({ result: 'error', code: 100004 });
    expect(outcome.requestId).toBeTruthy();
    // Tencent's own ErrorInfo reaches the model as quoted data when it says more than the code.
    const bad = await h.call('pick_user_on_seat', { RoomId: 'live_music_night', Member_Account: 'viewer_ada', Index: 99 });
    expect(bad.text).toMatch(/error 100002 \(invalid parameter\)\. Tencent says: ".*Index 99 is out of range.*"\. The user was not seated\./);
  });

  it('the file log is append-only JSONL, mode 0600, and survives a torn last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'nested', 'audit.jsonl');
    const log = new FileAuditLog(path);
    log.write({ time: 't1', event: 'intent', callId: 'a', tool: 'kick_user_off_seat', effect: 'destructive' }, { durable: true });
    log.close();
    const again = new FileAuditLog(path);
    again.write({ time: 't2', event: 'outcome', callId: 'a', tool: 'kick_user_off_seat', effect: 'destructive', result: 'ok' });
    again.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readAudit(path).map((r) => r.time)).toEqual(['t1', 't2']);
  });
});

describe('a crash between intent and outcome', () => {
  it('leaves the intent on disk, and the report flags the call', async () => {
    // A "Tencent" that accepts the request and never answers, so the process is killed mid-call.
    const sockets: Socket[] = [];
    let gotRequest!: () => void;
    const requested = new Promise<void>((r) => { gotRequest = r; });
    const hang = createTcpServer((s) => { sockets.push(s); s.once('data', () => gotRequest()); });
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const port = (hang.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const auditPath = join(dir, 'audit.jsonl');
    const child = spawn(process.execPath, [CLI, '--audit-log', auditPath], {
      env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: dir, TENCENT_LIVE_SDKAPPID: '1400000001', TENCENT_LIVE_SECRET_KEY: 'crash-test-key', TENCENT_LIVE_ENDPOINT: `http://127.0.0.1:${port}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const send = (msg: unknown) => child.stdin.write(JSON.stringify(msg) + '\n');
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'crash-test', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'pick_user_on_seat', arguments: { RoomId: 'room_1', Member_Account: 'alice', Index: 2 } } });
    await requested;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    sockets.forEach((s) => s.destroy());
    hang.close();

    const records = readAudit(auditPath).filter((r) => r.tool === 'pick_user_on_seat');
    expect(records.map((r) => r.event)).toEqual(['decision', 'intent']);
    expect(records[1]!.args).toEqual({ RoomId: 'room_1', Member_Account: 'alice', Index: 2 });
    expect(formatAudit(records)).toMatch(/NO OUTCOME RECORDED/);
    expect(readFileSync(auditPath, 'utf8')).not.toContain('crash-test-key');
  });
});
