// The approval console: a small web page on loopback, on its own port (in stdio mode too), where
// an operator approves or rejects destructive calls that are waiting in the ApprovalStore.
//
// Threat model: the model (and whatever it can make a browser do) must not be able to approve its
// own requests. Hence:
// - an operator token the model never sees; the browser gets an HMAC-derived session cookie
//   (HttpOnly, SameSite=Strict), never the token itself;
// - SameSite does not help against another port on the same loopback host (same site), so every
//   state change also needs an exact Origin match and a per-session X-CSRF-Token header;
// - the Host header must name this console (DNS rebinding);
// - GET never changes anything; state changes are POST /api/approvals/:id/(approve|reject) only;
// - the store decides atomically: unknown → 404, decided or expired → 409, so a replay does nothing.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../logger.js';
import type { Approval, ApprovalStore } from './approvals.js';
import { CONSOLE_CSS, CONSOLE_JS, consolePage, loginPage } from './console-page.js';

export interface ConsoleOptions {
  store: ApprovalStore;
  /** The operator token (see resolveConsoleToken). */
  token: string;
  /** A loopback address: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  clock?: () => number;
  logger?: Logger;
  /** Called once per successful decision made in the console. */
  onDecision?: (a: Approval) => void;
  /** Evidence shown next to a pending approval (src/feed/evidence.ts): the targets' recent room events. */
  evidence?: (a: Approval) => unknown;
}

export interface ConsoleHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/login#token=…': the token rides in the fragment, which browsers never send. */
  loginUrl: string;
  close(): Promise<void>;
}

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_LOGIN_BODY = 4096;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DECIDE = /^\/api\/approvals\/([A-Za-z0-9_-]{1,64})\/(approve|reject)$/;

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

