// The signed REST client: one POST per attempt to {base}/v4/{service}/{command}, a fresh random per
// attempt, the admin UserSig from a cache, Tencent's envelope turned into a CallResult or a
// LiveError. Retries happen only where a repeat cannot do harm (see shouldRetry).
//
// Secrets: the query string carries the UserSig, so neither the URL nor any raw undici error (whose
// message may quote the path) ever reaches a LiveError or a log line. Errors are built here from
// the error *code* only, and anything Tencent echoes back is scrubbed of the key and the sig.
import { randomInt } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Agent, Dispatcher } from 'undici';
import { silentLogger, type Logger } from '../logger.js';
import { endpointPath, type Endpoint } from '../catalog/endpoints.js';
import { describeCode, isRateLimitCode, isRetryableCode } from '../catalog/error-codes.js';
import { LiveError } from './errors.js';
import { baseUrlFor } from './regions.js';
import type { CallOptions, CallResult, Delivery, LiveClient } from './types.js';
import { UserSigCache } from './usersig.js';

export interface RestClientOptions {
  sdkAppId: number;
  secretKey: string;
  /** App administrator identifier the UserSig is signed for. */
  admin: string;
  region?: string;
  /** Base URL override (private gateway, sandbox, tests); wins over region. */
  endpoint?: string;
  /** Accept a plain http:// endpoint that is not loopback (see endpoint-transport.ts). */
  allowInsecureEndpoint?: boolean;
  /** Injected dispatcher (tests pass a MockAgent). Not closed by close(). */
  dispatcher?: Dispatcher;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  /** A uint32: the `random` query parameter and the retry jitter. */
  random?: () => number;
  /** Backoff sleep; receives the call's signal so a cancel can cut it short. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger?: Logger;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** All well above Tencent's 3 s server-side timeout, so Tencent times out first and says so. */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** UserSig lifetime in seconds (default 1 day, renewed at half-life). */
  userSigExpire?: number;
}

const ENVELOPE_KEYS = new Set(['ActionStatus', 'ErrorCode', 'ErrorInfo', 'RequestId']);
/** 60008 service timeout, 100001 internal error: Tencent may have done part or all of it. */
const OUTCOME_UNKNOWN_CODES = new Set([60008, 100001]);

