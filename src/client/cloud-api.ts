// Tencent Cloud API 3.0 (TRTC actions such as RemoveUser) through Tencent's official Node SDK,
// tencentcloud-sdk-nodejs-common: the SDK signs every request (TC3-HMAC-SHA256) and sends it. No
// signing is written here.
//
// Transport. The SDK sends with its own fetch (node-fetch over Node's http/https modules), not with
// undici. So the REST client's undici pool, its timeouts and undici's MockAgent do not apply here:
// - keep-alive comes from the http(s).Agent made below (keepAlive on, a few sockets), handed to the
//   SDK for every request and destroyed by close(), so no idle socket outlives the client;
// - tests cannot intercept these requests with MockAgent: they go over real loopback HTTP to the
//   sandbox, which answers API 3.0 and checks the signature;
// - http_proxy from the environment is not used (the SDK reads it only when no agent is given).
//
// Endpoint override (TENCENT_CLOUD_API_ENDPOINT). The SDK names the signed service after the first
// label of its host and signs the Host header, so pointing it at "127.0.0.1:9000" would sign for a
// service "127". Instead the request keeps Tencent's host name (Host header, signature scope) and
// only the connection goes to the override: a gateway that forwards the request unchanged keeps
// the signature valid, and the sandbox checks exactly what Tencent would.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { silentLogger, type Logger } from '../logger.js';
import { checkEndpointTransport } from './endpoint-transport.js';
import { LiveError } from './errors.js';
import type { CallResult, Delivery } from './types.js';

/** TRTC's API 3.0 version for every action used here (trtc.io/document/34268, 39630, 36754). */
export const TRTC_API_VERSION = '2019-07-22';
/**
 * The TRTC API domain for international-site accounts, as the action pages name it since November
 * 2025 ("Domain name for API request: trtc.intl.tencentcloudapi.com", tencentcloud.com/document/api/647/34268).
 */
export const TRTC_API_HOST = 'trtc.intl.tencentcloudapi.com';
/** Regions RemoveUser and RemoveUserByStrRoomId accept (trtc.io/document/34268, 39630). */
export const TRTC_REMOVE_REGIONS = ['ap-beijing', 'ap-guangzhou', 'ap-singapore'] as const;
/** Regions DescribeRoomInfo accepts (trtc.io/document/36754). */
export const TRTC_DESCRIBE_REGIONS = ['ap-beijing', 'ap-guangzhou', 'ap-mumbai', 'ap-singapore', 'na-toronto'] as const;

/** How the vendor reference (docs/reference/) names an API 3.0 action: `api3/{product}/{Action}`. */
export function cloudApiPath(ep: { service: string; command: string }): string {
  return `api3/${ep.service}/${ep.command}`;
}

export interface CloudApiCredentials {
  secretId: string;
  secretKey: string;
}

export interface CloudApiOptions extends CloudApiCredentials {
  /** The application's SDKAppID: TRTC actions take it as SdkAppId. */
  sdkAppId: number;
  region: string;
  /** Base URL the connections go to (private gateway, sandbox); default https://TRTC_API_HOST. */
  endpoint?: string;
  /** Accept a plain http:// endpoint that is not loopback (see endpoint-transport.ts). */
  allowInsecureEndpoint?: boolean;
  /** Seconds before the SDK gives up on an answer (default 10; Tencent's own answers come far sooner). */
  timeoutSeconds?: number;
  logger?: Logger;
}

export interface CloudApiCallOptions {
  signal?: AbortSignal;
}

