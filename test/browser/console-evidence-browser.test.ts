// The evidence panel of the approval console in headless Chromium: a pending kick shows the
// target's recent room events from the feed, and chat text that is markup (an <img onerror>)
// renders as its characters, never as an element, and runs nothing.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/feed/callbacks.js';
import { evidenceFor, targetsFromFacts } from '../../src/feed/evidence.js';
import { createFeed, type Feed } from '../../src/feed/index.js';
import { silentLogger } from '../../src/logger.js';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { startConsole } from '../../src/console/server.js';
import { browserTestsEnabled, kickApproval, launchChromium } from '../helpers/browser.js';

const TOKEN = 'evidence-browser-operator-token-0123456789';
const ATTACK = '<img src=x onerror="window.__pwned=1">';

describe.skipIf(!browserTestsEnabled())('approval console evidence in headless Chromium', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let feed: Feed | undefined;
  let con: Awaited<ReturnType<typeof startConsole>> | undefined;

  beforeAll(async () => { browser = await launchChromium(); }, 60_000);
  afterAll(async () => { await browser?.close(); });
  afterEach(async () => {
    await context?.close();
    await con?.close();
    await feed?.close();
    context = undefined; con = undefined; feed = undefined;
  });

  async function say(room: string, user: string, text: string, t: number) {
    const body = { GroupId: room, From_Account: user, Random: t, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] };
    await feed!.store.add(normalize('Group.CallbackAfterSendMsg', body, JSON.stringify(body), t));
  }

  async function signIn(): Promise<Page> {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${con!.url}/login`);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(`${con!.url}/`), page.click('button[type=submit]')]);
    return page;
  }

  it('shows the target\'s recent events under a pending approval, with markup in chat shown as text', async () => {
    feed = createFeed({ file: ':memory:', sdkAppId: 1, logger: silentLogger });
    const now = Date.now();
    await say('evening-show', 'viewer_42', 'first message', now - 2000);
    await say('evening-show', 'viewer_42', ATTACK, now - 1000);
    await say('evening-show', 'someone_else', 'not about viewer_42', now);
    const store = new MemoryApprovalStore();
    con = await startConsole({ store, token: TOKEN, tokenFallback: true, evidence: (a) => evidenceFor(feed!, targetsFromFacts(a.facts)) });
    const { approval } = await store.request(kickApproval('evening-show', 'viewer_42', 'spam'), 5 * 60_000, now);

    const page = await signIn();
    const panel = page.locator(`.card[data-id="${approval.id}"] .evidence`);
    await expect.poll(() => panel.locator('li').count(), { timeout: 15_000 }).toBe(2);
    const texts = await panel.locator('.evidence-text').allTextContents();
    // Newest first: the attack string exactly as typed, then the first message; nothing of another user.
    expect(texts).toEqual([ATTACK, 'first message']);
    expect(await panel.innerText()).not.toContain('not about viewer_42');
    expect(await panel.locator('.evidence-user').getAttribute('data-account')).toBe('viewer_42');
    // The markup became no element and ran nothing.
    expect(await page.locator('.card img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('says so when the feed has nothing on the target', async () => {
    feed = createFeed({ file: ':memory:', sdkAppId: 1, logger: silentLogger });
    const store = new MemoryApprovalStore();
    con = await startConsole({ store, token: TOKEN, tokenFallback: true, evidence: (a) => evidenceFor(feed!, targetsFromFacts(a.facts)) });
    const { approval } = await store.request(kickApproval('evening-show', 'quiet_user', 'spam'), 5 * 60_000, Date.now());
    const page = await signIn();
    const panel = page.locator(`.card[data-id="${approval.id}"] .evidence`);
    await expect.poll(() => panel.count(), { timeout: 15_000 }).toBe(1);
    expect(await panel.innerText()).toContain('No recent events.');
  });
});
