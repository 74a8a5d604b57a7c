// The approval console over real loopback HTTP: authentication, the cross-site defences and
// exactly-once decisions, against a MemoryApprovalStore and a fixed clock. Deciding here goes
// through the operator-token fallback (browser session + Origin + CSRF); passkey decisions are
// tested in a real browser (console-passkeys.test.ts). No bearer token decides anything.
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryApprovalStore, type Approval } from '../../src/policies/approvals.js';
import { OPERATOR_FALLBACK, startConsole } from '../../src/console/server.js';
import { resolveConsoleToken } from '../../src/console/token.js';
import { kickApproval } from '../helpers/browser.js';
import { capturingLogger } from '../helpers/logger.js';
import { T0 } from '../helpers/sandbox.js';

const TOKEN = 'operator-token-for-tests-0123456789';
const ROOM = 'room-<b>evening</b>';

const kick = (room = ROOM, user = 'viewer_42') => kickApproval(room, user);

let store: MemoryApprovalStore;
let now: number;
let decided: Approval[];
let logged: string[];
let consoleH: Awaited<ReturnType<typeof startConsole>>;

beforeEach(async () => {
  store = new MemoryApprovalStore('inst-test');
  now = T0;
  decided = [];
  const { logger, lines } = capturingLogger();
  logged = lines;
  consoleH = await startConsole({ store, token: TOKEN, tokenFallback: true, clock: () => now, logger, onDecision: (a) => decided.push(a) });
});
afterEach(async () => {
  await consoleH.close();
});

const pending = async () => (await store.request(kick(), 5 * 60_000, now)).approval;

