// Plain http:// sends the UserSig (in the query string) and every request body in clear. It is
// accepted only on loopback, where nothing crosses a network; anywhere else the operator must opt
// out explicitly (TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT=1, e.g. a private gateway on a trusted
// segment), and the start is logged as a warning.
import { isIP } from 'node:net';

export const INSECURE_ENDPOINT_ENV = 'TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT';

/** 127.0.0.0/8, ::1 and localhost (with *.localhost, which resolvers keep on the machine). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** The opt-out, from the environment: "1" or "true". */
export function insecureEndpointAllowed(env: Record<string, string | undefined>): boolean {
  const v = env[INSECURE_ENDPOINT_ENV]?.trim().toLowerCase();
  return v === '1' || v === 'true';
}

/** Throws unless `url` is https, loopback http, or http with the explicit opt-out. */
export function checkEndpointTransport(url: URL, allowInsecure: boolean): void {
  if (url.protocol === 'https:' || isLoopbackHost(url.hostname) || allowInsecure) return;
  throw new Error(
    `Endpoint override ${url.origin} is plain http:// to a host that is not loopback: the UserSig and every request would cross the network in clear. ` +
    `Use https://, or set ${INSECURE_ENDPOINT_ENV}=1 for a private gateway you trust (a warning is logged at start).`,
  );
}