// Errors that can only happen before a byte of the request was written: the request never left.
const CONNECT_PHASE = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
// TLS verification failures also happen before the request is written, but repeating cannot help.
const TLS_VERIFY = new Set([
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const DESCRIBE_NET: Record<string, string> = {
  ECONNREFUSED: 'connection refused', ENOTFOUND: 'host name not found', EAI_AGAIN: 'DNS lookup failed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out', ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed by the other side', EPIPE: 'connection broken',
  UND_ERR_INVALID_ARG: 'request rejected by the HTTP client',
};

// Abort reasons of our own timers, told apart from the caller's cancel by identity.
const HEADERS_TIMEOUT = Symbol('headers timeout');
const BODY_TIMEOUT = Symbol('body timeout');
const CANCELLED = Symbol('cancelled');

// undici (some 110 modules, the largest single import of a cold start) loads at the first call, not
// at start: a session that only lists tools never pays for it; the first call pays once.
let undiciModule: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undiciModule ??= import('undici'));

interface Http {
  request: (typeof import('undici'))['request'];
  dispatcher: Dispatcher;
}

export function createRestClient(options: RestClientOptions): LiveClient {
  const { sdkAppId, secretKey, admin } = options;
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) throw new Error('sdkAppId must be a positive integer');
  if (!secretKey) throw new Error('secretKey is required');
  if (!admin) throw new Error('admin identifier is required');

  const base = baseUrlFor({ region: options.region, endpoint: options.endpoint, allowInsecure: options.allowInsecureEndpoint ?? false });
  const host = new URL(base).host;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? (() => randomInt(0, 2 ** 32));
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }).catch(() => {}));
  const logger = options.logger ?? silentLogger;
  const attempts = Math.max(1, options.retry?.attempts ?? 3);
  const baseDelayMs = options.retry?.baseDelayMs ?? 100;
  const maxDelayMs = options.retry?.maxDelayMs ?? 2000;
  const connectMs = options.timeouts?.connectMs ?? 5000;
  const headersMs = options.timeouts?.headersMs ?? 10000;
  const bodyMs = options.timeouts?.bodyMs ?? 10000;

  logger.addSecret(secretKey);
  const sigs = new UserSigCache({
    sdkAppId, secretKey, identifier: admin, expire: options.userSigExpire ?? 86400, clock,
  });
  // The current sig and the one before it (a reply may still quote the old one after a renewal).
  let recentSigs: string[] = [];
  const currentSig = (): string => {
    const sig = sigs.get();
    if (sig !== recentSigs[0]) { logger.addSecret(sig); recentSigs = [sig, ...recentSigs].slice(0, 2); }
    return sig;
  };
  /**
   * Whether a parsed body must be walked for secrets. Walking every string of every answer was
   * about a tenth of a read's CPU, for answers that almost never hold one. Without a backslash,
   * JSON text holds every string (and key) verbatim, so a secret absent from the text is absent
   * from the parsed value; a body with any escape is walked, since `\u0041` spells "A".
   */
  const mayHoldSecret = (text: string): boolean =>
    text.includes('\\') || [secretKey, ...recentSigs].some((s) => s.length >= 4 && text.includes(s));
  /** Removes the key and the sigs from text Tencent (or a proxy) sent back. */
  const scrub = (text: string): string =>
    [secretKey, ...recentSigs].filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('[redacted]'), text);

  // Keep-alive is undici's default for HTTP/1.1; the 4 s idle timeout (undici's default) stays
  // under common server idle limits so a write is not sent on a socket the server just closed.
  let owned: Agent | undefined;
  let http: Http | undefined;
  let closed = false;
  async function transport(name: string): Promise<Http> {
    if (http) return http;
    let u: typeof import('undici');
    try {
      u = await loadUndici();
    } catch (err) {
      throw new LiveError({ kind: 'network', endpointName: name, retryable: false, delivery: 'no',
        message: `The HTTP client (undici) could not be loaded, so ${name} was not sent: ${(err as Error).message}` });
    }
    if (!options.dispatcher) {
      owned ??= new u.Agent({
        connect: { timeout: connectMs }, headersTimeout: headersMs, bodyTimeout: bodyMs, keepAliveTimeout: 4000,
      });
    }
    return (http = { request: u.request, dispatcher: options.dispatcher ?? owned! });
  }

  async function attemptOnce(h: Http, ep: Endpoint, name: string, payload: string, signal?: AbortSignal): Promise<CallResult> {
    const query = new URLSearchParams({
      sdkappid: String(sdkAppId), identifier: admin, usersig: currentSig(),
      random: String(random() >>> 0), contenttype: 'json',
    });
    const url = `${base}/${endpointPath(ep)}?${query}`;

    if (owned) return attemptOwned(h, url, ep, name, payload, signal);
    // Our own phase timers, on top of undici's: they bound the wait whatever the dispatcher is
    // (a MockAgent ignores headersTimeout) and include connecting when the pool is not ours.
    const ac = new AbortController();
    const onCancel = () => ac.abort(CANCELLED);
    signal?.addEventListener('abort', onCancel, { once: true });
    let timer = setTimeout(() => ac.abort(HEADERS_TIMEOUT), connectMs + headersMs);
    let status: number;
    let text: string;
    try {
      const res = await h.request(url, {
        dispatcher: h.dispatcher, method: 'POST', body: payload, signal: ac.signal, headersTimeout: headersMs, bodyTimeout: bodyMs,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'tencent-live-mcp' },
      });
      clearTimeout(timer);
      timer = setTimeout(() => ac.abort(BODY_TIMEOUT), bodyMs);
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      throw transportError(name, e, ac.signal.reason);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
    return parseEnvelope(name, ep, status, text);
  }

  /**
   * An attempt through our own pool: its connect, headers and body timeouts already bound every
   * phase, so no AbortController or timers of ours are made per attempt (they were a measurable
   * share of a call's CPU). The caller's signal, when there is one (reads), goes straight to undici.
   * One difference from the injected-dispatcher path: undici's bodyTimeout is the longest pause
   * between body chunks, not a bound on the whole body; Tencent's answers are one small JSON object.
   */
  async function attemptOwned(h: Http, url: string, ep: Endpoint, name: string, payload: string, signal?: AbortSignal): Promise<CallResult> {
    let status: number;
    let text: string;
    try {
      const res = await h.request(url, {
        dispatcher: owned!, method: 'POST', body: payload, ...(signal && { signal }),
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'tencent-live-mcp' },
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      throw transportError(name, e, signal?.aborted ? CANCELLED : undefined);
    }
    return parseEnvelope(name, ep, status, text);
  }

  function transportError(name: string, e: unknown, reason: unknown): LiveError {
    if (reason === CANCELLED) return cancelledError(name, 'unknown');
    const code = errorCode(e);
    if (reason === HEADERS_TIMEOUT || reason === BODY_TIMEOUT
      || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      const waiting = reason === BODY_TIMEOUT || code === 'UND_ERR_BODY_TIMEOUT' ? 'the response body' : 'a response';
      return new LiveError({
        kind: 'timeout', endpointName: name, retryable: true, delivery: 'unknown',
        message: `Tencent did not answer ${name} in time (timed out waiting for ${waiting} from ${host}); the request may have taken effect.`,
      });
    }
    const what = code ? `${DESCRIBE_NET[code] ?? 'network error'} (${code})` : 'network error';
    if (code && (CONNECT_PHASE.has(code) || TLS_VERIFY.has(code) || code === 'UND_ERR_INVALID_ARG')) {
      return new LiveError({
        kind: 'network', endpointName: name, retryable: CONNECT_PHASE.has(code), delivery: 'no',
        message: `Could not reach Tencent at ${host} for ${name}: ${what}; the request was not sent.`,
      });
    }
    return new LiveError({
      kind: 'network', endpointName: name, retryable: true, delivery: 'unknown',
      message: `The connection to Tencent at ${host} failed during ${name}: ${what}; the request may have taken effect.`,
    });
  }

  function parseEnvelope(name: string, ep: Endpoint, status: number, text: string): CallResult {
    if (status !== 200) {
      // Tencent itself always answers 200; anything else is a gateway. A 5xx may come after the
      // backend acted; a 4xx is a refusal. 429 is a gateway's rate limit, worth a read's retry.
      const server = status >= 500;
      throw new LiveError({
        kind: 'http', endpointName: name, httpStatus: status, retryable: server || status === 429,
        delivery: server || isRedirect(status) ? 'unknown' : 'no',
        message: httpStatusMessage(name, host, status),
      });
    }
    let doc: unknown;
    try { doc = JSON.parse(text); } catch { doc = undefined; }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      throw schemaError(name, 'the body is not a JSON object');
    }
    // Whatever a gateway echoes (a UserSig in a success body, the key in a debug field) is scrubbed
    // from every string of the parsed body, not only from ErrorInfo: all of it can reach a result.
    const env = (mayHoldSecret(text) ? scrubDeep(doc, scrub) : doc) as Record<string, unknown>;
    // Echoed text is scrubbed like ErrorInfo: it lands in messages and results verbatim.
    const requestId = typeof env.RequestId === 'string' ? scrub(env.RequestId).slice(0, 128) : '';
    const code = typeof env.ErrorCode === 'number' ? env.ErrorCode
      : typeof env.ErrorCode === 'string' && /^-?\d+$/.test(env.ErrorCode) ? Number(env.ErrorCode) : undefined;
    if (code === undefined) throw schemaError(name, 'ErrorCode is missing', requestId);
    if (code !== 0) {
      const meaning = describeCode(code, `${ep.service}/${ep.command}`);
      const info = typeof env.ErrorInfo === 'string' ? scrub(env.ErrorInfo).slice(0, 300) : '';
      const said = info && info !== meaning ? ` (Tencent says: "${info}")` : '';
      throw new LiveError({
        kind: 'api', endpointName: name, code, meaning, ...(said && { info }), requestId: requestId || undefined,
        // A service timeout or an internal error may come after the command ran: outcome unknown.
        delivery: OUTCOME_UNKNOWN_CODES.has(code) ? 'unknown' : 'no',
        retryable: isRetryableCode(code) || isRateLimitCode(code),
        message: `Tencent rejected ${name}: ${code} ${meaning ?? 'unlisted error code'}${said}${rid(requestId)}.`,
      });
    }
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(env)) if (!ENVELOPE_KEYS.has(k)) body[k] = v;
    return { body, requestId };
  }

  function schemaError(name: string, why: string, requestId = ''): LiveError {
    return new LiveError({
      kind: 'schema', endpointName: name, retryable: false, delivery: 'unknown', requestId: requestId || undefined,
      message: `Tencent's answer to ${name} could not be read: ${why}${rid(requestId)}; the request may have taken effect.`,
    });
  }

  /**
   * Repeat a request only when it cannot do harm: an idempotent call after a retryable failure,
   * or any call (even a write) whose request provably never left. A write that may have reached
   * Tencent, or that Tencent refused, is never replayed.
   */
  function shouldRetry(err: LiveError, idempotent: boolean): boolean {
    if (!err.retryable) return false;
    if (idempotent) return true;
    return err.kind === 'network' && err.delivery === 'no';
  }

  /** Equal jitter: half the exponential step fixed, half drawn from the injected random. */
  function backoff(attempt: number): number {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + ((random() >>> 0) / 2 ** 32) * (step / 2));
  }

  return {
    async call(ep: Endpoint, body: Record<string, unknown>, opts: CallOptions): Promise<CallResult> {
      const name = ep.name;
      const payload = JSON.stringify(body ?? {});
      let mayHaveLanded = false; // any attempt so far with delivery 'unknown'
      const h = await transport(name);
      for (let attempt = 1; ; attempt++) {
        if (closed) {
          throw new LiveError({ kind: 'network', endpointName: name, retryable: false, delivery: 'no',
            message: `The Tencent client is closed; ${name} was not sent.` });
        }
        if (opts.signal?.aborted) throw cancelledError(name, mayHaveLanded ? 'unknown' : 'no');
        const started = clock();
        try {
          // A cancel (or the client going away) stops a read in flight. A write already on its way
          // is left to finish: dropping the socket cannot unsend it, and only Tencent's answer can
          // say what happened, which the audit log then records instead of "unknown".
          const result = await attemptOnce(h, ep, name, payload, opts.idempotent ? opts.signal : undefined);
          logger.debug('tencent call', { command: name, attempt, durationMs: clock() - started, outcome: 'ok', requestId: result.requestId });
          return result;
        } catch (e) {
          const err = e instanceof LiveError ? e : transportError(name, e, undefined);
          logger.debug('tencent call', {
            command: name, attempt, durationMs: clock() - started, outcome: err.kind, code: err.code,
            httpStatus: err.httpStatus, delivery: err.delivery, requestId: err.requestId,
          });
          if (err.delivery === 'unknown') mayHaveLanded = true;
          // A cancel stops the retries but does not hide what actually happened to this attempt.
          if (opts.signal?.aborted || attempt >= attempts || !shouldRetry(err, opts.idempotent)) {
            throw finalError(err, attempt, mayHaveLanded);
          }
          await sleep(backoff(attempt), opts.signal);
        }
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await owned?.close();
    },
  };
}

