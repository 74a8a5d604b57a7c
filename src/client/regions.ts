// Where the REST API lives: one admin host per data centre, picked by the region the SDKAppID was
// created in (a sig signed for a Singapore app is rejected by the China host with 70016/70020).
import { checkEndpointTransport } from './endpoint-transport.js';

/**
 * Region name → admin API host. "live docs" = listed on the TUILiveKit REST overview
 * (trtc.io/document/63398); "IM docs" = listed by the Chat REST pages (e.g. trtc.io/document/34957,
 * 34956, 50293), not (yet) on the live-room pages. Riyadh (adminapiksa) is not listed: no Tencent
 * page read names it. No backup host is listed either: no page read documents one, so a request
 * that cannot connect fails (as not sent) rather than going to a guessed host.
 */
export const REGIONS = {
  china: 'console.tim.qq.com', // live docs
  singapore: 'adminapisgp.im.qcloud.com', // live docs (also the only host on the conference pages)
  usa: 'adminapiusa.im.qcloud.com', // live docs (Silicon Valley)
  indonesia: 'adminapiidn.im.qcloud.com', // live docs (Jakarta, 2026 pages)
  korea: 'adminapikr.im.qcloud.com', // IM docs only (Seoul)
  germany: 'adminapiger.im.qcloud.com', // IM docs only (Frankfurt)
  japan: 'adminapijpn.im.qcloud.com', // IM docs only (Tokyo: tencentcloud.com/document/product/1047/50293)
  india: 'adminapiind.im.qcloud.com', // IM docs only (Mumbai: intl.cloud.tencent.com/document/product/1047/34957)
} as const;

export type Region = keyof typeof REGIONS;

/**
 * The reference names no default region (China is merely listed first), so we default to
 * Singapore: it is the one host that both the live-room and the conference-room pages list. A
 * wrong region fails loudly (70016/70020: key or SDKAppID not found in that data centre); it never
 * reaches another app. Deployments should set TENCENT_LIVE_REGION explicitly.
 */
export const DEFAULT_REGION: Region = 'singapore';

export function isRegion(name: string): name is Region {
  return Object.prototype.hasOwnProperty.call(REGIONS, name);
}

/**
 * Base URL (no trailing slash) the client appends `/v4/{service}/{command}` to. An explicit
 * endpoint (private gateway, sandbox, tests) wins over the region and may carry a path prefix.
 */
export function baseUrlFor({ region, endpoint, allowInsecure = false }: { region?: string; endpoint?: string; allowInsecure?: boolean } = {}): string {
  if (endpoint !== undefined && endpoint.trim() !== '') return normaliseEndpoint(endpoint.trim(), allowInsecure);
  const name = (region ?? DEFAULT_REGION).trim().toLowerCase();
  if (!isRegion(name)) {
    throw new Error(`Unknown Tencent region "${region}". Valid regions: ${Object.keys(REGIONS).join(', ')}.`);
  }
  return `https://${REGIONS[name]}`;
}

function normaliseEndpoint(raw: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Endpoint override "${raw}" is not a URL; expected e.g. http://127.0.0.1:9000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Endpoint override must be http:// or https://, got ${url.protocol}`);
  }
  // The client owns the query string (it carries the UserSig); credentials in the URL would end
  // up wherever the URL is printed. Refuse both rather than guess what was meant.
  if (url.search || url.hash) throw new Error('Endpoint override must not contain a query string or fragment');
  if (url.username || url.password) throw new Error('Endpoint override must not contain credentials');
  checkEndpointTransport(url, allowInsecure);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
