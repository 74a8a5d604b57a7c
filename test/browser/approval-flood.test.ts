// An approval flood: an agent (or a loop gone wrong) making thousands of distinct destructive
// calls must not bury the console under thousands of pending approvals, nor spam the webhook.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { webhookSender, type ApprovalNotice } from '../../src/console/channel.js';
import { CONSOLE_PAGE_SIZE, startConsole } from '../../src/console/server.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { kickApproval } from '../helpers/browser.js';
import { operatorSession } from '../helpers/console-session.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const ROOM = 'live_music_night';
const ban = (user: string) => ({ RoomId: ROOM, MemberList_Account: [user], Duration: 60 });

describe('approval flood', () => {
  const open: Array<{ close(): Promise<unknown> }> = [];
  afterEach(async () => { for (const o of open.splice(0)) await o.close(); });

  async function setup(approvals: Record<string, number>) {
    const store = new MemoryApprovalStore();
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 0, ...approvals } });
    const runtime = createPolicyRuntime({ policy, approvals: store });
    const h: Harness = await startHarness({ runtime });
    open.push(h);
    return { store, h, runtime };
  }

  it('the default policy caps pending approvals per caller (20): the 21st distinct ban is refused clearly, nothing queued', async () => {
    const { store, h } = await setup({});
    for (let i = 0; i < 20; i++) expect((await h.call('ban_member', ban(`viewer_${i}`))).text).toMatch(/Waiting for approval/);
    const refused = await h.call('ban_member', ban('viewer_20'));
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/^Not performed: .*already has 20 approvals waiting .*allows 20/);
    expect((await store.list(Date.now())).filter((a) => a.status === 'pending')).toHaveLength(20);
    // An identical call joins its pending approval instead of being refused or making another.
    expect((await h.call('ban_member', ban('viewer_3'))).text).toMatch(/Waiting for approval/);
    expect(await store.list(Date.now())).toHaveLength(20);
    expect(h.sent('ban_member')).toEqual([]);
  });

  it('an overall cap holds across callers', async () => {
    const { store, h } = await setup({ maxPendingPerCaller: 10, maxPending: 4 });
    // Two approvals already waiting for other callers.
    await store.request({ ...kickApproval('r1', 'u1'), caller: 'someone-else' }, 60_000, Date.now());
    await store.request({ ...kickApproval('r2', 'u2'), caller: 'a-third-caller' }, 60_000, Date.now());
    expect((await h.call('ban_member', ban('viewer_a0'))).text).toMatch(/Waiting for approval/);
    expect((await h.call('ban_member', ban('viewer_a1'))).text).toMatch(/Waiting for approval/);
    const refused = await h.call('ban_member', ban('viewer_a2'));
    expect(refused.text).toMatch(/^Not performed: .*4 approvals are already waiting .*allows 4/);
    expect((await store.list(Date.now())).filter((x) => x.status === 'pending')).toHaveLength(4);
  });

  it('the console pages its list: one refresh is at most one page, with the totals', async () => {
    const store = new MemoryApprovalStore();
    for (let i = 0; i < 120; i++) await store.request(kickApproval(`room-${i}`, `u${i}`), 60_000, Date.now());
    const con = await startConsole({ store, token: 'flood-test-operator-token-0123456789', tokenFallback: true });
    open.push(con);
    const { cookie } = await operatorSession(con.url, 'flood-test-operator-token-0123456789');
    const first = (await (await fetch(`${con.url}/api/approvals`, { headers: { cookie } })).json()) as { approvals: unknown[]; total: number; pending: number; page: number };
    expect(first.approvals).toHaveLength(CONSOLE_PAGE_SIZE);
    expect(first).toMatchObject({ total: 120, pending: 120, page: 0 });
    const last = (await (await fetch(`${con.url}/api/approvals?page=2`, { headers: { cookie } })).json()) as { approvals: unknown[] };
    expect(last.approvals).toHaveLength(20);
  });

  it('webhook notices are rate-limited; the next one sent says how many were held back', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const hook = createServer((req, res) => {
      let b = '';
      req.on('data', (d) => (b += d));
      req.on('end', () => { bodies.push(JSON.parse(b)); res.end('ok'); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise((r) => hook.close(r)) });
    let now = 1_000_000;
    const send = webhookSender(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, 5000, { clock: () => now });
    const notice = (i: number): ApprovalNotice => ({ id: `a${i}`, tool: 'ban_member', action: 'Ban', facts: [], client: 'agent', expiresAt: '' });
    for (let i = 0; i < 100; i++) await send(notice(i));
    expect(bodies).toHaveLength(10);
    now += 60_001;
    await send(notice(100));
    expect(bodies).toHaveLength(11);
    expect(bodies[10]).toMatchObject({ id: 'a100', suppressedSinceLast: 90 });
  });
});
