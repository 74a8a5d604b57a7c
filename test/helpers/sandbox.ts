// Shared test plumbing for the sandbox: a fixed clock, a signed query built with the project's own
// genUserSig, and a one-line call through the sandbox's pure dispatch.
import { ENDPOINTS, type EndpointName, endpointPath } from '../../src/catalog/endpoints.js';
import { genUserSig } from '../../src/client/usersig.js';
import { createSandbox, type Sandbox, type SandboxCredentials } from '../../src/sandbox/index.js';

/** 2025-01-06T12:00:00.250Z: mid-second, so "one second later" means a new rate window. */
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0, 250);

export class TestClock {
  constructor(public ms = T0) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface SignOptions {
  /** The `identifier` in the URL (default: the admin). */
  identifier?: string;
  /** The `sdkappid` in the URL (default: the sandbox's). */
  sdkAppId?: number;
  /** Sign for another identifier / SDKAppID / key than the URL claims. */
  signIdentifier?: string;
  signSdkAppId?: number;
  signKey?: string;
  /** Lifetime in seconds (default one day). */
  expire?: number;
  /** Signing time in ms (default: nowMs). */
  signedAt?: number;
  random?: string;
}

/** The query Tencent expects: sdkappid, identifier, usersig, random, contenttype=json. */
export function signedQuery(credentials: SandboxCredentials, nowMs: number, o: SignOptions = {}): URLSearchParams {
  const identifier = o.identifier ?? credentials.admin;
  const sdkAppId = o.sdkAppId ?? credentials.sdkAppId;
  const usersig = genUserSig({
    sdkAppId: o.signSdkAppId ?? sdkAppId,
    secretKey: o.signKey ?? credentials.secretKey,
    identifier: o.signIdentifier ?? identifier,
    expire: o.expire ?? 86_400,
    now: Math.floor((o.signedAt ?? nowMs) / 1000),
  });
  return new URLSearchParams({ sdkappid: String(sdkAppId), identifier, usersig, random: o.random ?? '3141592653', contenttype: 'json' });
}

/** The decoded answer: the common fields plus whatever the command returns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Envelope = { ActionStatus: string; ErrorCode: number; ErrorInfo: string; RequestId: string } & Record<string, any>;

export function pathOf(name: EndpointName): string {
  return `/${endpointPath(ENDPOINTS[name])}`;
}

/** A correctly signed POST of `body` to a catalog command, through sb.handle(). */
export function call(sb: Sandbox, clock: TestClock, name: EndpointName, body: unknown): Envelope {
  const out = sb.handle({ method: 'POST', path: pathOf(name), query: signedQuery(sb.credentials, clock.ms), bodyText: JSON.stringify(body) });
  return out.body as Envelope;
}

/**
 * A demo-seeded sandbox on its own TestClock, with `c(name, body)` for a signed call. Rate limits
 * are off unless asked for: most tests pin semantics and send many calls at one instant.
 */
export function sandboxSession(rateLimits = false) {
  const clock = new TestClock();
  const sb = createSandbox({ clock: clock.now, rateLimits });
  return { sb, clock, c: (name: EndpointName, body: unknown) => call(sb, clock, name, body) };
}