function cancelledError(name: string, delivery: Delivery): LiveError {
  return new LiveError({
    kind: 'network', endpointName: name, retryable: false, delivery,
    message: `${name} was cancelled before Tencent answered; ${delivery === 'no' ? 'the request was not sent' : 'the request may have taken effect'}.`,
  });
}

/** The error the caller sees: notes the retries, and widens delivery if an earlier attempt may have landed. */
function finalError(err: LiveError, attempt: number, mayHaveLanded: boolean): LiveError {
  const widen = mayHaveLanded && err.delivery === 'no';
  if (attempt === 1 && !widen) return err;
  let message = err.message;
  if (widen) {
    message = message.includes('the request was not sent')
      ? message.replace('the request was not sent', 'this attempt was not sent, but an earlier one may have taken effect')
      : `${message} An earlier attempt may have taken effect.`;
  }
  if (attempt > 1) message = message.replace(/\.?$/, ` (after ${attempt} attempts).`);
  return new LiveError({
    kind: err.kind, message, code: err.code, meaning: err.meaning, ...(err.info && { info: err.info }), requestId: err.requestId, httpStatus: err.httpStatus,
    retryable: err.retryable, delivery: widen ? 'unknown' : err.delivery, endpointName: err.endpointName,
  });
}

/** Every string (and key) of a parsed JSON value passed through `scrub`. */
function scrubDeep(value: unknown, scrub: (s: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub)]));
  }
  return value;
}

