// Who is calling over HTTP, and may they call this tool. Two ways in: one static bearer token
// (compared in constant time) or OAuth access tokens verified as JWTs (oauth.ts). Either way the
// result is the SDK's AuthInfo with the caller's name in `extra.caller`, which the policy wrapper
// writes into the audit log. Tokens themselves are never logged, stored or sent on.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  OAuthError,
  OAuthErrorCode,
  bearerAuthChallengeResponse,
  verifyBearerToken,
  type AuthInfo,
  type OAuthTokenVerifier,
  type ScopeChallenge,
} from '@modelcontextprotocol/server';
import type { Effect } from '../tools/types.js';

export const SCOPE_READ = 'live:read';
export const SCOPE_WRITE = 'live:write';
export const SCOPE_ADMIN = 'live:admin';
export const SCOPES_SUPPORTED = [SCOPE_READ, SCOPE_WRITE, SCOPE_ADMIN];

/** The scopes that grant each effect: write includes read, admin includes everything. */
const GRANTED_BY: Record<Effect, readonly string[]> = {
  read: [SCOPE_READ, SCOPE_WRITE, SCOPE_ADMIN],
  write: [SCOPE_WRITE, SCOPE_ADMIN],
  destructive: [SCOPE_ADMIN],
};
/** What a challenge asks for: the narrowest scope that grants the effect. */
const NEEDED: Record<Effect, string> = { read: SCOPE_READ, write: SCOPE_WRITE, destructive: SCOPE_ADMIN };

/** The caller name recorded for the static bearer token. */
export const STATIC_CALLER = 'static-token';

export function scopesAllow(scopes: readonly string[], effect: Effect): boolean {
  return GRANTED_BY[effect].some((s) => scopes.includes(s));
}

/** The authenticated caller's name for the audit log (token subject, or "static-token"). */
export function callerOf(authInfo: AuthInfo | undefined): string | undefined {
  const caller = authInfo?.extra?.caller;
  return typeof caller === 'string' ? caller : undefined;
}

/** The issuer's keys or metadata could not be fetched: not the caller's fault, so not a 401. */
export class AuthUnavailableError extends Error {
  override name = 'AuthUnavailableError';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** One shared secret. Hashing first makes the comparison constant-time whatever the lengths. */
export function staticTokenVerifier(token: string, clock: () => number = Date.now): OAuthTokenVerifier {
  const expected = digest(token);
  return {
    async verifyAccessToken(given) {
      if (!timingSafeEqual(digest(given), expected)) throw new OAuthError(OAuthErrorCode.InvalidToken, 'Invalid bearer token');
      // The static token does not expire, but the SDK's bearer check wants an expiry: one hour ahead.
      return { token: given, clientId: STATIC_CALLER, scopes: [SCOPE_ADMIN], expiresAt: Math.floor(clock() / 1000) + 3600, extra: { caller: STATIC_CALLER } };
    },
  };
}

export interface Authenticator {
  readonly kind: 'static-token' | 'oauth';
  /** The verified caller, or the ready-to-send 401/403/503 answer. */
  authenticate(authorization: string | undefined, resourceMetadataUrl?: string): Promise<AuthInfo | Response>;
}

export function createAuthenticator(kind: Authenticator['kind'], verifier: OAuthTokenVerifier): Authenticator {
  return {
    kind,
    async authenticate(authorization, resourceMetadataUrl) {
      // Only OAuth has a metadata document to point at and scopes to ask for.
      const metadata = kind === 'oauth' && resourceMetadataUrl ? { resourceMetadataUrl } : {};
      const challenge = kind === 'oauth' ? { ...metadata, requiredScopes: [SCOPE_READ] } : {};
      let info: AuthInfo;
      try {
        info = await verifyBearerToken(authorization, { verifier, ...metadata });
      } catch (err) {
        if (err instanceof AuthUnavailableError) {
          return Response.json({ error: 'temporarily_unavailable', error_description: err.message }, { status: 503, headers: { 'Retry-After': '5' } });
        }
        return bearerAuthChallengeResponse(err, challenge);
      }
      // A token that grants nothing here is refused at the door, with the scope that would help.
      if (kind === 'oauth' && !scopesAllow(info.scopes, 'read')) {
        return bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InsufficientScope, `This server needs one of ${SCOPES_SUPPORTED.join(', ')}`), challenge);
      }
      return info;
    },
  };
}

function toolCallsIn(body: unknown): string[] {
  const messages = Array.isArray(body) ? body : [body];
  const names: string[] = [];
  for (const m of messages) {
    if (!m || typeof m !== 'object') continue;
    const { method, params } = m as { method?: unknown; params?: { name?: unknown } };
    if (method === 'tools/call' && typeof params?.name === 'string') names.push(params.name);
  }
  return names;
}

/**
 * The scope challenge for a JSON-RPC body: the first tools/call whose tool the token's scopes do not
 * cover. Unknown tools pass (the server answers them "not found"); so does a request without auth.
 */
export function scopeChallengeFor(body: unknown, authInfo: AuthInfo | undefined, effects: ReadonlyMap<string, Effect>): ScopeChallenge | undefined {
  if (!authInfo) return undefined;
  for (const name of toolCallsIn(body)) {
    const effect = effects.get(name);
    if (effect === undefined || scopesAllow(authInfo.scopes, effect)) continue;
    return { scopes: [NEEDED[effect]], errorDescription: `${name} is a ${effect} tool and needs the ${NEEDED[effect]} scope` };
  }
  return undefined;
}

/** The spec's answer to a call outside the token's scopes: 403 insufficient_scope with a challenge. */
export function scopeChallengeResponse(challenge: ScopeChallenge, authInfo: AuthInfo): Response {
  return bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InsufficientScope, challenge.errorDescription ?? 'Insufficient scope'), {
    requiredScopes: [...challenge.scopes],
    ...(authInfo.resourceMetadataUrl && { resourceMetadataUrl: authInfo.resourceMetadataUrl }),
  });
}
