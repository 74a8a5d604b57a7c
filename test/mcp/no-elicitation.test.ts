// A client without elicitation, behind the default policy (elicitation, then the console): the
// destructive call answers at once with the pending approval instead of sitting in a wait the
// client may not survive; only a policy that sets approvals.waitSeconds makes it wait, and then it
// sends progress while it does.
import { describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { DEFAULT_POLICY, PolicySchema } from '../../src/policies/rules.js';
import { startHarness } from '../helpers/harness.js';

const KICK = { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' };

/** A store that records whether anyone waited on it. */
function watchedStore() {
  const store = new MemoryApprovalStore();
  const waits: number[] = [];
  const wait = store.waitForDecision.bind(store);
  store.waitForDecision = (id, ms, signal) => { waits.push(ms); return wait(id, ms, signal); };
  return { store, waits };
}

describe('no elicitation, default policy', () => {
  it('answers at once with the pending approval: what, where, nothing done, call again', async () => {
    expect(DEFAULT_POLICY.approvals.waitSeconds).toBe(0);
    const { store, waits } = watchedStore();
    const h = await startHarness({ runtime: createPolicyRuntime({ approvals: store, consoleUrl: 'http://127.0.0.1:4567' }) });
    try {
      const r = await h.call('kick_user_off_seat', KICK);
      expect(r.isError).toBe(true);
      expect(r.structuredContent).toBeUndefined();
      // Nobody waited for a decision, and nothing reached Tencent.
      expect(waits).toEqual([]);
      expect(h.sent('kick_user_off_seat')).toHaveLength(0);
      const [pending] = await store.list(Date.now());
      expect(pending?.status).toBe('pending');
      expect(r.text).toMatch(/nothing was done/);
      expect(r.text).toContain('http://127.0.0.1:4567');
      expect(r.text).toContain(pending!.id);
      expect(r.text).toContain('"guest_omar"');
      expect(r.text).toMatch(/make the same call again with the same arguments/);

      // After the operator approves, the same call runs once.
      await store.decide(pending!.id, 'approve', 'operator', Date.now());
      const again = await h.call('kick_user_off_seat', KICK);
      expect(again.isError).toBeFalsy();
      expect(h.sent('kick_user_off_seat')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('waits only when the policy sets approvals.waitSeconds, sending progress meanwhile', async () => {
    const { store, waits } = watchedStore();
    const policy = PolicySchema.parse({ approvals: { waitSeconds: 60 } });
    const h = await startHarness({ runtime: createPolicyRuntime({ policy, approvals: store }) });
    try {
      const progress: string[] = [];
      // The operator approves as soon as the first progress notification says the call waits.
      const call = h.mcp.client.callTool({ name: 'kick_user_off_seat', arguments: KICK }, {
        onprogress: (p) => {
          progress.push(String(p.message));
          if (progress.length === 1) void store.list(Date.now()).then(([a]) => store.decide(a!.id, 'approve', 'operator', Date.now()));
        },
      });
      const r = await call;
      expect(r.isError).toBeFalsy();
      expect(waits.length).toBeGreaterThan(0);
      expect(progress[0]).toMatch(/Waiting for an operator to approve kick_user_off_seat/);
      expect(h.sent('kick_user_off_seat')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
