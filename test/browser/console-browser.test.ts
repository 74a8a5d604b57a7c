// The approval console as an operator (and an attacker) meets it: a real page in headless
// Chromium against a console on loopback, with a MemoryApprovalStore behind it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryApprovalStore, type Approval } from '../../src/policies/approvals.js';
import { startConsole } from '../../src/console/server.js';
import { browserTestsEnabled, kickApproval, launchChromium } from '../helpers/browser.js';
import { capturingLogger } from '../helpers/logger.js';

const TOKEN = 'browser-test-operator-token-0123456789';
const TTL = 5 * 60_000;

describe.skipIf(!browserTestsEnabled())('approval console in headless Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let store: MemoryApprovalStore;
  let decided: Approval[];
  let logged: string[];
  let con: Awaited<ReturnType<typeof startConsole>>;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    store = new MemoryApprovalStore();
    decided = [];
    const { logger, lines } = capturingLogger();
    logged = lines;
    con = await startConsole({ store, token: TOKEN, tokenFallback: true, logger, onDecision: (a) => decided.push(a) });
    context = await browser.newContext();
  });
  afterEach(async () => {
    await context?.close();
    await con?.close();
  });

  const request = async (room = 'evening-show', user = 'viewer_42', reason = 'spam') =>
    (await store.request(kickApproval(room, user, reason), TTL, Date.now())).approval;
  const statusOf = async (id: string) => (await store.get(id, Date.now()))?.status;

  /** Signs in through the form, as an operator who pasted the token. */
  async function signIn(ctx = context): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(`${con.url}/login`);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(`${con.url}/`), page.click('button[type=submit]')]);
    return page;
  }
  const card = (page: Page, id: string) => page.locator(`.card[data-id="${id}"]`);

  it('signing in with the token shows a pending kick with its facts', async () => {
    const a = await request('evening-show', 'viewer_42', 'spam in chat');
    const page = await signIn();
    const c = card(page, a.id);
    await expect.poll(() => c.count()).toBe(1);
    expect(await c.getAttribute('data-status')).toBe('pending');
    const text = await c.innerText();
    for (const s of ['Kick a user off their seat', 'Remove "viewer_42" from their seat in live room "evening-show".', 'Room', 'evening-show', 'User', 'viewer_42', 'Reason (Data)', 'spam in chat', 'kick_user_off_seat', '"test-agent"', 'Expires']) {
      expect(text).toContain(s);
    }
    expect(await c.locator('button.approve').isVisible()).toBe(true);
    expect(await c.locator('button.reject').isVisible()).toBe(true);
    // No script errors under the strict CSP (the page would be blank otherwise).
    expect(await page.locator('#pending .card').count()).toBe(1);
  });

  it('signing in through /login#token=… leaves the token out of the address bar and the log', async () => {
    const a = await request();
    const page = await context.newPage();
    await page.goto(con.loginUrl);
    await page.waitForURL(`${con.url}/`);
    await expect.poll(() => card(page, a.id).count()).toBe(1);
    expect(page.url()).not.toContain(TOKEN);
    expect(logged.join('\n')).not.toContain(TOKEN);
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0]!.value).not.toContain(TOKEN);
  });

  it('Approve approves exactly once, even on a double click', async () => {
    const a = await request();
    const page = await signIn();
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/approvals/')) posts++; });
    await card(page, a.id).locator('button.approve').dblclick();
    await expect.poll(() => statusOf(a.id)).toBe('approved');
    // The card moves to the recent decisions, marked approved by the console.
    await expect.poll(() => page.locator(`#recent .card[data-id="${a.id}"]`).innerText()).toContain('approved');
    expect(await page.locator(`#recent .card[data-id="${a.id}"]`).innerText()).toContain('Decided by operator-token (no passkey)');
    expect(decided.map((d) => [d.id, d.status])).toEqual([[a.id, 'approved']]);
    expect(posts).toBe(1);
  });

  it("a second tab's stale Approve gets a 409 shown on the page and does nothing", async () => {
    const a = await request();
    const first = await signIn();
    const second = await context.newPage();
    await second.goto(`${con.url}/`);
    await expect.poll(() => card(second, a.id).count()).toBe(1);
    // Freeze the second tab's view: its refreshes fail, so it keeps showing the pending request.
    await second.route('**/api/approvals', (r) => r.abort());
    await card(first, a.id).locator('button.approve').click();
    await expect.poll(() => statusOf(a.id)).toBe('approved');
    await card(second, a.id).locator('button.approve').click();
    await expect.poll(() => second.locator('#notice').innerText()).toContain('HTTP 409');
    expect(await second.locator('#notice').innerText()).toContain('already approved by operator-token (no passkey)');
    expect(await statusOf(a.id)).toBe('approved');
    expect(decided).toHaveLength(1);
  });

  it('Reject marks it rejected and nothing is approved', async () => {
    const a = await request();
    const page = await signIn();
    await card(page, a.id).locator('button.reject').click();
    await expect.poll(() => statusOf(a.id)).toBe('rejected');
    await expect.poll(() => page.locator(`#recent .card[data-id="${a.id}"]`).innerText()).toContain('rejected');
    expect(decided.map((d) => d.status)).toEqual(['rejected']);
  });

  it('a page opened without signing in shows no approval data', async () => {
    await request('secret-room-name', 'secret_user');
    const page = await context.newPage();
    const res = await page.goto(`${con.url}/`);
    expect(res?.status()).toBe(401);
    // Any script has had its chance to fetch and render once the network has been idle.
    await page.waitForLoadState('networkidle');
    expect(await page.locator('#login-form').isVisible()).toBe(true);
    expect(await page.locator('.card').count()).toBe(0);
    const html = await page.content();
    expect(html).not.toContain('secret-room-name');
    expect(html).not.toContain('secret_user');
    const api = await page.goto(`${con.url}/api/approvals`);
    expect(api?.status()).toBe(401);
    expect(await page.content()).not.toContain('secret');
    // A wrong token does not get in either.
    await page.goto(`${con.url}/login`);
    await page.fill('#token', 'wrong-token-wrong-token');
    await page.click('button[type=submit]');
    await page.locator('#login-error').waitFor();
    expect(await page.content()).not.toContain('secret-room-name');
    expect(await context.cookies()).toHaveLength(0);
  });

  it('a malicious room name renders as text', async () => {
    const room = '<img src=x onerror=alert(1)>';
    const user = '<script>window.__pwned=1</script>';
    const a = await request(room, user, '<b onmouseover=alert(2)>bold</b>');
    const page = await signIn();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const c = card(page, a.id);
    await expect.poll(() => c.count()).toBe(1);
    const text = await c.innerText();
    expect(text).toContain(room);
    expect(text).toContain(user);
    expect(text).toContain('<b onmouseover=alert(2)>bold</b>');
    expect(await page.locator('#pending img, #pending script, #pending b').count()).toBe(0);
    // The broken image's load has failed (and any handler run) once the network is idle.
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('a cross-site page on another loopback port cannot approve (form POST, fetch, GET)', async () => {
    const a = await request();
    const operator = await signIn(); // the operator is signed in: the browser holds the cookie
    await expect.poll(() => card(operator, a.id).count()).toBe(1);
    const target = `${con.url}/api/approvals/${a.id}/approve`;
    const attacker = await serveAttacker(`<!doctype html><html><body>
<form id="f" method="post" action="${target}"><input name="x" value="1"></form>
<img src="${target}">
<script>
  fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include' });
  fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', headers: { 'X-CSRF-Token': 'guess' } }).catch(() => {});
  setTimeout(() => document.getElementById('f').submit(), 300);
</script></body></html>`);
    try {
      const page = await context.newPage();
      const landed = page.waitForURL(target);
      await page.goto(attacker.url);
      await landed; // the form was submitted and answered
      // The form POST and the no-cors fetch reached the console with the session cookie (another
      // port on the same host is same-site, so SameSite=Strict lets it through) and were refused
      // for their Origin. The fetch with a custom header died in its CORS preflight. Wait until
      // both refusals are logged rather than for a fixed time.
      const refusals = () => logged.filter((l) => l.includes('refused') && l.includes('"bad_origin"'));
      await expect.poll(() => refusals().length).toBeGreaterThanOrEqual(2);
      expect(await statusOf(a.id)).toBe('pending');
      expect(decided).toEqual([]);
      expect(await operator.locator(`.card[data-id="${a.id}"] button.approve`).isEnabled()).toBe(true);
    } finally {
      await attacker.close();
    }
  });
});

async function serveAttacker(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`, // same site as the console (localhost): the cookie is sent
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
