// The approvers: named people who decide approvals with a passkey. Kept in
// `<state dir>/approvers.json` (mode 0600, never followed through a symlink) so that every console
// of the deployment, and every restart, knows the same people.
//
// The file holds public keys and hashes of one-time enrolment tokens, nothing that approves by
// itself: a copy of it lets nobody decide. Writing to it is another matter (an attacker who can
// write it can enrol a key of their own), hence the owner-only mode, which is checked on every read.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants as fsc, fchmodSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const APPROVERS_FILE = 'approvers.json';
/** A name names a person in the audit log: short, and no characters that could dress it up. */
export const APPROVER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** How long an enrolment link works. */
export const ENROLMENT_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredCredential {
  /** Credential id, base64url. */
  id: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports?: string[];
  addedAt: string;
}

export interface ApproverRecord {
  name: string;
  addedAt: string;
  credentials: StoredCredential[];
}

interface Enrolment {
  name: string;
  /** sha256 of the one-time token, hex: the file never holds a usable link. */
  tokenHash: string;
  expiresAt: number;
}

interface ApproversFile {
  version: 1;
  approvers: ApproverRecord[];
  enrolments: Enrolment[];
}

export class ApproverError extends Error {
  override name = 'ApproverError';
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

export class ApproverRegistry {
  readonly file: string;
  private readonly clock: () => number;

  constructor(stateDir: string, clock: () => number = Date.now) {
    this.file = join(stateDir, APPROVERS_FILE);
    this.clock = clock;
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  }

  private load(): ApproversFile {
    let st;
    try {
      st = lstatSync(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, approvers: [], enrolments: [] };
      throw e;
    }
    if (!st.isFile()) throw new ApproverError(`${this.file} is not a regular file (a symlink?); refusing to read approvers from it.`);
    if ((st.mode & 0o077) !== 0) throw new ApproverError(`${this.file} is readable or writable by others (mode ${(st.mode & 0o777).toString(8)}); make it 0600.`);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new ApproverError(`${this.file} belongs to another user; refusing to trust it.`);
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as ApproversFile;
    if (parsed.version !== 1 || !Array.isArray(parsed.approvers) || !Array.isArray(parsed.enrolments)) throw new ApproverError(`${this.file} is not an approvers file.`);
    return parsed;
  }

  /** Written whole to a fresh 0600 file, then renamed over the old one. */
  private save(f: ApproversFile): void {
    const now = this.clock();
    f.enrolments = f.enrolments.filter((e) => e.expiresAt > now);
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
    try {
      fchmodSync(fd, 0o600);
      const data = Buffer.from(JSON.stringify(f, null, 2) + '\n');
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }

  list(): ApproverRecord[] {
    return this.load().approvers;
  }

  /** Names with an unexpired enrolment link that has not been used yet. */
  openEnrolments(): string[] {
    const now = this.clock();
    return this.load().enrolments.filter((e) => e.expiresAt > now).map((e) => e.name);
  }

  /** Starts (or restarts) enrolment of `name`; returns the one-time token for the link. */
  addEnrolment(name: string, ttlMs = ENROLMENT_TTL_MS): string {
    if (!APPROVER_NAME.test(name)) throw new ApproverError(`An approver's name is 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit; got ${JSON.stringify(name)}.`);
    const f = this.load();
    const token = randomBytes(32).toString('base64url');
    f.enrolments = f.enrolments.filter((e) => e.name !== name);
    f.enrolments.push({ name, tokenHash: hashToken(token), expiresAt: this.clock() + ttlMs });
    this.save(f);
    return token;
  }

  /** Removes the approver, their passkeys and any open enrolment link. */
  remove(name: string): boolean {
    const f = this.load();
    const before = f.approvers.length + f.enrolments.length;
    f.approvers = f.approvers.filter((a) => a.name !== name);
    f.enrolments = f.enrolments.filter((e) => e.name !== name);
    if (f.approvers.length + f.enrolments.length === before) return false;
    this.save(f);
    return true;
  }

  /** The name an unexpired enrolment token is for (the token stays usable). */
  enrolmentFor(token: string): string | undefined {
    const h = hashToken(token);
    const now = this.clock();
    return this.load().enrolments.find((e) => e.expiresAt > now && sameHex(e.tokenHash, h))?.name;
  }

  /** Spends the enrolment token and adds the credential to its approver; undefined if the token is not (or no longer) valid. */
  completeEnrolment(token: string, credential: Omit<StoredCredential, 'addedAt'>): string | undefined {
    const f = this.load();
    const h = hashToken(token);
    const now = this.clock();
    const e = f.enrolments.find((x) => x.expiresAt > now && sameHex(x.tokenHash, h));
    if (!e) return undefined;
    if (f.approvers.some((a) => a.credentials.some((c) => c.id === credential.id))) throw new ApproverError('This passkey is already enrolled.');
    f.enrolments = f.enrolments.filter((x) => x !== e);
    const stamp = new Date(now).toISOString();
    let a = f.approvers.find((x) => x.name === e.name);
    if (!a) {
      a = { name: e.name, addedAt: stamp, credentials: [] };
      f.approvers.push(a);
    }
    a.credentials.push({ ...credential, addedAt: stamp });
    this.save(f);
    return e.name;
  }

  findCredential(id: string): { approver: string; credential: StoredCredential } | undefined {
    for (const a of this.load().approvers) {
      const c = a.credentials.find((x) => x.id === id);
      if (c) return { approver: a.name, credential: c };
    }
    return undefined;
  }

  allCredentials(): StoredCredential[] {
    return this.load().approvers.flatMap((a) => a.credentials);
  }

  /** Records the authenticator's signature counter, so a cloned authenticator shows up as a counter going back. */
  updateCounter(id: string, counter: number): void {
    const f = this.load();
    for (const a of f.approvers) for (const c of a.credentials) if (c.id === id) c.counter = counter;
    this.save(f);
  }
}
