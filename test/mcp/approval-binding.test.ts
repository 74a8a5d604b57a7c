// An approval belongs to the caller that asked. With OAuth, alice's kick waits for approval and an
// operator approves it; bob (another token subject) then makes the identical call: it must not run
// on alice's approval. Before the binding, the store looked approvals up by the call's digest alone
// and bob's call ran.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { connectHttp, startStack, text, type McpConnection } from '../helpers/http.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oauth-issuer.js';

const ROOM = 'live_music_night';
const AUDIENCE = 'https://live-mcp.example.com/mcp';
const KICK = { name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' } };

describe('an approval is bound to the caller and client that asked', () => {
  let issuer: TestIssuer;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => { issuer = await startTestIssuer(); });
  afterAll(async () => { await issuer.close(); });
  afterEach(async () => { for (const f of cleanup.splice(0).reverse()) await f().catch(() => {}); });

  async function setup() {
    const approvals = new MemoryApprovalStore();
    const audit = new MemoryAuditLog();
    // waitSeconds 0: the call answers "waiting for approval" at once, and is called again later.
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 0 } });
    const runtime = createPolicyRuntime({ policy, approvals, audit });
    const stack = await startStack({ oauth: { issuer: issuer.issuer, audience: AUDIENCE }, publicUrl: AUDIENCE, runtime });
    cleanup.push(() => stack.close());
    const as = async (sub: string, clientId = 'agent-app') => {
      const conn: McpConnection = await connectHttp(stack.url, {
        era: 'legacy',
        headers: { authorization: `Bearer ${await issuer.mint({ sub, clientId, aud: AUDIENCE })}`, host: new URL(AUDIENCE).host },
      });
      cleanup.push(() => conn.close());
      return conn;
    };
    return { approvals, audit, stack, as };
  }

  it("alice's approved kick cannot be spent by bob; bob gets an approval of his own; alice's still runs once", async () => {
    const { approvals, audit, stack, as } = await setup();
    const alice = await as('alice@example.com');
    const bob = await as('bob@example.com');

    const first = await alice.client.callTool(KICK);
    expect(text(first)).toMatch(/Waiting for approval/);
    const [asked] = await approvals.list(Date.now());
    expect(asked).toMatchObject({ status: 'pending', caller: 'alice@example.com', clientId: 'agent-app' });
    expect((await approvals.decide(asked!.id, 'approve', 'operator', Date.now())).ok).toBe(true);

    // bob, same arguments, same OAuth client: not run.
    const stolen = await bob.client.callTool(KICK);
    expect(stolen.isError).toBe(true);
    expect(text(stolen)).toMatch(/Waiting for approval/);
    expect(text(stolen)).not.toContain(asked!.id);
    expect(stack.sent('kick_user_off_seat')).toEqual([]);
    const all = await approvals.list(Date.now());
    expect(all.find((a) => a.caller === 'bob@example.com')).toMatchObject({ status: 'pending' });
    expect(all.find((a) => a.id === asked!.id)).toMatchObject({ status: 'approved' });

    // alice herself runs it, once.
    const ran = await alice.client.callTool(KICK);
    expect(ran.isError, text(ran)).toBeFalsy();
    expect(stack.sent('kick_user_off_seat')).toHaveLength(1);
    const intents = audit.records.filter((r) => r.tool === 'kick_user_off_seat' && r.event === 'intent');
    expect(intents.map((r) => r.caller)).toEqual(['alice@example.com']);
  });

  it('the same subject through another OAuth client does not spend it either', async () => {
    const { approvals, stack, as } = await setup();
    const alice = await as('alice@example.com', 'agent-app');
    await alice.client.callTool(KICK);
    const [asked] = await approvals.list(Date.now());
    await approvals.decide(asked!.id, 'approve', 'operator', Date.now());
    const other = await as('alice@example.com', 'some-other-app');
    const r = await other.client.callTool(KICK);
    expect(text(r)).toMatch(/Waiting for approval/);
    expect(stack.sent('kick_user_off_seat')).toEqual([]);
  });

  it('the store refuses to consume for another requester (memory store)', async () => {
    const store = new MemoryApprovalStore();
    const now = Date.now();
    const { approval } = await store.request({ digest: 'd', tool: 'ban_member', title: 'Ban', action: 'Ban', facts: [], client: 'agent 1', caller: 'alice' }, 60_000, now);
    await store.decide(approval.id, 'approve', 'operator', now);
    expect(await store.consume(approval.id, now, { client: 'agent 1', caller: 'bob' })).toBe(false);
    expect(await store.consume(approval.id, now, { client: 'agent 2', caller: 'alice' })).toBe(false);
    expect(await store.consume(approval.id, now, { client: 'agent 1', caller: 'alice' })).toBe(true);
  });
});
