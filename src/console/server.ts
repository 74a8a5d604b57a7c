// The approval console: a small web page on loopback, on its own port (in stdio mode too), where
// approvers (named people with passkeys) approve or reject destructive calls waiting in the
// ApprovalStore.
//
// Threat model (docs/security.md): the agent (and whatever it can make a browser or a script do)
// must not be able to approve its own requests. Hence:
// - no token decides anything by itself: there is no bearer path. Every decision needs a fresh
//   WebAuthn assertion with user verification, over a challenge bound to that approval's id and
//   digest and to the decision (passkeys.ts); the audit log names the approver whose passkey signed.
// - the one exception is the operator-token fallback for a single operator who cannot use
//   passkeys: off unless enabled, and even then a browser session plus Origin plus CSRF token is
//   needed, and the audit log says "operator-token (no passkey)".
// - the browser gets an HMAC-derived session cookie (HttpOnly, SameSite=Strict); SameSite does not
//   help against another port on the same loopback host (same site), so every state change also
//   needs an exact Origin match and a per-session X-CSRF-Token header;
// - the Host header must name this console (DNS rebinding);
// - GET never changes anything; decisions are POST /api/approvals/:id/(approve|reject) only;
// - the store decides atomically: unknown → 404, decided or expired → 409, so a replay does nothing;
// - secret-guessing doors (token sign-in, enrolment links, assertions) are throttled per address.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../logger.js';
import type { Approval, ApprovalStore } from '../policies/approvals.js';
import { ApproverRegistry } from './approvers.js';
import { CONSOLE_CSS, CONSOLE_JS, consolePage, enrolPage, loginPage } from './page.js';
// Loaded only when a console with approvers starts: every CLI command (audit, approvers, --version)
// would otherwise pay for the WebAuthn library at start-up.
import type { Passkeys } from './passkeys.js';
import { escapeInvisible, quoteText } from '../policies/show-text.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** What the audit log says of a decision made through the operator-token fallback. */
export const OPERATOR_FALLBACK = 'operator-token (no passkey)';
/** Approvals per page of the console list. */
export const CONSOLE_PAGE_SIZE = 50;

export interface ConsoleOptions {
  store: ApprovalStore;
  /** The operator token (see resolveConsoleToken): signs sessions; signs in only with tokenFallback. */
  token: string;
  /** The approvers and their passkeys (default: none, which leaves only the fallback, if enabled). */
  approvers?: ApproverRegistry;
  /** Allow the weaker operator-token sign-in, for a single operator who cannot use passkeys. */
  tokenFallback?: boolean;
  /** WebAuthn RP ID (default "localhost"); behind a TLS proxy, the proxy's host name. */
  rpId?: string;
  /** The origin browsers reach the console at, when not http://localhost:PORT (a TLS proxy). */
  origin?: string;
  /** A loopback address: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  clock?: () => number;
  logger?: Logger;
  throttle?: SignInThrottle;
  /** Called once per successful decision made in the console. */
  onDecision?: (a: Approval) => void;
  /** Evidence shown next to a pending approval (src/feed/evidence.ts): the targets' recent room events. */
  evidence?: (a: Approval) => unknown;
}

export interface ConsoleHandle {
  /** http://localhost:PORT (or the configured origin) */
  url: string;
  /** url + '/login#token=…': the token rides in the fragment, which browsers never send. Fallback only. */
  loginUrl: string;
  /** The enrolment link for a token from ApproverRegistry.addEnrolment. */
  enrolUrl(token: string): string;
  /** The loopback port it listens on (behind a proxy, url names the proxy instead). */
  port: number;
  close(): Promise<void>;
}

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_BODY = 16 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DECIDE = /^\/api\/approvals\/([A-Za-z0-9_-]{1,64})\/(approve|reject)(\/options)?$/;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  // not no-referrer: under it Chromium sends `Origin: null` even on our own POSTs.
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const hmac = (key: Buffer | string, msg: string) => createHmac('sha256', key).update(msg).digest();
/** Constant-time comparison of strings of any length (compares their digests). */
function same(a: string, b: string): boolean {
  return timingSafeEqual(hmac('cmp', a), hmac('cmp', b));
}

