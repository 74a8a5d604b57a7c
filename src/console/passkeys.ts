// WebAuthn ceremonies for the approval console: enrolment (a new passkey for a named approver),
// sign-in, and the assertion every decision needs.
//
// A decision's challenge is 16 random bytes followed by sha256("decide", approval id, approval
// digest, decision): the authenticator signs over the approval it is shown for. The server also
// keeps each challenge it issued, with what it was for, and forgets it at first use, so
// - an assertion made for approval A (or for "reject") cannot decide approval B (or "approve"),
// - an assertion replayed is refused (its challenge is gone),
// - an assertion made with a challenge the server never issued is refused.
// User verification (PIN, biometrics) is required in every ceremony.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ApproverRegistry } from './approvers.js';

/** How long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 2 * 60 * 1000;
/** At most this many open challenges (a page asking again and again cannot grow memory). */
const MAX_OPEN_CHALLENGES = 1000;

export interface RelyingParty {
  /** The RP ID: "localhost", or the TLS proxy's host name. Never an IP address. */
  rpId: string;
  /** The exact origin(s) the console is reached at (e.g. http://localhost:8765). */
  origins: string[];
}

export type Purpose =
  | { kind: 'sign-in' }
  | { kind: 'enrol'; token: string }
  | { kind: 'decide'; approvalId: string; digest: string; decision: 'approve' | 'reject' };

interface Issued {
  purpose: Purpose;
  expiresAt: number;
}

export type AssertionOutcome = { ok: true; approver: string } | { ok: false; reason: string };

const bindingOf = (p: Extract<Purpose, { kind: 'decide' }>) =>
  createHash('sha256').update(JSON.stringify(['decide', p.approvalId, p.digest, p.decision])).digest();

function samePurpose(a: Purpose, b: Purpose): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'decide' && b.kind === 'decide') return a.approvalId === b.approvalId && a.digest === b.digest && a.decision === b.decision;
  if (a.kind === 'enrol' && b.kind === 'enrol') return a.token === b.token;
  return true;
}

/** The challenge a response answers, read from its clientDataJSON (verified again by the library). */
function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string | undefined {
  const raw = response?.response?.clientDataJSON;
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  try {
    const c = (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    return typeof c === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

export class Passkeys {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly rp: RelyingParty,
    private readonly registry: ApproverRegistry,
    private readonly clock: () => number = Date.now,
  ) {
    if (/^[\d.]+$|:/.test(rp.rpId)) throw new Error(`A WebAuthn RP ID is a domain name (e.g. localhost), not an IP address: ${JSON.stringify(rp.rpId)}.`);
  }

  private issue(purpose: Purpose): string {
    const now = this.clock();
    for (const [k, v] of this.issued) if (v.expiresAt <= now) this.issued.delete(k);
    if (this.issued.size >= MAX_OPEN_CHALLENGES) this.issued.delete(this.issued.keys().next().value!);
    const nonce = randomBytes(16);
    const challenge = Buffer.concat(purpose.kind === 'decide' ? [nonce, bindingOf(purpose)] : [nonce, randomBytes(16)]).toString('base64url');
    this.issued.set(challenge, { purpose, expiresAt: now + CHALLENGE_TTL_MS });
    return challenge;
  }

  /** Takes the challenge out (first use), and says whether it was issued for `purpose` and is fresh. */
  private take(challenge: string | undefined, purpose: Purpose): string | undefined {
    if (!challenge) return 'no_challenge';
    const rec = this.issued.get(challenge);
    if (!rec) return 'unknown_or_used_challenge';
    this.issued.delete(challenge);
    if (rec.expiresAt <= this.clock()) return 'expired_challenge';
    if (!samePurpose(rec.purpose, purpose)) return 'challenge_for_another_purpose';
    if (purpose.kind === 'decide') {
      const bytes = Buffer.from(challenge, 'base64url');
      if (bytes.length !== 48 || !timingSafeEqual(bytes.subarray(16), bindingOf(purpose))) return 'challenge_for_another_approval';
    }
    return undefined;
  }

  async registrationOptions(name: string, token: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = this.registry.list().find((a) => a.name === name)?.credentials ?? [];
    return generateRegistrationOptions({
      rpName: 'tencent-live-mcp approval console',
      rpID: this.rp.rpId,
      userName: name,
      userID: createHash('sha256').update(`approver|${name}`).digest().subarray(0, 16),
      challenge: Buffer.from(this.issue({ kind: 'enrol', token }), 'base64url'),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.id, ...(c.transports && { transports: c.transports as AuthenticatorTransportFuture[] }) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      timeout: CHALLENGE_TTL_MS,
    });
  }

  /** Verifies a new passkey and spends the enrolment token; returns the approver's name. */
  async completeEnrolment(token: string, response: RegistrationResponseJSON): Promise<AssertionOutcome> {
    const challenge = challengeOf(response);
    const bad = this.take(challenge, { kind: 'enrol', token });
    if (bad) return { ok: false, reason: bad };
    let v;
    try {
      v = await verifyRegistrationResponse({ response, expectedChallenge: challenge!, expectedOrigin: this.rp.origins, expectedRPID: this.rp.rpId, requireUserVerification: true });
    } catch (err) {
      return { ok: false, reason: `invalid_registration: ${(err as Error).message}` };
    }
    if (!v.verified || !v.registrationInfo) return { ok: false, reason: 'invalid_registration' };
    const c = v.registrationInfo.credential;
    const name = this.registry.completeEnrolment(token, {
      id: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      ...(c.transports && { transports: c.transports }),
    });
    return name ? { ok: true, approver: name } : { ok: false, reason: 'enrolment_link_invalid' };
  }

  async assertionOptions(purpose: Exclude<Purpose, { kind: 'enrol' }>): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: this.rp.rpId,
      challenge: Buffer.from(this.issue(purpose), 'base64url'),
      allowCredentials: this.registry.allCredentials().map((c) => ({ id: c.id, ...(c.transports && { transports: c.transports as AuthenticatorTransportFuture[] }) })),
      userVerification: 'required',
      timeout: CHALLENGE_TTL_MS,
    });
  }

  /** Checks a fresh, user-verified assertion made for exactly `purpose`; returns who made it. */
  async verifyAssertion(response: AuthenticationResponseJSON, purpose: Exclude<Purpose, { kind: 'enrol' }>): Promise<AssertionOutcome> {
    const challenge = challengeOf(response);
    const bad = this.take(challenge, purpose);
    if (bad) return { ok: false, reason: bad };
    const found = typeof response.id === 'string' ? this.registry.findCredential(response.id) : undefined;
    if (!found) return { ok: false, reason: 'unknown_passkey' };
    let v;
    try {
      v = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge!,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        requireUserVerification: true,
        credential: {
          id: found.credential.id,
          publicKey: new Uint8Array(Buffer.from(found.credential.publicKey, 'base64url')),
          counter: found.credential.counter,
          ...(found.credential.transports && { transports: found.credential.transports as AuthenticatorTransportFuture[] }),
        },
      });
    } catch (err) {
      return { ok: false, reason: `invalid_assertion: ${(err as Error).message}` };
    }
    if (!v.verified || !v.authenticationInfo.userVerified) return { ok: false, reason: 'not_user_verified' };
    this.registry.updateCounter(found.credential.id, v.authenticationInfo.newCounter);
    return { ok: true, approver: found.approver };
  }
}
