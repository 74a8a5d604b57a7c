// The approval webhook's notice, and the `audit` subcommand that prints the log for people.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { webhookSender } from '../../src/console/channel.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { harnessPerTest } from '../helpers/harness.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe('approval webhook', () => {
  const start = harnessPerTest();

  it('posts one JSON notice per new pending approval, with the console link and the facts', async () => {
    const received: Array<{ headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
    const hook = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => { received.push({ headers: req.headers, body: JSON.parse(data) }); res.end('ok'); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 0 } });
    onTestFinished(() => void hook.close());
    const h = await start({
      runtime: createPolicyRuntime({ policy, approvals: new MemoryApprovalStore(), consoleUrl: 'http://127.0.0.1:4567', webhook: webhookSender(url) }),
    });
    const args = { RoomId: 'live_music_night', MemberList_Account: ['viewer_cy'], Duration: 600, Reason: 'flooding' };
    await h.call('ban_member', args);
    await h.call('ban_member', args); // the same pending approval: no second notice
    // A call with other arguments is a new approval and sends its own notice; once it has come,
    // a notice for the repeated call (fired before it) would have come too.
    await h.call('ban_member', { ...args, MemberList_Account: ['viewer_dee'] });
    await expect.poll(() => received.length).toBe(2);
    expect(received.filter((r) => JSON.stringify(r.body).includes('viewer_cy'))).toHaveLength(1);
    const notice = received.find((r) => JSON.stringify(r.body).includes('viewer_cy'))!.body;
    expect(received[0]!.headers['content-type']).toMatch(/application\/json/);
    expect(notice).toMatchObject({ type: 'tencent-live-mcp.approval_pending', tool: 'ban_member', consoleUrl: 'http://127.0.0.1:4567', client: expect.stringContaining('test-host') });
    expect(JSON.stringify(notice.facts)).toContain('viewer_cy');
    expect(JSON.stringify(notice.facts)).toContain('flooding');
  });

  it('a failing webhook does not fail or block the call', async () => {
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 0 } });
    const h = await start({ runtime: createPolicyRuntime({ policy, approvals: new MemoryApprovalStore(), webhook: webhookSender('http://127.0.0.1:1/nothing-listens') }) });
    const r = await h.call('ban_member', { RoomId: 'live_music_night', MemberList_Account: ['viewer_cy'], Duration: 60 });
    expect(r.text).toMatch(/Waiting for approval/);
  });
});

describe('tencent-live-mcp audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  const file = join(dir, 'audit.jsonl');
  const now = Date.now();
  const rec = (minutesAgo: number, fields: Record<string, unknown>) => JSON.stringify({ time: new Date(now - minutesAgo * 60_000).toISOString(), effect: 'destructive', client: 'agent 1.0', ...fields });
  writeFileSync(file, [
    rec(180, { event: 'decision', callId: 'old', tool: 'ban_member', decision: 'confirm', channel: 'console', answer: 'approved', approvedBy: 'console', args: { RoomId: 'r1', MemberList_Account: ['u1'], Duration: 60 } }),
    rec(180, { event: 'intent', callId: 'old', tool: 'ban_member', args: { RoomId: 'r1', MemberList_Account: ['u1'], Duration: 60 } }),
    rec(180, { event: 'outcome', callId: 'old', tool: 'ban_member', result: 'ok', requestId: 'req-old', args: { RoomId: 'r1' } }),
    rec(10, { event: 'decision', callId: 'new', tool: 'kick_user_off_seat', decision: 'allow', rule: 'rule 2', args: { RoomId: 'r2', Member_Account: 'u2', Data: '' } }),
    rec(10, { event: 'intent', callId: 'new', tool: 'kick_user_off_seat', args: { RoomId: 'r2', Member_Account: 'u2', Data: '' } }),
  ].join('\n') + '\n{"torn":');
  const audit = (...args: string[]) => spawnSync(process.execPath, [CLI, 'audit', '--audit-log', file, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

  it('prints one line per call, flags an intent without outcome, and flags a torn line', () => {
    const r = audit();
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^TORN LINE .*audit\.jsonl:6 \(not a whole record; check it by hand\): \{"torn":$/);
    expect(lines[0]).toMatch(/ban_member .*RoomId="r1".*confirm via console approved by console.*ok req-old/);
    expect(lines[1]).toMatch(/kick_user_off_seat .*Member_Account="u2".*allow \(rule 2\).*NO OUTCOME RECORDED/);
  });

  it('filters by --since and --tool, and --json prints records', () => {
    // A torn line has no time to filter by: it is always shown.
    expect(audit('--since', '1h').stdout.trim().split('\n').filter((l) => !l.startsWith('TORN LINE'))).toHaveLength(1);
    expect(audit('--tool', 'ban_member').stdout).toMatch(/ban_member/);
    expect(audit('--tool', 'ban_member').stdout).not.toMatch(/kick_user_off_seat/);
    const json = audit('--json', '--tool', 'kick_user_off_seat').stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((x) => x.event)).toEqual(['decision', 'intent']);
    const bad = audit('--since', 'yesterday-ish');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--since takes a duration/);
  }, 120_000); // five spawned processes, one after another
});
