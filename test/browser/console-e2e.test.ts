// The whole approval path in a real browser: an agent without elicitation asks to kick a seated
// user; the call waits; an operator signs in to the console in headless Chromium and approves (the
// kick reaches the sandbox exactly once and the seat is empty) or rejects (the room is unchanged).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { startConsole } from '../../src/console/server.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { browserTestsEnabled, launchChromium } from '../helpers/browser.js';
import { startHarness } from '../helpers/harness.js';

const TOKEN = 'e2e-operator-token-abcdefghijklmnop';
const ROOM = 'live_music_night';

describe.skipIf(!browserTestsEnabled())('approval console end to end', () => {
  let browser: Browser;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => { browser = await launchChromium(); }, 60_000);
  afterAll(async () => { await browser?.close(); });
  afterEach(async () => { for (const f of cleanup.splice(0).reverse()) await f(); });

  async function setup() {
    const approvals = new MemoryApprovalStore();
    const audit = new MemoryAuditLog();
    const con = await startConsole({ store: approvals, token: TOKEN, tokenFallback: true });
    cleanup.push(() => con.close());
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 20 } });
    const h = await startHarness({ runtime: createPolicyRuntime({ policy, approvals, audit, consoleUrl: con.url }) });
    cleanup.push(() => h.close());
    const context = await browser.newContext();
    cleanup.push(() => context.close());
    const page = await context.newPage();
    await page.goto(`${con.url}/login`);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(`${con.url}/`), page.click('button[type=submit]')]);
    return { h, page, audit };
  }

  const occupant = async (h: Awaited<ReturnType<typeof startHarness>>, index: number) =>
    ((await h.call('get_seat_list', { RoomId: ROOM })).structured!.SeatList as Array<{ Index: number; Member_Account?: string }>).find((s) => s.Index === index)!.Member_Account;

  async function pendingCard(page: Page) {
    const card = page.locator('#pending .card').first();
    await card.waitFor({ timeout: 10_000 });
    return card;
  }

  it('a pending kick appears in plain words, and Approve executes it exactly once', async () => {
    const { h, page, audit } = await setup();
    expect(await occupant(h, 1)).toBe('guest_omar');
    const call = h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_omar', Data: 'off-topic' });
    const card = await pendingCard(page);
    const text = await card.innerText();
    expect(text).toContain(ROOM);
    expect(text).toContain('guest_omar');
    expect(text).toContain('off-topic');
    expect(text).toContain('test-host');
    expect(h.sent('kick_user_off_seat')).toEqual([]);

    await card.locator('button.approve').dblclick();
    const r = await call;
    expect(r.isError, r.text).toBeFalsy();
    expect(h.sent('kick_user_off_seat')).toHaveLength(1);
    expect(await occupant(h, 1)).toBeFalsy();
    expect(audit.records.filter((x) => x.event === 'decision').at(-1)).toMatchObject({ channel: 'console', answer: 'approved', approvedBy: 'operator-token (no passkey)' });

    // The approval was used: the same call again waits for a new one instead of running.
    await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: 'guest_omar', Index: 1 });
    const again = h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_omar', Data: 'off-topic' });
    await (await pendingCard(page)).locator('button.reject').click();
    expect((await again).isError).toBe(true);
    expect(h.sent('kick_user_off_seat')).toHaveLength(1);
  });

  it('Reject leaves the room unchanged', async () => {
    const { h, page } = await setup();
    const call = h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_priya', Data: 'test' });
    await (await pendingCard(page)).locator('button.reject').click();
    const r = await call;
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/rejected it in the approval console/);
    expect(h.sent('kick_user_off_seat')).toEqual([]);
    expect(await occupant(h, 2)).toBe('guest_priya');
  });
});
