// TLSSigAPIv2 UserSig, as Tencent's reference libraries build it, but pure: the clock is an
// argument, so fixed-time vectors can pin the output and the sandbox can verify signatures.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

export interface UserSigInput {
  sdkAppId: number;
  secretKey: string;
  identifier: string;
  /** Lifetime in seconds. */
  expire: number;
  /** Unix seconds at signing. */
  now: number;
}

export interface DecodedUserSig {
  identifier: string;
  sdkAppId: number;
  time: number;
  expire: number;
  sig: string;
}

function hmacBase64(secretKey: string, identifier: string, sdkAppId: number, time: number, expire: number): string {
  const content =
    `TLS.identifier:${identifier}\n` +
    `TLS.sdkappid:${sdkAppId}\n` +
    `TLS.time:${time}\n` +
    `TLS.expire:${expire}\n`;
  return createHmac('sha256', secretKey).update(content).digest('base64');
}

function toUrlSafe(b64: string): string {
  return b64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

function fromUrlSafe(s: string): string {
  return s.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
}

export function genUserSig({ sdkAppId, secretKey, identifier, expire, now }: UserSigInput): string {
  // Key order as in Tencent's Node reference (tls-sig-api-v2): time before expire. Tencent only
  // checks the HMAC, but the same order makes our output byte-identical to the reference's.
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': identifier,
    'TLS.sdkappid': sdkAppId,
    'TLS.time': now,
    'TLS.expire': expire,
    'TLS.sig': hmacBase64(secretKey, identifier, sdkAppId, now, expire),
  };
  return toUrlSafe(deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64'));
}

/** Decodes a UserSig without checking it. Returns undefined when it is not a v2 sig at all. */
export function decodeUserSig(userSig: string): DecodedUserSig | undefined {
  try {
    const json = JSON.parse(inflateSync(Buffer.from(fromUrlSafe(userSig), 'base64')).toString('utf8'));
    const d = {
      identifier: json['TLS.identifier'],
      sdkAppId: Number(json['TLS.sdkappid']),
      time: Number(json['TLS.time']),
      expire: Number(json['TLS.expire']),
      sig: json['TLS.sig'],
    };
    if (typeof d.identifier !== 'string' || typeof d.sig !== 'string' || !Number.isFinite(d.sdkAppId)
      || !Number.isFinite(d.time) || !Number.isFinite(d.expire)) return undefined;
    return d;
  } catch {
    return undefined;
  }
}

/** True when `decoded.sig` is the HMAC the secret key gives for the decoded fields. */
export function userSigSignatureValid(decoded: DecodedUserSig, secretKey: string): boolean {
  const want = Buffer.from(hmacBase64(secretKey, decoded.identifier, decoded.sdkAppId, decoded.time, decoded.expire));
  const got = Buffer.from(decoded.sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Keeps one UserSig per identifier and signs a new one once the current one has used up
 * `renewAfter` of its lifetime, so a request never goes out with a sig about to expire.
 */
export class UserSigCache {
  private current?: { sig: string; renewAt: number };

  constructor(
    private readonly opts: { sdkAppId: number; secretKey: string; identifier: string; expire: number; clock: () => number; renewAfter?: number },
  ) {}

  get(): string {
    const now = Math.floor(this.opts.clock() / 1000);
    if (!this.current || now >= this.current.renewAt) {
      const { sdkAppId, secretKey, identifier, expire } = this.opts;
      this.current = {
        sig: genUserSig({ sdkAppId, secretKey, identifier, expire, now }),
        renewAt: now + Math.floor(expire * (this.opts.renewAfter ?? 0.5)),
      };
    }
    return this.current.sig;
  }
}