export async function startConsole(opts: ConsoleOptions): Promise<ConsoleHandle> {
  const { store, token } = opts;
  const clock = opts.clock ?? Date.now;
  const log = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The approval console listens on loopback only (127.0.0.1, ::1, localhost), not ${JSON.stringify(host)}.`);
  if (!token) throw new Error('The approval console needs an operator token.');
  log.addSecret(token);

  // Sessions are stateless: expiry.nonce.mac under a key derived from the token and a per-start
  // salt, so a cookie is never the token, dies with this process, and fits no other console.
  const sessionKey = hmac(token, `tencent-live-mcp console session|${randomBytes(32).toString('base64url')}`);
  const sign = (payload: string) => hmac(sessionKey, `session|${payload}`).toString('base64url');
  const newSession = () => {
    const payload = `${(clock() + SESSION_TTL_MS).toString(36)}.${randomBytes(16).toString('base64url')}`;
    return `${payload}.${sign(payload)}`;
  };
  const validSession = (v: string | undefined): v is string => {
    const m = v && /^([0-9a-z]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(v);
    if (!m) return false;
    return same(m[3]!, sign(`${m[1]}.${m[2]}`)) && parseInt(m[1]!, 36) > clock();
  };
  const csrfFor = (session: string) => hmac(sessionKey, `csrf|${session}`).toString('base64url');

  let port = 0;
  let cookieName = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

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
  function refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string) {
    log.warn('approval console refused a request', { status, reason, method: req.method, path: (req.url ?? '').split('?')[0] });
    json(res, status, { error: reason });
  }

  function cookie(req: IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === cookieName) return part.slice(i + 1).trim();
    }
    return undefined;
  }

  /** Who is asking: the bearer token (scripts) wins over the cookie when both are present. */
  function auth(req: IncomingMessage): { via: 'bearer' } | { via: 'cookie'; session: string } | undefined {
    const h = req.headers.authorization;
    if (h !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
      return m && same(m[1]!, token) ? { via: 'bearer' } : undefined;
    }
    const s = cookie(req);
    return validSession(s) ? { via: 'cookie', session: s } : undefined;
  }

  async function readBody(req: IncomingMessage): Promise<string | undefined> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_LOGIN_BODY) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still carries its own name in Host.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return refuse(req, res, 403, 'bad_host');
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const isGet = method === 'GET' || method === 'HEAD';
    const origin = req.headers.origin;
    const foreignOrigin = origin !== undefined && !allowedOrigins.has(origin);

    if (path === '/console.js' || path === '/console.css') {
      if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
      return path === '/console.js' ? send(res, 200, 'text/javascript', CONSOLE_JS) : send(res, 200, 'text/css', CONSOLE_CSS);
    }

    if (path === '/login') {
      if (isGet) return send(res, 200, 'text/html', loginPage());
      if (method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET, POST' });
      if (foreignOrigin) return refuse(req, res, 403, 'bad_origin');
      const body = await readBody(req);
      if (body === undefined) return refuse(req, res, 413, 'too_large');
      const given = new URLSearchParams(body).get('token')?.trim() ?? '';
      if (!given || !same(given, token)) {
        log.warn('approval console sign-in failed');
        return send(res, 401, 'text/html', loginPage(true));
      }
      log.info('approval console sign-in');
      return send(res, 303, 'text/plain', 'Signed in', {
        Location: '/',
        'Set-Cookie': `${cookieName}=${newSession()}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`,
      });
    }

    if (path === '/') {
      if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
      const s = cookie(req);
      // Without a session: the sign-in form and nothing else.
      if (!validSession(s)) return send(res, 401, 'text/html', loginPage());
      return send(res, 200, 'text/html', consolePage(csrfFor(s)));
    }

    if (path === '/api/approvals') {
      if (!isGet) return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET' });
      if (!auth(req)) return refuse(req, res, 401, 'unauthorized');
      const now = clock();
      const approvals = (await store.list(now)).map((a) => ({ ...view(a), ...(opts.evidence && a.status === 'pending' && { evidence: opts.evidence(a) }) }));
      return json(res, 200, { now, approvals });
    }

    const m = DECIDE.exec(path);
    if (m) {
      // Never a state change on GET (or anything but POST).
      if (method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'POST' });
      const who = auth(req);
      if (!who) return refuse(req, res, 401, 'unauthorized');
      if (foreignOrigin) return refuse(req, res, 403, 'bad_origin');
      if (who.via === 'cookie') {
        // A browser always sends Origin on a POST; a cookie without it is not our page.
        if (origin === undefined) return refuse(req, res, 403, 'missing_origin');
        const csrf = req.headers['x-csrf-token'];
        if (typeof csrf !== 'string' || !same(csrf, csrfFor(who.session))) return refuse(req, res, 403, 'bad_csrf');
      }
      const [, id, decision] = m as unknown as [string, string, 'approve' | 'reject'];
      const r = await store.decide(id, decision, 'console', clock());
      if (!r.ok) {
        if (r.reason === 'not_found') return json(res, 404, { error: 'not_found' });
        return json(res, 409, { error: r.reason, status: r.approval?.status, decidedBy: r.approval?.decidedBy });
      }
      log.info('approval decided in the console', { id, tool: r.approval.tool, decision });
      try {
        opts.onDecision?.(r.approval);
      } catch (err) {
        log.error('approval console onDecision failed', { error: err instanceof Error ? err.message : String(err) });
      }
      return json(res, 200, { approval: view(r.approval) });
    }

    return send(res, 404, 'text/plain', 'Not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host === 'localhost' ? '127.0.0.1' : host;
  // The port is part of the name: cookies ignore ports, and two consoles must not clobber each other.
  cookieName = `tlm_console_${port}`;
  allowedHosts = new Set([`${urlHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  const url = `http://${urlHost}:${port}`;
  log.info('approval console listening', { url });

  return {
    url,
    loginUrl: `${url}/login#token=${encodeURIComponent(token)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** What the page gets: everything it shows, nothing it does not (no digest, no instance). */
function view(a: Approval) {
  return {
    id: a.id, tool: a.tool, title: a.title, action: a.action, facts: a.facts, client: a.client, caller: a.caller,
    createdAt: a.createdAt, expiresAt: a.expiresAt, status: a.status, decidedBy: a.decidedBy, decidedAt: a.decidedAt,
  };
}