async function login(token = TOKEN): Promise<{ res: Response; cookie?: string }> {
  const res = await fetch(`${consoleH.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: consoleH.url },
    body: new URLSearchParams({ token }),
  });
  const set = res.headers.getSetCookie()[0];
  return { res, ...(set && { cookie: set.split(';')[0] }) };
}

/** A signed-in browser's view: its cookie and the CSRF value embedded in the page. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const { cookie } = await login();
  const page = await (await fetch(`${consoleH.url}/`, { headers: { cookie: cookie! } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeTruthy();
  return { cookie: cookie!, csrf: csrf! };
}

function decide(id: string, decision: 'approve' | 'reject', headers: Record<string, string>, method = 'POST') {
  return fetch(`${consoleH.url}/api/approvals/${id}/${decision}`, { method, headers });
}

describe('authentication', () => {
  it('without the token: 401 and no approval data, only the sign-in form', async () => {
    await pending();
    const api = await fetch(`${consoleH.url}/api/approvals`);
    expect(api.status).toBe(401);
    expect(await api.text()).not.toContain('viewer_42');
    const page = await fetch(`${consoleH.url}/`);
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain('id="login-form"');
    expect(html).not.toContain('viewer_42');
    expect(html).not.toContain('csrf-token');
  });

  it('a wrong token (form, bearer or forged cookie) gets 401 and no data', async () => {
    await pending();
    const { res, cookie } = await login('not-the-operator-token-at-all');
    expect(res.status).toBe(401);
    expect(cookie).toBeUndefined();
    expect(await res.text()).not.toContain('viewer_42');
    for (const headers of <Record<string, string>[]>[
      { authorization: 'Bearer not-the-operator-token' },
      { authorization: `Basic ${TOKEN}` },
      { cookie: `tlm_console_${new URL(consoleH.url).port}=${TOKEN}` },
      { cookie: `tlm_console_${new URL(consoleH.url).port}=zzzz.aaaa.bbbb` },
    ]) {
      const r = await fetch(`${consoleH.url}/api/approvals`, { headers });
      expect(r.status).toBe(401);
      expect(await r.text()).not.toContain('viewer_42');
    }
  });

  it('signing in sets an HttpOnly SameSite=Strict session cookie that is not the token, and redirects to /', async () => {
    const { res, cookie } = await login();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const set = res.headers.getSetCookie()[0]!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toContain(TOKEN);
    expect(cookie).toMatch(/^tlm_console_\d+=/);
    const page = await fetch(`${consoleH.url}/`, { headers: { cookie: cookie! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="csrf-token"');
  });

  it('the token never appears in the log', async () => {
    await login();
    await login('wrong-token-wrong-token');
    await fetch(`${consoleH.url}/api/approvals`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(logged.join('\n')).not.toContain(TOKEN);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('pages carry the security headers', async () => {
    for (const path of ['/', '/login', '/console.js', '/api/approvals']) {
      const r = await fetch(consoleH.url + path);
      expect(r.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('listing and deciding', () => {
  it('lists a pending approval with its facts and client name', async () => {
    const a = await pending();
    const { cookie } = await session();
    const r = await fetch(`${consoleH.url}/api/approvals`, { headers: { cookie } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { now: number; approvals: Approval[] };
    expect(body.now).toBe(now);
    expect(body.approvals).toHaveLength(1);
    expect(body.approvals[0]).toMatchObject({ id: a.id, status: 'pending', tool: 'kick_user_off_seat', client: '"test-agent"', facts: [['Room', JSON.stringify(ROOM)], ['User', '"viewer_42"'], ['Reason (Data)', '"spam"']] });
    expect(body.approvals[0]).not.toHaveProperty('digest');
  });

  it('approve with cookie + Origin + CSRF: 200 once, then 409; the store shows approved', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    const headers = { cookie, origin: consoleH.url, 'x-csrf-token': csrf };
    const r = await decide(a.id, 'approve', headers);
    expect(r.status).toBe(200);
    expect((await store.get(a.id, now))?.status).toBe('approved');
    expect((await store.get(a.id, now))?.decidedBy).toBe(OPERATOR_FALLBACK);
    const again = await decide(a.id, 'approve', headers);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_decided', status: 'approved' });
    const flip = await decide(a.id, 'reject', headers);
    expect(flip.status).toBe(409);
    expect((await store.get(a.id, now))?.status).toBe('approved');
    expect(decided.map((d) => d.id)).toEqual([a.id]);
  });

  it('accepts localhost:PORT as Host and Origin too', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    const port = new URL(consoleH.url).port;
    const r = await rawRequest('POST', `/api/approvals/${a.id}/approve`, { host: `localhost:${port}`, cookie, origin: `http://localhost:${port}`, 'x-csrf-token': csrf });
    expect(r.status).toBe(200);
  });

  it('reject works and cannot be turned into an approval', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    const headers = { cookie, origin: consoleH.url, 'x-csrf-token': csrf };
    expect((await decide(a.id, 'reject', headers)).status).toBe(200);
    expect((await store.get(a.id, now))?.status).toBe('rejected');
    expect((await decide(a.id, 'approve', headers)).status).toBe(409);
    expect((await store.get(a.id, now))?.status).toBe('rejected');
  });

  it('an expired approval: 409 expired, nothing decided', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    now += 5 * 60_000 + 1;
    const r = await decide(a.id, 'approve', { cookie, origin: consoleH.url, 'x-csrf-token': csrf });
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ error: 'expired', status: 'expired' });
    expect(decided).toEqual([]);
  });

  it('an unknown (forged) id: 404', async () => {
    await pending();
    const { cookie, csrf } = await session();
    const r = await decide('AAAAAAAAAAAA', 'approve', { cookie, origin: consoleH.url, 'x-csrf-token': csrf });
    expect(r.status).toBe(404);
    expect(decided).toEqual([]);
  });

  it('a bearer token (even the right one) neither lists nor decides: there is no token-only path', async () => {
    const a = await pending();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const list = await fetch(`${consoleH.url}/api/approvals`, { headers: auth });
    expect(list.status).toBe(401);
    expect(await list.text()).not.toContain('viewer_42');
    expect((await decide(a.id, 'approve', auth)).status).toBe(401);
    expect((await decide(a.id, 'approve', { ...auth, origin: consoleH.url })).status).toBe(401);
    expect((await store.get(a.id, now))?.status).toBe('pending');
    expect(decided).toEqual([]);
  });
});

