// Pure helpers about addresses and origins, shared by config.ts (which must decide at start whether
// a bind needs a token) and the HTTP server (which checks Host and Origin on every request).

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Strips the brackets of an IPv6 literal: "[::1]" → "::1". */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** An address only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host.trim().toLowerCase());
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Every interface: the Host header a client sends cannot be predicted from the bind address. */
export function isWildcardHost(host: string): boolean {
  const h = bare(host.trim());
  return h === '0.0.0.0' || h === '::' || h === '';
}

/** The host part of a URL for an address: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  const h = bare(host);
  return h.includes(':') ? `[${h}]` : h;
}

/**
 * The Host header names to accept (DNS-rebinding protection), or undefined when they cannot be
 * known (a wildcard bind with neither --allowed-hosts nor --public-url; auth is mandatory there).
 */
export function allowedHostnames(o: { host: string; allowedHosts?: readonly string[]; publicUrl?: string }): string[] | undefined {
  const names = new Set<string>();
  const add = (h: string) => names.add(urlHost(h.toLowerCase()));
  if (o.publicUrl) add(new URL(o.publicUrl).hostname);
  if (o.allowedHosts && o.allowedHosts.length > 0) {
    for (const h of o.allowedHosts) add(h);
    return [...names];
  }
  if (isWildcardHost(o.host)) return names.size > 0 ? [...names, ...LOOPBACK_NAMES] : undefined;
  add(o.host);
  for (const n of LOOPBACK_NAMES) names.add(n);
  return [...names];
}

/**
 * Browser origins allowed to call the server: any loopback origin, the public URL's origin, and the
 * operator's list (exact origins, scheme://host[:port]). Requests without an Origin header (every
 * non-browser MCP client) are not affected.
 */
export function originChecker(o: { allowedOrigins?: readonly string[]; publicUrl?: string }): (origin: string) => boolean {
  const exact = new Set<string>((o.allowedOrigins ?? []).map((x) => new URL(x).origin));
  if (o.publicUrl) exact.add(new URL(o.publicUrl).origin);
  return (origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file:) and garbage
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return exact.has(url.origin) || isLoopbackHost(url.hostname);
  };
}

/** A list flag or variable: "a,b, c" → ["a","b","c"]; empty → undefined. */
export function splitCsv(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}
