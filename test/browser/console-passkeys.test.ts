// Decisions from a person: approvers enrol a passkey from a one-time link and sign every decision
// with it. Headless Chromium with a CDP virtual authenticator (CTAP2, internal, user verification)
// plays the approver; plain scripts with the session cookie play the agent that got hold of it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryApprovalStore, type Approval } from '../../src/policies/approvals.js';
import { ApproverRegistry } from '../../src/console/approvers.js';
import { startConsole } from '../../src/console/server.js';
import { browserTestsEnabled, kickApproval, launchChromium } from '../helpers/browser.js';
import { capturingLogger } from '../helpers/logger.js';

const TOKEN = 'passkey-test-operator-token-0123456789';
// A browser and spawned binaries on a shared, busy machine: generous time, no speed claims.
vi.setConfig({ testTimeout: 90_000 });
const TTL = 5 * 60_000;

declare const TLMWebAuthn: {
  assert(o: unknown): Promise<unknown>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; ok: boolean; body: Record<string, unknown> }>;
};

describe.skipIf(!browserTestsEnabled())('approvers with passkeys (virtual authenticator)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let dir: string;
  let registry: ApproverRegistry;
  let store: MemoryApprovalStore;
  let decided: Approval[];
  let logged: string[];
  let con: Awaited<ReturnType<typeof startConsole>>;

  beforeAll(async () => { browser = await launchChromium(); }, 60_000);
  afterAll(async () => { await browser?.close(); });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'approvers-'));
    registry = new ApproverRegistry(dir);
    store = new MemoryApprovalStore();
    decided = [];
    const { logger, lines } = capturingLogger();
    logged = lines;
    con = await startConsole({ store, token: TOKEN, approvers: registry, logger, onDecision: (a) => decided.push(a) });
    context = await browser.newContext();
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
  });
  afterEach(async () => {
    await context?.close();
    await con?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = async (user = 'viewer_42') => (await store.request(kickApproval('evening-show', user), TTL, Date.now())).approval;
  const statusOf = async (id: string) => (await store.get(id, Date.now()))?.status;
  const card = (id: string) => page.locator(`.card[data-id="${id}"]`);

  /** The operator runs `approvers add alice`; alice opens the link and creates her passkey. */
  async function enrol(name = 'alice') {
    const token = registry.addEnrolment(name);
    await page.goto(con.enrolUrl(token));
    await page.locator('#enrol:not([disabled])').waitFor({ timeout: 30_000 });
    await Promise.all([page.waitForURL(`${con.url}/`), page.click('#enrol')]);
    return token;
  }
  const csrfOf = () => page.locator('meta[name="csrf-token"]').getAttribute('content');
  /** An assertion made in the page for (id, decision), not yet sent. */
  const assertionFor = (id: string, decision: 'approve' | 'reject') =>
    page.evaluate(async ([id, decision]) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const o = await TLMWebAuthn.post(`/api/approvals/${id}/${decision}/options`, {}, { 'X-CSRF-Token': csrf });
      if (!o.ok) throw new Error(JSON.stringify(o.body));
      return TLMWebAuthn.assert(o.body);
    }, [id, decision] as const);
  const sendDecision = (id: string, decision: 'approve' | 'reject', response: unknown) =>
    page.evaluate(async ([id, decision, response]) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      return TLMWebAuthn.post(`/api/approvals/${id}/${decision}`, { response }, { 'X-CSRF-Token': csrf });
    }, [id, decision, response] as const);

  it('an enrolled approver approves with her passkey; the decision names her', async () => {
    await enrol('alice');
    const [alice] = registry.list();
    expect(alice).toMatchObject({ name: 'alice', credentials: [expect.objectContaining({ id: expect.any(String), publicKey: expect.any(String) })] });
    expect(statSync(registry.file).mode & 0o777).toBe(0o600);
    const a = await request();
    await expect.poll(() => card(a.id).count(), { timeout: 30_000 }).toBe(1);
    await card(a.id).locator('button.approve').click();
    await expect.poll(() => statusOf(a.id), { timeout: 30_000 }).toBe('approved');
    expect((await store.get(a.id, Date.now()))!.decidedBy).toBe('alice (passkey)');
    expect(decided.map((d) => d.id)).toEqual([a.id]);
    expect(await page.locator('#who').innerText()).toContain('alice');
  });

  it('the enrolment link works once', async () => {
    const token = await enrol('alice');
    const again = await page.evaluate((t) => TLMWebAuthn.post('/enrol/options', { token: t }), token);
    expect(again).toMatchObject({ status: 401, body: { error: 'enrolment_link_invalid' } });
    expect(registry.list()[0]!.credentials).toHaveLength(1);
  });

  it('signing in again needs the passkey; the operator token signs nobody in', async () => {
    await enrol('alice');
    await context.clearCookies();
    await page.goto(`${con.url}/`);
    expect(await page.locator('#login-form').count()).toBe(0);
    await Promise.all([page.waitForURL(`${con.url}/`), page.click('#passkey-signin')]);
    await page.locator('meta[name="csrf-token"]').waitFor({ state: 'attached' });
    expect(await page.locator('#who').innerText()).toContain('alice');
    const token = await fetch(`${con.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: con.url }, body: new URLSearchParams({ token: TOKEN }) });
    expect(token.status).toBe(403);
    expect(token.headers.getSetCookie()).toEqual([]);
  });

  it('a script holding the session cookie and CSRF value but no authenticator cannot decide', async () => {
    await enrol('alice');
    const a = await request();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { cookie, origin: con.url, 'x-csrf-token': (await csrfOf())!, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(`${con.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    // No assertion at all; a made-up one; one over a real challenge but signed by nobody.
    expect(await (await post(`/api/approvals/${a.id}/approve`, {})).json()).toEqual({ error: 'passkey_assertion_needed' });
    const options = (await (await post(`/api/approvals/${a.id}/approve/options`, {})).json()) as { challenge: string; allowCredentials: Array<{ id: string }> };
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: con.url })).toString('base64url');
    const forged = { id: options.allowCredentials[0]!.id, rawId: options.allowCredentials[0]!.id, type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON, authenticatorData: Buffer.alloc(37).toString('base64url'), signature: Buffer.alloc(64).toString('base64url') } };
    const r = await post(`/api/approvals/${a.id}/approve`, { response: forged });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: string }).error).toMatch(/^invalid_assertion/);
    // The bearer path is gone too.
    expect((await fetch(`${con.url}/api/approvals/${a.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
    expect(await statusOf(a.id)).toBe('pending');
    expect(decided).toEqual([]);
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('an assertion made for approval A cannot decide approval B, nor turn A\'s reject into an approve', async () => {
    await enrol('alice');
    const a = await request('viewer_a');
    const b = await request('viewer_b');
    const forA = await assertionFor(a.id, 'approve');
    expect(await sendDecision(b.id, 'approve', forA)).toMatchObject({ status: 403, body: { error: 'challenge_for_another_purpose' } });
    const rejectA = await assertionFor(a.id, 'reject');
    expect(await sendDecision(a.id, 'approve', rejectA)).toMatchObject({ status: 403, body: { error: 'challenge_for_another_purpose' } });
    expect(await statusOf(a.id)).toBe('pending');
    expect(await statusOf(b.id)).toBe('pending');
    expect(decided).toEqual([]);
  });

  it('a replayed assertion is refused, for the same approval and for another', async () => {
    await enrol('alice');
    const a = await request('viewer_a');
    const b = await request('viewer_b');
    const forA = await assertionFor(a.id, 'reject');
    expect(await sendDecision(a.id, 'reject', forA)).toMatchObject({ status: 200 });
    expect(await statusOf(a.id)).toBe('rejected');
    expect(await sendDecision(a.id, 'reject', forA)).toMatchObject({ status: 403, body: { error: 'unknown_or_used_challenge' } });
    expect(await sendDecision(b.id, 'approve', forA)).toMatchObject({ status: 403, body: { error: 'unknown_or_used_challenge' } });
    expect(await statusOf(b.id)).toBe('pending');
    expect(decided.map((d) => [d.id, d.status, d.decidedBy])).toEqual([[a.id, 'rejected', 'alice (passkey)']]);
  });

  it('end to end: a kick waits, alice approves with her passkey, it runs once and the audit log names her', async () => {
    const { MemoryAuditLog } = await import('../../src/policies/audit.js');
    const { createPolicyRuntime } = await import('../../src/policies/runtime.js');
    const { PolicySchema } = await import('../../src/policies/rules.js');
    const { startHarness } = await import('../helpers/harness.js');
    const audit = new MemoryAuditLog();
    const policy = PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 60 } });
    const h = await startHarness({ runtime: createPolicyRuntime({ policy, approvals: store, audit, consoleUrl: con.url }) });
    try {
      await enrol('alice');
      const call = h.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: 'off-topic' });
      const pendingCard = page.locator('#pending .card').first();
      await pendingCard.waitFor({ timeout: 30_000 });
      expect(h.sent('kick_user_off_seat')).toEqual([]);
      await pendingCard.locator('button.approve').click();
      const r = await call;
      expect(r.isError, r.text).toBeFalsy();
      expect(h.sent('kick_user_off_seat')).toHaveLength(1);
      expect(audit.records.filter((x) => x.event === 'decision').at(-1)).toMatchObject({ channel: 'console', answer: 'approved', approvedBy: 'alice (passkey)' });
    } finally {
      await h.close();
    }
  });

  it('removing an approver ends her session at once', async () => {
    await enrol('alice');
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await fetch(`${con.url}/api/approvals`, { headers: { cookie } })).status).toBe(200);
    expect(registry.remove('alice')).toBe(true);
    expect((await fetch(`${con.url}/api/approvals`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('tencent-live-mcp approvers (the built binary)', () => {
  it('add prints a one-time link, list shows it open, remove takes it back; the file is 0600', async () => {
    const { execFileSync } = await import('node:child_process');
    const home = mkdtempSync(join(tmpdir(), 'approvers-cli-'));
    try {
      const run = (...args: string[]) => execFileSync(process.execPath, ['dist/cli.js', 'approvers', ...args], { env: { ...process.env, XDG_STATE_HOME: home }, encoding: 'utf8' });
      const added = run('add', 'alice', '--console-url', 'http://localhost:8765');
      expect(added).toMatch(/http:\/\/localhost:8765\/enrol#[A-Za-z0-9_-]{43}/);
      expect(run('list')).toContain('alice  (enrolment link not used yet)');
      const file = join(home, 'tencent-live-mcp', 'approvers.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // The file keeps only a hash of the link's token.
      const token = /enrol#([A-Za-z0-9_-]+)/.exec(added)![1]!;
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(file, 'utf8')).not.toContain(token);
      expect(run('remove', 'alice')).toMatch(/Removed approver alice/);
      expect(run('list')).toMatch(/No approvers/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