describe('operator-token fallback is off unless enabled; sign-in is throttled', () => {
  it('without the fallback, the token signs nobody in and the page offers passkeys only', async () => {
    const strict = await startConsole({ store, token: TOKEN, clock: () => now });
    try {
      const page = await (await fetch(`${strict.url}/login`)).text();
      expect(page).not.toContain('id="login-form"');
      const res = await fetch(`${strict.url}/login`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: strict.url },
        body: new URLSearchParams({ token: TOKEN }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('after 5 wrong tokens from an address, even the right one waits (429, Retry-After) until the window passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await login(`wrong-token-number-${i}-xxxxxxxx`)).res.status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const blocked = await login();
    expect(blocked.res.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.cookie).toBeUndefined();
    now += 61_000;
    const ok = await login();
    expect(ok.res.status).toBe(303);
  });
});

describe('cross-site defences: nothing changes', () => {
  it('cookie with a foreign Origin (another loopback port, or null): 403', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    for (const origin of ['http://127.0.0.1:1', 'http://evil.example', 'null', `https://127.0.0.1:${new URL(consoleH.url).port}`]) {
      const r = await decide(a.id, 'approve', { cookie, origin, 'x-csrf-token': csrf });
      expect(r.status).toBe(403);
    }
    expect((await store.get(a.id, now))?.status).toBe('pending');
  });

  it('cookie without Origin: 403', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    const r = await rawRequest('POST', `/api/approvals/${a.id}/approve`, { cookie, 'x-csrf-token': csrf });
    expect(r.status).toBe(403);
    expect((await store.get(a.id, now))?.status).toBe('pending');
  });

  it('without the CSRF header, or with another session\'s: 403', async () => {
    const a = await pending();
    const { cookie } = await session();
    const other = await session();
    expect((await decide(a.id, 'approve', { cookie, origin: consoleH.url })).status).toBe(403);
    expect((await decide(a.id, 'approve', { cookie, origin: consoleH.url, 'x-csrf-token': other.csrf })).status).toBe(403);
    expect((await store.get(a.id, now))?.status).toBe('pending');
  });

  it('approve via GET (or PUT): 405 and unchanged', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const r = await decide(a.id, 'approve', { cookie, origin: consoleH.url, 'x-csrf-token': csrf }, method);
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('POST');
    }
    expect((await store.get(a.id, now))?.status).toBe('pending');
  });

  it('a wrong Host (DNS rebinding): 403, no data, no change', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    const list = await rawRequest('GET', '/api/approvals', { host: `attacker.example:${new URL(consoleH.url).port}`, authorization: `Bearer ${TOKEN}` });
    expect(list.status).toBe(403);
    expect(list.body).not.toContain('viewer_42');
    const r = await rawRequest('POST', `/api/approvals/${a.id}/approve`, { host: 'attacker.example', cookie, origin: 'http://attacker.example', 'x-csrf-token': csrf });
    expect(r.status).toBe(403);
    expect((await store.get(a.id, now))?.status).toBe('pending');
  });

  it('a session expires', async () => {
    const a = await pending();
    const { cookie, csrf } = await session();
    now += 13 * 60 * 60 * 1000;
    expect((await fetch(`${consoleH.url}/api/approvals`, { headers: { cookie } })).status).toBe(401);
    expect((await decide(a.id, 'approve', { cookie, origin: consoleH.url, 'x-csrf-token': csrf })).status).toBe(401);
  });

  it('a session from another console (same token) is not valid here', async () => {
    const other = await startConsole({ store, token: TOKEN, tokenFallback: true, clock: () => now });
    try {
      const res = await fetch(`${other.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: other.url }, body: new URLSearchParams({ token: TOKEN }) });
      const value = res.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1];
      const cookie = `tlm_console_${new URL(consoleH.url).port}=${value}`;
      expect((await fetch(`${consoleH.url}/api/approvals`, { headers: { cookie } })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('refuses to listen on a non-loopback address', async () => {
    await expect(startConsole({ store, token: TOKEN, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

describe('resolveConsoleToken', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-token-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates 32 random bytes (base64url) into a 0600 file in a 0700 directory, and reuses it', () => {
    const stateDir = join(dir, 'state');
    const t = resolveConsoleToken({ stateDir });
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t.token, 'base64url')).toHaveLength(32);
    expect(t.file).toBe(join(stateDir, 'console-token'));
    expect(statSync(t.file!).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(t.file!, 'utf8').trim()).toBe(t.token);
    expect(resolveConsoleToken({ stateDir }).token).toBe(t.token);
  });

  it('replaces a token file that others could read', () => {
    const file = join(dir, 'console-token');
    const leaked = 'A'.repeat(43);
    writeFileSync(file, leaked);
    chmodSync(file, 0o644);
    const t = resolveConsoleToken({ stateDir: dir });
    expect(t.token).not.toBe(leaked);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(t.token);
  });

  it('uses an operator-set token as is (trimmed), writes nothing, refuses a short one', () => {
    const t = resolveConsoleToken({ token: ' operator-chosen-token-1234 \n', stateDir: dir });
    expect(t).toEqual({ token: 'operator-chosen-token-1234', file: undefined });
    expect(() => statSync(join(dir, 'console-token'))).toThrow();
    expect(() => resolveConsoleToken({ token: 'short', stateDir: dir })).toThrow(/at least 16/);
  });
});

/** node:http, because fetch will not send a Host of our choosing or omit Origin reliably. */
function rawRequest(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const u = new URL(consoleH.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('behind a TLS proxy: configurable origin and RP ID', () => {
  it('accepts the proxy\'s Host and Origin, issues passkey challenges for its RP ID, and sets Secure cookies', async () => {
    const { ApproverRegistry } = await import('../../src/console/approvers.js');
    const dir = mkdtempSync(join(tmpdir(), 'console-proxy-'));
    const proxied = await startConsole({ store, token: TOKEN, tokenFallback: true, approvers: new ApproverRegistry(dir), origin: 'https://approve.example.com', clock: () => now });
    try {
      expect(proxied.url).toBe('https://approve.example.com');
      const at = (method: string, path: string, headers: Record<string, string>, body = '') => new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: proxied.port, method, path, headers }, (res) => {
          let b = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (b += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
        });
        req.on('error', reject);
        req.end(body);
      });
      const proxy = { host: 'approve.example.com', origin: 'https://approve.example.com' };
      const options = await at('POST', '/login/passkey/options', { ...proxy, 'content-type': 'application/json' }, '{}');
      expect(options.status).toBe(200);
      expect(JSON.parse(options.body)).toMatchObject({ rpId: 'approve.example.com', userVerification: 'required' });
      const signIn = await at('POST', '/login', { ...proxy, 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ token: TOKEN }).toString());
      expect(signIn.status).toBe(303);
      expect(String(signIn.headers['set-cookie'])).toMatch(/; Secure/);
      // Another host name through the same port is still refused (DNS rebinding).
      expect((await at('POST', '/login/passkey/options', { host: 'evil.example.com', origin: 'https://evil.example.com' })).status).toBe(403);
    } finally {
      await proxied.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an IP address as RP ID and a plain-http public origin', async () => {
    await expect(startConsole({ store, token: TOKEN, origin: 'http://approve.example.com' })).rejects.toThrow(/must be https/);
    const { ApproverRegistry } = await import('../../src/console/approvers.js');
    const dir = mkdtempSync(join(tmpdir(), 'console-proxy-'));
    try {
      await expect(startConsole({ store, token: TOKEN, approvers: new ApproverRegistry(dir), rpId: '127.0.0.1' })).rejects.toThrow(/not an IP address/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
