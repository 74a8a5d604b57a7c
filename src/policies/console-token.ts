// The approval console's operator token: the one secret that lets a human approve destructive
// calls. The model never sees it: it is not a tool argument, not in any result, and it lives in a
// file only the operator's account can read (or in the operator's own configuration).
//
// Several server instances (one per MCP client, in stdio mode) may share a state directory, so an
// existing token file is reused rather than overwritten: every console of that user then accepts
// the same token, and restarting a server does not change it.
import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
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

export async function resolveConsoleToken({ token, stateDir }: ConsoleTokenOptions): Promise<ConsoleToken> {
  if (token !== undefined) {
    const t = token.trim();
    if (t.length < MIN_TOKEN_LENGTH) {
      throw new Error(`The approval console token must be at least ${MIN_TOKEN_LENGTH} characters long; leave it unset to have one generated.`);
    }
    return { token: t, file: undefined };
  }
  // mode applies only to directories created here; an existing directory is left as it is
  // (it may be shared), the file's own 0600 is what protects the token.
  await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, CONSOLE_TOKEN_FILE);
  const existing = await readPrivateToken(file);
  if (existing) return { token: existing, file };

  const fresh = randomBytes(32).toString('base64url');
  try {
    // Exclusive create: if another instance wins the race, use its token instead of ours.
    await writeNew(file, fresh);
    return { token: fresh, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const raced = await readPrivateToken(file);
  if (raced) return { token: raced, file };
  // The file exists but cannot be trusted (readable by others, not a regular file, malformed):
  // replace it atomically. A token others could read may have leaked, so it is not reused.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeNew(tmp, fresh);
  await fs.rename(tmp, file);
  return { token: fresh, file };
}

async function writeNew(path: string, token: string): Promise<void> {
  const fh = await fs.open(path, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
  try {
    await fh.chmod(0o600); // the umask may not widen it, but be explicit
    await fh.writeFile(token + '\n');
  } finally {
    await fh.close();
  }
}

/** The token in `file` if it is a regular file (not a symlink), private to its owner, well formed. */
async function readPrivateToken(file: string): Promise<string | undefined> {
  try {
    const st = await fs.lstat(file);
    if (!st.isFile() || (st.mode & 0o077) !== 0) return undefined;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    const t = (await fs.readFile(file, 'utf8')).trim();
    return GENERATED.test(t) ? t : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
