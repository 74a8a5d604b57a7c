// The approval console's operator token: the one secret that lets a human approve destructive
// calls. The model never sees it: it is not a tool argument, not in any result, and it lives in a
// file only the operator's account can read (or in the operator's own configuration).
//
// Several server instances (one per MCP client, in stdio mode) may share a state directory, so an
// existing token file is reused rather than overwritten: every console of that user then accepts
// the same token, and restarting a server does not change it.
import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsc, fchmodSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface ConsoleTokenOptions {
  /** Set by the operator (flag or environment); used as is, never written to disk. */
  token?: string;
  /** Where a generated token is kept: `<stateDir>/console-token`. */
  stateDir: string;
}

export interface ConsoleToken {
  token: string;
  /** The file holding the token; undefined when the operator set it. */
  file: string | undefined;
}

export const CONSOLE_TOKEN_FILE = 'console-token';
/** Operator-set tokens shorter than this are refused: the console approves kicks and bans. */
export const MIN_TOKEN_LENGTH = 16;
/** 32 random bytes, base64url without padding. */
const GENERATED = /^[A-Za-z0-9_-]{43}$/;

/** Synchronous: it runs once at start-up, before anything is served. */
export function resolveConsoleToken({ token, stateDir }: ConsoleTokenOptions): ConsoleToken {
  if (token !== undefined) {
    const t = token.trim();
    if (t.length < MIN_TOKEN_LENGTH) {
      throw new Error(`The approval console token must be at least ${MIN_TOKEN_LENGTH} characters long; leave it unset to have one generated.`);
    }
    return { token: t, file: undefined };
  }
  // mode applies only to directories created here; an existing directory is left as it is
  // (it may be shared), the file's own 0600 is what protects the token.
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, CONSOLE_TOKEN_FILE);
  const existing = readPrivateToken(file);
  if (existing) return { token: existing, file };

  const fresh = randomBytes(32).toString('base64url');
  try {
    // Exclusive create: if another instance wins the race, use its token instead of ours.
    writeNew(file, fresh);
    return { token: fresh, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const raced = readPrivateToken(file);
  if (raced) return { token: raced, file };
  // The file exists but cannot be trusted (readable by others, not a regular file, malformed):
  // replace it atomically. A token others could read may have leaked, so it is not reused.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeNew(tmp, fresh);
  renameSync(tmp, file);
  return { token: fresh, file };
}

function writeNew(path: string, token: string): void {
  const fd = openSync(path, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
  try {
    fchmodSync(fd, 0o600); // the umask cannot widen it, but be explicit
    writeSync(fd, token + '\n');
  } finally {
    closeSync(fd);
  }
}

/** The token in `file` if it is a regular file (not a symlink), private to its owner, well formed. */
function readPrivateToken(file: string): string | undefined {
  try {
    const st = lstatSync(file);
    if (!st.isFile() || (st.mode & 0o077) !== 0) return undefined;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    const t = readFileSync(file, 'utf8').trim();
    return GENERATED.test(t) ? t : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
