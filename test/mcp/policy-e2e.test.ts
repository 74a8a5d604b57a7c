// The operator's ten-line policy from the README, end to end against the sandbox, for an
// autonomous agent whose client has no elicitation: it mutes freely, kicks at most three users per
// room per minute alone, needs a human in the console for bans and owner changes, and can never
// destroy rooms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryApprovalStore, type Approval } from '../../src/policies/approvals.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { parsePolicy } from '../../src/policies/policy-file.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest } from '../helpers/harness.js';

/** The policy exactly as the README shows it. */
function readmePolicy() {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /<!-- policy:start -->\s*```yaml\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README lacks the policy example');
  return parsePolicy(block[1]!, 'README.md', TOOLS.map((t) => t.name));
}

const ROOM = 'live_music_night';

/** The first pending approval, as soon as the store announces one (no polling interval to outwait). */
function nextPending(store: MemoryApprovalStore): Promise<Approval> {
  return new Promise((resolve) => {
    const check = () => void store.list(Date.now()).then((all) => {
      const p = all.find((a) => a.status === 'pending');
      if (p) { off(); resolve(p); }
    });
    const off = store.onChange(check);
    check();
  });
}

const start = harnessPerTest();
async function setup(waitSeconds = 0) {
  const base = readmePolicy();
  const policy = { ...base, approvals: { ...base.approvals, waitSeconds } };
  const approvals = new MemoryApprovalStore();
  const audit = new MemoryAuditLog();
  const h = await start({ runtime: createPolicyRuntime({ policy, approvals, audit }) });
  return { h, approvals, audit };
}

describe('the README policy for an autonomous agent', () => {

  it('the README policy is at most a dozen lines', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- policy:start -->\s*```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(block.trim().split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).length).toBeLessThanOrEqual(12);
  });

  it('destroy_room is not even listed, and calling it fails without reaching Tencent', async () => {
    const { h } = await setup();
    const { tools } = await h.mcp.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('destroy_room');
    expect(tools.map((t) => t.name)).toContain('ban_member');
    const r = await h.mcp.client.callTool({ name: 'destroy_room', arguments: { RoomId: ROOM } }).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
    expect(r.isError).toBe(true);
    expect(h.sent('destroy_room')).toEqual([]);
  });

  it('mutes go through without asking anyone', async () => {
    const { h, approvals } = await setup();
    const r = await h.call('mute_member', { RoomId: ROOM, MemberList_Account: ['viewer_bo'], MuteTime: 600 });
    expect(r.isError, r.text).toBeFalsy();
    expect(h.sent('mute_member')).toHaveLength(1);
    expect(await approvals.list(Date.now())).toEqual([]);
  });

  it('three kicks per room per minute go alone; the fourth waits for the console', async () => {
    const { h, approvals } = await setup();
    const seats = await h.call('get_seat_list', { RoomId: ROOM });
    const free = (seats.structured!.SeatList as Array<{ Index: number; Member_Account?: string; IsTakenDisabled?: boolean }>).find((s) => !s.Member_Account && !s.IsTakenDisabled)!;
    const user = 'viewer_ada';
    for (let i = 0; i < 3; i++) {
      expect((await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: user, Index: free.Index })).isError).toBeFalsy();
      const kick = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: user, Data: `kick ${i}` });
      expect(kick.isError, kick.text).toBeFalsy();
    }
    await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: user, Index: free.Index });
    const fourth = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: user, Data: 'kick 3' });
    expect(fourth.isError).toBe(true);
    expect(fourth.text).toMatch(/Waiting for approval: nothing was done/);
    expect(h.sent('kick_user_off_seat')).toHaveLength(3);
    const pending = await approvals.list(Date.now());
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ tool: 'kick_user_off_seat', status: 'pending' });
  });

  it('a ban waits for the console; once approved, the same call runs exactly once', async () => {
    const { h, approvals, audit } = await setup();
    const args = { RoomId: ROOM, MemberList_Account: ['viewer_cy'], Duration: 3600, Reason: 'spam links' };
    const first = await h.call('ban_member', args);
    expect(first.text).toMatch(/Waiting for approval/);
    expect(h.sent('ban_member')).toEqual([]);
    const [pending] = await approvals.list(Date.now());
    expect(pending!.facts.map(([, v]) => v).join(' ')).toMatch(/viewer_cy/);

    // Approving one call never approves another: different arguments still wait.
    expect((await approvals.decide(pending!.id, 'approve', 'operator', Date.now())).ok).toBe(true);
    const other = await h.call('ban_member', { ...args, Duration: 7200 });
    expect(other.text).toMatch(/Waiting for approval/);
    expect(h.sent('ban_member')).toEqual([]);

    const again = await h.call('ban_member', args);
    expect(again.isError, again.text).toBeFalsy();
    expect(h.sent('ban_member')).toHaveLength(1);
    const decision = audit.records.filter((r) => r.tool === 'ban_member' && r.event === 'decision').at(-1)!;
    expect(decision).toMatchObject({ channel: 'console', answer: 'approved', approvedBy: 'operator' });

    // Single use: the same arguments again need a new approval.
    const third = await h.call('ban_member', args);
    expect(third.text).toMatch(/Waiting for approval/);
    expect(h.sent('ban_member')).toHaveLength(1);
  });

  it('a call waiting in the console runs as soon as the operator approves, within the same call', async () => {
    const { h, approvals } = await setup(10);
    const args = { RoomId: ROOM, MemberList_Account: ['viewer_dee'], Duration: 60 };
    const call = h.call('ban_member', args);
    const pending = await nextPending(approvals);
    await approvals.decide(pending.id, 'approve', 'operator', Date.now());
    const r = await call;
    expect(r.isError, r.text).toBeFalsy();
    expect(h.sent('ban_member')).toHaveLength(1);
  });

  it('a rejected ban is not performed', async () => {
    const { h, approvals } = await setup(10);
    const call = h.call('ban_member', { RoomId: ROOM, MemberList_Account: ['viewer_ada'], Duration: 60 });
    const pending = await nextPending(approvals);
    await approvals.decide(pending.id, 'reject', 'operator', Date.now());
    const r = await call;
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/rejected/);
    expect(h.sent('ban_member')).toEqual([]);
  });
});