const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * What an HTTP status other than 200 tells: the request reached `host` (it answered), and Tencent's
 * API always answers 200, so something in front of it (a gateway, a proxy, a wrong endpoint) did.
 */
function httpStatusMessage(name: string, host: string, status: number): string {
  if (status >= 500) return `${host} answered ${name} with HTTP ${status} (a gateway error, not Tencent's API answer); the request reached it and may have taken effect.`;
  if (isRedirect(status)) {
    return `${host} answered ${name} with HTTP ${status}, a redirect that was not followed, instead of Tencent's API answer; ` +
      'the request reached it, and whether anything behind it acted is not known. Check the endpoint (TENCENT_LIVE_ENDPOINT or the region).';
  }
  return `${host} refused ${name} with HTTP ${status}: the request reached it, but Tencent's API answers 200, so a gateway or proxy in front refused it; ` +
    'nothing in the answer says the command was carried out.';
}

function rid(requestId: string): string {
  return requestId ? ` (RequestId ${requestId})` : '';
}

function errorCode(e: unknown): string | undefined {
  const pick = (x: unknown) => (x && typeof x === 'object' && typeof (x as { code?: unknown }).code === 'string'
    ? (x as { code: string }).code : undefined);
  return pick(e) ?? pick((e as { cause?: unknown } | undefined)?.cause);
}