export interface CloudApiClient {
  readonly sdkAppId: number;
  readonly region: string;
  /** One API 3.0 action, sent once (never retried). The result's body is what sits under Response. */
  call(action: string, params: Record<string, unknown>, opts?: CloudApiCallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

/** Meanings of the common API 3.0 codes a caller can act on; anything else is shown as Tencent says it. */
function meaningOf(code: string): string | undefined {
  if (code.startsWith('AuthFailure')) {
    return 'Tencent Cloud rejected the API credentials or the signature: an operator must check TENCENT_CLOUD_SECRET_ID and TENCENT_CLOUD_SECRET_KEY (and the machine clock)';
  }
  if (code === 'RequestLimitExceeded' || code.startsWith('RequestLimitExceeded.')) return 'rate limit exceeded; wait a moment and try again';
  if (code === 'UnsupportedRegion') return 'this action is not offered in TENCENT_CLOUD_REGION';
  if (code.startsWith('InvalidParameter') || code.startsWith('MissingParameter')) return 'a parameter was refused';
  if (code === 'UnauthorizedOperation' || code.startsWith('UnauthorizedOperation.')) return 'the API key\'s CAM policy does not allow this action on this application';
  return undefined;
}

/** Node error codes that occur before a byte of the request is written: the request never left. */
const NEVER_LEFT = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b/;

/** The SDK's exception → a LiveError that carries no secret and says whether the request may have acted. */
export function cloudApiError(action: string, err: unknown, scrub: (s: string) => string): LiveError {
  const e = err as { code?: unknown; requestId?: unknown; httpCode?: unknown; message?: unknown };
  const message = scrub(typeof e?.message === 'string' ? e.message : String(err));
  const requestId = typeof e?.requestId === 'string' && e.requestId !== '' ? e.requestId : undefined;
  if (typeof e?.code === 'string' && e.code !== '') {
    // Tencent answered with an Error: nothing was done.
    const meaning = meaningOf(e.code);
    return new LiveError({
      kind: 'api', codeName: e.code, ...(meaning && { meaning }), info: message, ...(requestId && { requestId }),
      message: `Tencent Cloud API refused ${action}: ${e.code}`, retryable: e.code.startsWith('RequestLimitExceeded'), delivery: 'no', endpointName: action,
    });
  }
  if (typeof e?.httpCode === 'number') {
    return new LiveError({
      kind: 'http', httpStatus: e.httpCode, message: `HTTP ${e.httpCode} from the Tencent Cloud API endpoint for ${action}; the request may have taken effect`,
      retryable: false, delivery: 'unknown', endpointName: action,
    });
  }
  const left: Delivery = NEVER_LEFT.test(message) ? 'no' : 'unknown';
  const timeout = /timeout/i.test(message);
  const reason = NEVER_LEFT.exec(message)?.[1] ?? (timeout ? 'timeout' : 'connection failed');
  return new LiveError({
    kind: timeout ? 'timeout' : 'network',
    message: left === 'no'
      ? `the Tencent Cloud API endpoint could not be reached (${reason}); the request never left`
      : `the Tencent Cloud API request failed (${reason}); the request may have taken effect`,
    retryable: false, delivery: left, endpointName: action,
  });
}

/** An agent whose sockets go to `target`, whatever host the request names. */
function routedAgent(target: URL | undefined): http.Agent {
  const base = { keepAlive: true, maxSockets: 8 };
  if (!target) return new https.Agent(base);
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (target.protocol === 'https:') {
    const agent = new https.Agent(base);
    Object.assign(agent, {
      createConnection: (options: tls.ConnectionOptions, cb?: () => void) =>
        tls.connect({ ...options, host, port, servername: net.isIP(host) ? undefined : host }, cb),
    });
    return agent;
  }
  const agent = new http.Agent(base);
  Object.assign(agent, { createConnection: (options: net.NetConnectOpts, cb?: () => void) => net.createConnection({ ...options, host, port } as net.NetConnectOpts, cb) });
  return agent;
}

export function createCloudApiClient(opts: CloudApiOptions): CloudApiClient {
  const logger = opts.logger ?? silentLogger;
  logger.addSecret(opts.secretKey);
  let target: URL | undefined;
  if (opts.endpoint !== undefined) {
    try {
      target = new URL(opts.endpoint);
    } catch {
      throw new Error(`TENCENT_CLOUD_API_ENDPOINT must be a URL, got ${JSON.stringify(opts.endpoint)}.`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('TENCENT_CLOUD_API_ENDPOINT must be an http(s) URL.');
    checkEndpointTransport(target, opts.allowInsecureEndpoint === true);
  }
  const agent = routedAgent(target);
  const protocol = target ? `${target.protocol}//` : 'https://';
  // The port of the override travels in the URL (the Host header then carries it; the signature
  // covers the host name only), the host name stays Tencent's.
  const host = target?.port ? `${TRTC_API_HOST}:${target.port}` : TRTC_API_HOST;
  const sdk = new CommonClient(host, TRTC_API_VERSION, {
    credential: { secretId: opts.secretId, secretKey: opts.secretKey },
    region: opts.region,
    profile: { httpProfile: { reqMethod: 'POST', protocol, reqTimeout: opts.timeoutSeconds ?? 10, agent } },
  });
  // A path in the override (a gateway mounted under a prefix) is where the SDK posts.
  if (target && target.pathname !== '/' && target.pathname !== '') (sdk as unknown as { path: string }).path = target.pathname.replace(/\/?$/, '/');
  const scrub = (s: string) => s.split(opts.secretKey).join('[redacted]');
  return {
    sdkAppId: opts.sdkAppId,
    region: opts.region,
    async call(action, params, callOpts = {}) {
      logger.debug('cloud api call', { action });
      let response: Record<string, unknown>;
      try {
        response = await sdk.request(action, params, { ...(callOpts.signal && { signal: callOpts.signal }) }) as Record<string, unknown>;
      } catch (err) {
        const e = cloudApiError(action, err, scrub);
        logger.debug('cloud api call failed', { action, kind: e.kind, code: e.codeName, requestId: e.requestId });
        throw e;
      }
      const { RequestId, ...body } = response;
      return { body, requestId: typeof RequestId === 'string' ? RequestId : '' };
    },
    async close() {
      agent.destroy();
    },
  };
}