/** Who a session belongs to: an approver (signed in with a passkey) or the operator (token fallback). */
type Who = { kind: 'approver'; name: string } | { kind: 'operator' };

export async function startConsole(opts: ConsoleOptions): Promise<ConsoleHandle> {
  const { store, token } = opts;
  const clock = opts.clock ?? Date.now;
  const log = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  const fallback = opts.tokenFallback ?? false;
  const throttle = opts.throttle ?? new SignInThrottle({ clock });
  if (!LOOPBACK.has(host)) throw new Error(`The approval console listens on loopback only (127.0.0.1, ::1, localhost), not ${JSON.stringify(host)}; put a TLS proxy in front of it to reach it from elsewhere.`);
  if (!token) throw new Error('The approval console needs an operator token.');
  log.addSecret(token);
  let publicOrigin: URL | undefined;
  if (opts.origin) {
    try {
      publicOrigin = new URL(opts.origin);
    } catch {
      throw new Error(`The console origin must be a URL such as https://approve.example.com, not ${JSON.stringify(opts.origin)}.`);
    }
    if (publicOrigin.protocol !== 'https:' && publicOrigin.hostname !== 'localhost') throw new Error('A console origin other than localhost must be https (WebAuthn needs a secure context).');
  }
  const rpId = opts.rpId ?? publicOrigin?.hostname ?? 'localhost';

  // Sessions are stateless: expiry.nonce.who.mac under a key derived from the token and a per-start
  // salt, so a cookie is never the token, dies with this process, and fits no other console.
  const sessionKey = hmac(token, `tencent-live-mcp console session|${randomBytes(32).toString('base64url')}`);
  const sign = (payload: string) => hmac(sessionKey, `session|${payload}`).toString('base64url');
  const newSession = (who: Who) => {
    const w = Buffer.from(who.kind === 'operator' ? 'o' : `a:${who.name}`).toString('base64url');
    const payload = `${(clock() + SESSION_TTL_MS).toString(36)}.${randomBytes(16).toString('base64url')}.${w}`;
    return `${payload}.${sign(payload)}`;
  };
  const sessionOf = (v: string | undefined): { session: string; who: Who } | undefined => {
    const m = v && /^([0-9a-z]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(v);
    if (!m) return undefined;
    if (!same(m[4]!, sign(`${m[1]}.${m[2]}.${m[3]}`)) || parseInt(m[1]!, 36) <= clock()) return undefined;
    const w = Buffer.from(m[3]!, 'base64url').toString('utf8');
    const who: Who = w === 'o' ? { kind: 'operator' } : { kind: 'approver', name: w.slice(2) };
    // A fallback session dies when the fallback is switched off; an approver's when they are removed.
    if (who.kind === 'operator' && !fallback) return undefined;
    return { session: v, who };
  };
  const csrfFor = (session: string) => hmac(sessionKey, `csrf|${session}`).toString('base64url');

  let port = 0;
  let cookieName = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let passkeys: Passkeys | undefined;
  let secureCookie = false;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('approval console request failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error');
      else res.destroy();
    });
  });

  function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string | string[]> = {}) {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': `${type}; charset=utf-8`, ...extra });
    res.end(body);
  }
  const json = (res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>) =>
    send(res, status, 'application/json', JSON.stringify(body), extra);
  function refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string, extra?: Record<string, string>) {
    log.warn('approval console refused a request', { status, reason, method: req.method, path: (req.url ?? '').split('?')[0] });
    json(res, status, { error: reason }, extra);
  }
  const address = (req: IncomingMessage) => req.socket.remoteAddress ?? '?';
  /** Refuses (429) while the address, or everyone, has failed too often; true when refused. */
  function throttled(req: IncomingMessage, res: ServerResponse): boolean {
    const wait = throttle.retryAfterMs(address(req));
    if (wait <= 0) return false;
    refuse(req, res, 429, 'too_many_attempts', { 'Retry-After': String(Math.ceil(wait / 1000)) });
    return true;
  }
  const setCookie = (who: Who) =>
    `${cookieName}=${newSession(who)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}${secureCookie ? '; Secure' : ''}`;

  function cookie(req: IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === cookieName) return part.slice(i + 1).trim();
    }
    return undefined;
  }
  const sessionFrom = (req: IncomingMessage) => {
    const s = sessionOf(cookie(req));
    if (s?.who.kind === 'approver' && !opts.approvers?.list().some((a) => a.name === (s.who as { name: string }).name)) return undefined;
    return s;
  };

  async function readBody(req: IncomingMessage): Promise<string | undefined> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const text = await readBody(req);
    if (text === undefined) return undefined;
    try {
      const v = JSON.parse(text || '{}') as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** Every POST comes from our own page: browsers always send Origin on a POST. */
  function badPostOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (origin === undefined) return 'missing_origin';
    return allowedOrigins.has(origin) ? undefined : 'bad_origin';
  }

  /**
   * The door of the passkey sign-in and enrolment routes: POST only, approvers configured, our own
   * page's Origin, and an address not throttled. What the route needs when it may go on; undefined
   * when the request has already been answered.
   */
  function passkeyDoor(req: IncomingMessage, res: ServerResponse): { passkeys: Passkeys; approvers: ApproverRegistry } | undefined {
    if (req.method !== 'POST') {
      send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'POST' });
      return undefined;
    }
    if (!passkeys || !opts.approvers) {
      refuse(req, res, 404, 'no_approvers');
      return undefined;
    }
    const bad = badPostOrigin(req);
    if (bad) {
      refuse(req, res, 403, bad);
      return undefined;
    }
    if (throttled(req, res)) return undefined;
    return { passkeys, approvers: opts.approvers };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still carries its own name in Host.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return refuse(req, res, 403, 'bad_host');
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const isGet = method === 'GET' || method === 'HEAD';

    if (path === '/console.js' || path === '/console.css') {
      if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
      return path === '/console.js' ? send(res, 200, 'text/javascript', CONSOLE_JS) : send(res, 200, 'text/css', CONSOLE_CSS);
    }

    if (path === '/login') return tokenSignIn(req, res, isGet);
    if (path === '/login/passkey/options' || path === '/login/passkey') return passkeySignIn(req, res, path);
    if (path === '/enrol') {
      if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
      return send(res, 200, 'text/html', enrolPage());
    }
    if (path === '/enrol/options' || path === '/enrol/finish') return enrol(req, res, path);
    if (path === '/') {
      if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
      const s = sessionFrom(req);
      // Without a session: the sign-in page and nothing else.
      if (!s) return send(res, 401, 'text/html', loginPage({ fallback, passkeys: !!passkeys }));
      return send(res, 200, 'text/html', consolePage(csrfFor(s.session), s.who.kind === 'approver' ? s.who.name : OPERATOR_FALLBACK, s.who.kind));
    }
    if (path === '/api/approvals') return listApprovals(req, res, url, isGet);
    const m = DECIDE.exec(path);
    if (m) return decideRoute(req, res, m as unknown as [string, string, 'approve' | 'reject', string | undefined]);
    return send(res, 404, 'text/plain', 'Not found');
  }

  /** The operator-token fallback: a browser form, never a bearer header, and off by default. */
  async function tokenSignIn(req: IncomingMessage, res: ServerResponse, isGet: boolean) {
    if (isGet) return send(res, 200, 'text/html', loginPage({ fallback, passkeys: !!passkeys }));
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET, POST' });
    if (!fallback) return refuse(req, res, 403, 'token_sign_in_disabled');
    const bad = badPostOrigin(req);
    if (bad) return refuse(req, res, 403, bad);
    if (throttled(req, res)) return;
    const body = await readBody(req);
    if (body === undefined) return refuse(req, res, 413, 'too_large');
    const given = new URLSearchParams(body).get('token')?.trim() ?? '';
    if (!given || !same(given, token)) {
      throttle.fail(address(req));
      log.warn('approval console sign-in failed');
      return send(res, 401, 'text/html', loginPage({ fallback, passkeys: !!passkeys, failed: true }));
    }
    log.info('approval console sign-in with the operator token (no passkey)');
    return send(res, 303, 'text/plain', 'Signed in', { Location: '/', 'Set-Cookie': setCookie({ kind: 'operator' }) });
  }

  async function passkeySignIn(req: IncomingMessage, res: ServerResponse, path: string) {
    const door = passkeyDoor(req, res);
    if (!door) return;
    const { passkeys } = door;
    if (path === '/login/passkey/options') return json(res, 200, await passkeys.assertionOptions({ kind: 'sign-in' }));
    const body = await readJson(req);
    if (!body) return refuse(req, res, 413, 'too_large');
    const r = await passkeys.verifyAssertion(body.response as never, { kind: 'sign-in' });
    if (!r.ok) {
      throttle.fail(address(req));
      return refuse(req, res, 401, r.reason);
    }
    log.info('approval console sign-in with a passkey', { approver: r.approver });
    return json(res, 200, { approver: r.approver }, { 'Set-Cookie': setCookie({ kind: 'approver', name: r.approver }) });
  }

  async function enrol(req: IncomingMessage, res: ServerResponse, path: string) {
    const door = passkeyDoor(req, res);
    if (!door) return;
    const { passkeys, approvers } = door;
    const body = await readJson(req);
    if (!body) return refuse(req, res, 413, 'too_large');
    const enrolToken = typeof body.token === 'string' ? body.token : '';
    const name = enrolToken ? approvers.enrolmentFor(enrolToken) : undefined;
    if (!name) {
      throttle.fail(address(req));
      return refuse(req, res, 401, 'enrolment_link_invalid');
    }
    if (path === '/enrol/options') return json(res, 200, { name, options: await passkeys.registrationOptions(name, enrolToken) });
    const r = await passkeys.completeEnrolment(enrolToken, body.response as never);
    if (!r.ok) {
      throttle.fail(address(req));
      return refuse(req, res, 400, r.reason);
    }
    log.info('approver enrolled a passkey', { approver: r.approver });
    return json(res, 200, { approver: r.approver }, { 'Set-Cookie': setCookie({ kind: 'approver', name: r.approver }) });
  }

  async function listApprovals(req: IncomingMessage, res: ServerResponse, url: URL, isGet: boolean) {
    if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
    if (!sessionFrom(req)) return refuse(req, res, 401, 'unauthorized');
    const now = clock();
    const all = await store.list(now);
    // Paged: a flood of requests must not turn every refresh into megabytes.
    const page = Math.max(0, Math.min(1_000_000, Number.parseInt(url.searchParams.get('page') ?? '0', 10) || 0));
    const pending = all.filter((a) => a.status === 'pending').length;
    const approvals = await Promise.all(all.slice(page * CONSOLE_PAGE_SIZE, (page + 1) * CONSOLE_PAGE_SIZE)
      .map(async (a) => ({ ...view(a), ...(opts.evidence && a.status === 'pending' && { evidence: await opts.evidence(a) }) })));
    return json(res, 200, { now, approvals, page, pageSize: CONSOLE_PAGE_SIZE, total: all.length, pending });
  }

  /** POST /api/approvals/:id/(approve|reject)[/options]: a decision, or the passkey challenge for one. */
  async function decideRoute(req: IncomingMessage, res: ServerResponse, m: [string, string, 'approve' | 'reject', string | undefined]) {
    // Never a state change on GET (or anything but POST).
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'POST' });
    const s = sessionFrom(req);
    if (!s) return refuse(req, res, 401, 'unauthorized');
    const bad = badPostOrigin(req);
    if (bad) return refuse(req, res, 403, bad);
    const csrf = req.headers['x-csrf-token'];
    if (typeof csrf !== 'string' || !same(csrf, csrfFor(s.session))) return refuse(req, res, 403, 'bad_csrf');
    const [, id, decision, wantsOptions] = m;
    const current = await store.get(id, clock());
    if (!current) return json(res, 404, { error: 'not_found' });
    const purpose = { kind: 'decide' as const, approvalId: id, digest: current.digest, decision };

    if (wantsOptions) {
      if (s.who.kind !== 'approver' || !passkeys) return refuse(req, res, 403, 'passkey_session_needed');
      if (current.status !== 'pending') return json(res, 409, { error: 'already_decided', status: current.status, decidedBy: current.decidedBy });
      return json(res, 200, await passkeys.assertionOptions(purpose));
    }

    let by: string;
    if (s.who.kind === 'operator') {
      by = OPERATOR_FALLBACK;
    } else {
      if (!passkeys) return refuse(req, res, 403, 'passkey_needed');
      if (throttled(req, res)) return;
      const body = await readJson(req);
      if (!body) return refuse(req, res, 413, 'too_large');
      if (!body.response) return refuse(req, res, 403, 'passkey_assertion_needed');
      const r = await passkeys.verifyAssertion(body.response as never, purpose);
      if (!r.ok) {
        throttle.fail(address(req));
        return refuse(req, res, 403, r.reason);
      }
      by = `${r.approver} (passkey)`;
    }
    const r = await store.decide(id, decision, by, clock());
    if (!r.ok) {
      if (r.reason === 'not_found') return json(res, 404, { error: 'not_found' });
      return json(res, 409, { error: r.reason, status: r.approval?.status, decidedBy: r.approval?.decidedBy });
    }
    log.info('approval decided in the console', { id, tool: r.approval.tool, decision, by });
    try {
      opts.onDecision?.(r.approval);
    } catch (err) {
      log.error('approval console onDecision failed', { error: err instanceof Error ? err.message : String(err) });
    }
    return json(res, 200, { approval: view(r.approval) });
  }

  // Before listening: from the first request on, passkeys are there.
  const passkeysModule = opts.approvers ? await import('./passkeys.js') : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // The port is part of the name: cookies ignore ports, and two consoles must not clobber each other.
  cookieName = `tlm_console_${port}`;
  // localhost, not 127.0.0.1: browsers treat it as a secure context and WebAuthn accepts it as an RP ID.
  const local = host === '::1' ? `[::1]:${port}` : `localhost:${port}`;
  allowedHosts = new Set([local, `127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  if (publicOrigin) {
    allowedHosts.add(publicOrigin.host.toLowerCase());
    allowedOrigins.add(publicOrigin.origin);
    secureCookie = publicOrigin.protocol === 'https:';
  }
  const url = publicOrigin ? publicOrigin.origin : `http://${local}`;
  if (opts.approvers && passkeysModule) {
    passkeys = new passkeysModule.Passkeys({ rpId, origins: publicOrigin ? [publicOrigin.origin] : [`http://localhost:${port}`] }, opts.approvers, clock);
  }
  log.info('approval console listening', { url, rpId, tokenFallback: fallback });

  return {
    url,
    loginUrl: `${url}/login#token=${encodeURIComponent(token)}`,
    enrolUrl: (t) => `${url}/enrol#${encodeURIComponent(t)}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * What the page gets: everything it shows, nothing it does not (no digest, no instance). Free text
 * arrives quoted, with separators, bidi and control characters escaped (show-text.ts).
 */
function view(a: Approval) {
  return {
    id: a.id, tool: a.tool, title: a.title, action: escapeInvisible(a.action),
    facts: a.facts.map(([label, value]) => [escapeInvisible(label), quoteText(value)]),
    client: quoteText(a.client), caller: a.caller === undefined ? undefined : quoteText(a.caller),
    createdAt: a.createdAt, expiresAt: a.expiresAt, status: a.status, decidedBy: a.decidedBy, decidedAt: a.decidedAt,
  };
}
