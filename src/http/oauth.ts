// OAuth resource-server mode: access tokens are JWTs signed by the operator's authorization server,
// verified here against the issuer's published keys (JWKS) with issuer, audience and expiry checks.
// This server never issues tokens; it publishes RFC 9728 Protected Resource Metadata so clients
// can find the authorization server from a 401.
import { OAuthError, OAuthErrorCode, type OAuthTokenVerifier } from '@modelcontextprotocol/server';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthUnavailableError, SCOPES_SUPPORTED } from './auth.js';

export interface OAuthOptions {
  /** The authorization server's issuer identifier, exactly as it appears in the tokens' `iss`. */
  issuer: string;
  /** The value the tokens' `aud` must contain (usually this server's public URL). */
  audience: string;
  /** The JWKS URL; default: `jwks_uri` from the issuer's RFC 8414 / OpenID metadata. */
  jwksUrl?: string;
  /** Seconds of clock skew tolerated on exp/nbf (default 30). */
  clockToleranceSeconds?: number;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
}

// Asymmetric algorithms only: an HMAC "JWT" would mean sharing the issuer's secret with us.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
// jose errors that mean "we could not get the keys", not "the token is bad".
const UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);
const FETCH_TIMEOUT_MS = 5000;

/** RFC 8414 (path inserted after the well-known prefix) first, then OpenID Connect Discovery. */
export function issuerMetadataUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/$/, '');
  return [
    `${u.origin}/.well-known/oauth-authorization-server${path}`,
    `${u.origin}${path}/.well-known/openid-configuration`,
    ...(path ? [`${u.origin}/.well-known/openid-configuration${path}`] : []),
  ];
}

async function discoverJwksUrl(issuer: string, doFetch: typeof fetch): Promise<URL> {
  const tried: string[] = [];
  for (const url of issuerMetadataUrls(issuer)) {
    tried.push(url);
    try {
      const res = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) continue;
      const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
      // RFC 8414 §3.3: a document naming another issuer must not be used.
      if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') continue;
      return new URL(doc.jwks_uri);
    } catch {
      continue;
    }
  }
  throw new AuthUnavailableError(`The authorization server's metadata could not be read (tried ${tried.join(', ')}); set --oauth-jwks.`);
}

function scopesOf(payload: JWTPayload): string[] {
  // `scope` is the RFC 9068 claim (space-separated); `scp` is what Okta and Entra ID send.
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

function invalid(err: errors.JOSEError): OAuthError {
  // Descriptions stay within RFC 6750's error-description characters (no quotes).
  let why = 'The access token is invalid';
  if (err instanceof errors.JWTExpired) why = 'The access token has expired';
  else if (err instanceof errors.JWTClaimValidationFailed) {
    why = err.claim === 'aud' ? 'The access token was not issued for this server (audience)'
      : err.claim === 'iss' ? 'The access token was not issued by the expected issuer'
      : `The access token failed the ${err.claim} check`;
  } else if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) why = 'The access token signature is not valid';
  else if (err instanceof errors.JOSEAlgNotAllowed) why = 'The access token is signed with an algorithm this server does not accept';
  return new OAuthError(OAuthErrorCode.InvalidToken, why);
}

export function jwtVerifier(o: OAuthOptions): OAuthTokenVerifier {
  const doFetch = o.fetch ?? fetch;
  let keys: Promise<JWTVerifyGetKey> | undefined;
  // Resolved on first use (and again after a failure), so a briefly unreachable issuer at start-up
  // costs a 503 for a moment instead of a crash loop.
  const getKeys = () =>
    (keys ??= (o.jwksUrl ? Promise.resolve(new URL(o.jwksUrl)) : discoverJwksUrl(o.issuer, doFetch)).then(
      (url) => createRemoteJWKSet(url, { timeoutDuration: FETCH_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }),
      (err: unknown) => {
        keys = undefined;
        throw err;
      },
    ));
  return {
    async verifyAccessToken(token) {
      const jwks = await getKeys();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: o.issuer,
          audience: o.audience,
          algorithms: ALGORITHMS,
          requiredClaims: ['exp'],
          clockTolerance: o.clockToleranceSeconds ?? 30,
        }));
      } catch (err) {
        if (err instanceof errors.JOSEError && !UNAVAILABLE.has(err.code)) throw invalid(err);
        throw new AuthUnavailableError("The authorization server's signing keys could not be fetched.");
      }
      const clientId = [payload.client_id, payload.azp, payload.sub].find((v): v is string => typeof v === 'string' && v.length > 0);
      const caller = typeof payload.sub === 'string' && payload.sub ? payload.sub : clientId;
      if (!caller || !clientId) throw new OAuthError(OAuthErrorCode.InvalidToken, 'The access token names no subject');
      return { token, clientId, scopes: scopesOf(payload), expiresAt: payload.exp!, extra: { caller } };
    },
  };
}

/** The RFC 9728 document: which authorization server issues tokens for this resource, and which scopes mean what. */
export function protectedResourceMetadata(resource: string, issuer: string): Record<string, unknown> {
  return {
    resource,
    authorization_servers: [issuer],
    scopes_supported: SCOPES_SUPPORTED,
    bearer_methods_supported: ['header'],
    resource_name: 'tencent-live-mcp',
  };
}
