// Pure request dispatch: method, query and signature checks, routing, body parsing, rate limits,
// then the handler; every answer wrapped in Tencent's envelope. No sockets here, so tests (and the
// in-process client) can call it directly; http.ts only moves bytes.
import { randomBytes } from 'node:crypto';
import { ENDPOINTS, type EndpointName, endpointPath } from '../catalog/endpoints.js';
import { checkRequest, type SandboxCredentials } from './auth.js';
import { CODES, SandboxError } from './errors.js';
import { HANDLERS, type Handler } from './handlers/index.js';
import { rateRule, WindowRateLimiter } from './rate-limit.js';
import type { SandboxState } from './state.js';

export interface HandleInput {
  method: string;
  /** The URL path, e.g. '/v4/live_engine_http_srv/get_room_list' (no query). */
  path: string;
  query: URLSearchParams;
  bodyText: string;
  /** Lower-case header names (API 3.0 requests carry their action and signature in headers). */
  headers?: Record<string, string | string[] | undefined>;
}

export interface HandleOutput {
  status: number;
  body: unknown;
}

export interface SandboxRequest {
  /** The catalog name (ENDPOINTS key): the command, with `conference_` where it would collide. */
  command: string;
  /** The URL path as received, e.g. '/v4/room_engine_http_mic/kick_user_off_seat'. */
  path: string;
  /** The parsed JSON body. */
  body: unknown;
  /** Sandbox clock, milliseconds. */
  at: number;
  /** The UserSig the request was signed with (tests check it never leaks anywhere). */
  userSig: string;
}

export interface DispatchOptions {
  state: SandboxState;
  credentials: SandboxCredentials;
  clock: () => number;
  rateLimits: boolean;
  /** Appended to for every request that reaches a handler. */
  requests: SandboxRequest[];
}

/** Oldest entries are dropped beyond this, so a long-running `sandbox` server does not grow forever. */
export const REQUEST_LOG_CAP = 10_000;

/** 'v4/service/command' → catalog name. */
const ROUTES: ReadonlyMap<string, EndpointName> = new Map(
  (Object.keys(ENDPOINTS) as EndpointName[]).map((name) => [endpointPath(ENDPOINTS[name]), name]),
);

export function createDispatcher(opts: DispatchOptions): (input: HandleInput) => HandleOutput {
  const limiter = new WindowRateLimiter();
  const instance = randomBytes(4).toString('hex');
  let seq = 0;

  return (input) => {
    seq += 1;
    // Shaped like Tencent's ("Id-<hex>-O-Seq-<n>"); unique per request and per sandbox instance.
    const RequestId = `Id-${instance}${randomBytes(12).toString('hex')}-O-Seq-${seq}`;
    const now = opts.clock();
    try {
      const fields = run(input, now);
      return { status: 200, body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', RequestId, ...fields } };
    } catch (err) {
      // Anything but a SandboxError is a sandbox bug; Tencent would say 100001 (internal error).
      const e = err instanceof SandboxError ? err : new SandboxError(CODES.INTERNAL, `sandbox internal error: ${(err as Error)?.message ?? String(err)}`);
      return { status: 200, body: { ActionStatus: 'FAIL', ErrorCode: e.code, ErrorInfo: e.info, RequestId } };
    }
  };

  function run(input: HandleInput, now: number): Record<string, unknown> {
    // Gateway checks come before routing: the gateway authenticates, then looks up the service.
    checkRequest(input.method, input.query, opts.credentials, now);

    const name = ROUTES.get(input.path.replace(/^\/+/, ''));
    // 60009 "requested resource wrong — check URL" is the common code for a URL naming no API.
    if (!name) throw new SandboxError(CODES.WRONG_RESOURCE, `no REST API at ${input.path}; check the service name and command in the URL`);
    // Every endpoint reaching Tencent has a handler (a type error otherwise); the feed's local
    // endpoints have none, as Tencent has no such API.
    const handler = (HANDLERS as Partial<Record<EndpointName, Handler>>)[name];
    if (!handler) {
      throw new SandboxError(CODES.WRONG_RESOURCE, `${input.path} is a Tencent API the sandbox does not emulate yet`);
    }

    const body = parseBody(input.bodyText);

    if (opts.rateLimits) {
      const rule = rateRule(name);
      if (!limiter.take(rule, now)) {
        const scope = rule.shared ? 'stream-mixing operations (shared budget)' : name;
        const allows = rule.limit >= 1 ? `${rule.limit} per second` : `1 per ${1 / rule.limit} seconds`;
        throw new SandboxError(rule.code, `too many requests: ${scope} allows ${allows}; retry later`);
      }
    }

    const log = opts.requests;
    log.push({ command: name, path: input.path, body, at: now, userSig: input.query.get('usersig') ?? '' });
    if (log.length > REQUEST_LOG_CAP) log.splice(0, log.length - REQUEST_LOG_CAP);
    return handler({ state: opts.state, body, now });
  }
}

/** The body must be a JSON object; `{}` when there are no fields (never empty). */
function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new SandboxError(CODES.BODY_NOT_JSON, 'request body is empty; send {} when there are no fields');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new SandboxError(CODES.BODY_NOT_JSON, 'request body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new SandboxError(CODES.BODY_NOT_JSON, 'request body must be a JSON object');
  }
  return v as Record<string, unknown>;
}
