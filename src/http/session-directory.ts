// Which 2025-era sessions exist in the deployment, and who owns each (`--redis`). A session lives
// in the replica that opened it (sessions.ts), yet its events live in the shared event store; this
// record lets another replica answer a reconnecting client (GET with Last-Event-ID) from that store
// without ever serving a session to anyone but the caller who opened it.
//
// Key (under the deployment's hash-tagged prefix): `{p}:session:<id>` → a digest of the owner.
// The owner is the caller name (a token's subject, "static-token" or "anonymous"), never a token;
// it is still stored only as a SHA-256 digest, so Redis holds no subject names (often e-mail
// addresses) either. The key is written when the session opens, its expiry pushed back while the
// session lives, and deleted when the session closes; should its replica die without deleting it,
// the key expires with the session's idle life.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface SessionDirectory {
  /** Records a session opened here, for `ttlMs`. */
  record(sessionId: string, owner: string, ttlMs: number): Promise<void>;
  /** Pushes back the expiry of sessions still open here. */
  refresh(sessionIds: readonly string[], ttlMs: number): Promise<void>;
  /** Removes a closed session. */
  forget(sessionIds: readonly string[]): Promise<void>;
  /** Whether the session is recorded with this owner (false for unknown ids and other owners alike). */
  ownedBy(sessionId: string, owner: string): Promise<boolean>;
}

/** Session ids are minted by sessions.ts (UUIDs); anything else from a header is never looked up. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

function ownerDigest(owner: string): string {
  return createHash('sha256').update(`session-owner\0${owner}`, 'utf8').digest('base64url');
}

export class RedisSessionDirectory implements SessionDirectory {
  private readonly p: string;

  /** `prefix` is the deployment's key prefix (the same as the other shared state's). */
  constructor(private readonly redis: Redis, prefix: string) {
    this.p = `{${prefix}}:session:`;
  }

  async record(sessionId: string, owner: string, ttlMs: number): Promise<void> {
    if (!SESSION_ID.test(sessionId)) return;
    await this.redis.set(this.p + sessionId, ownerDigest(owner), 'PX', Math.ceil(ttlMs));
  }

  async refresh(sessionIds: readonly string[], ttlMs: number): Promise<void> {
    const ids = sessionIds.filter((id) => SESSION_ID.test(id));
    if (ids.length === 0) return;
    const batch = this.redis.pipeline();
    for (const id of ids) batch.pexpire(this.p + id, Math.ceil(ttlMs));
    await batch.exec();
  }

  async forget(sessionIds: readonly string[]): Promise<void> {
    const ids = sessionIds.filter((id) => SESSION_ID.test(id));
    if (ids.length > 0) await this.redis.del(...ids.map((id) => this.p + id));
  }

  async ownedBy(sessionId: string, owner: string): Promise<boolean> {
    if (!SESSION_ID.test(sessionId)) return false;
    return (await this.redis.get(this.p + sessionId)) === ownerDigest(owner);
  }
}
