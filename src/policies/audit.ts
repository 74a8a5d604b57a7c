// The audit log: append-only JSONL, one record per decision and one per outcome of every write and
// destructive call. The intent record is in the file before the request goes out, so a crash
// between sending and answering still leaves the action recorded, marked without an outcome.
//
// Two strengths of "written", chosen per record:
// - Every record is written whole with write(2) before write() returns. A completed write is in the
//   kernel's page cache: it survives the process dying (crash, SIGKILL, OOM), not the machine.
//   Decisions, outcomes and shadow records get this: nothing has left the process when they are
//   written (decisions, refusals, shadow), or the effect already happened and the worst an OS
//   crash can do is leave its intent without an outcome, which the report flags as unknown.
//   So does the intent of a reversible write (seat a user, set metadata, start a mix): its effect
//   is visible in the room's state and undone by the next call; losing its record to an OS crash
//   loses no accountability that the room itself does not keep.
// - The intent of a destructive call (after argument effects: a ban, a kick, a dismissal, a
//   muted room) is also fsync'ed, and the send waits for it: such an effect at Tencent outlives an
//   OS crash and cannot be read back from the room, so its record must outlive one too. The fsync
//   runs off the event loop (libuv's thread pool) with group commit: one fsync covers every record
//   written before it started, so concurrent calls share a flush instead of queueing one blocking
//   fsync each. Measured (BENCHMARKS.md): the fsync was about 0.5 ms of a 3.3 ms seat pick.
import { closeSync, constants as fsConstants, fchmodSync, fstatSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export type AuditEvent = 'decision' | 'intent' | 'outcome';

export interface AuditRecord {
  time: string;
  event: AuditEvent;
  /** Ties the records of one call together. */
  callId: string;
  tool: string;
  effect: string;
  args?: Record<string, unknown>;
  /** decision: allow | confirm | deny, and the rule that decided. */
  decision?: string;
  rule?: string;
  reason?: string;
  channel?: string;
  /** What the human or the channel answered: accept, decline, cancel, mismatch, approved, rejected, pending, late-accept-kept (an accept after the client gave up, kept for the identical retry), late-accept (that retry)… */
  answer?: string;
  approvedBy?: string;
  /** MCP client name/version, and the authenticated caller where there is one. */
  client?: string;
  caller?: string;
  requestId?: string;
  /** outcome: ok | error | unknown (sent, answer lost) | not_performed | shadow (decided, not sent: shadow mode) */
  result?: string;
  code?: number;
  error?: string;
}

export interface AuditSink {
  /**
   * Appends one record; it is written whole when this returns (or this throws). With durable, a
   * sink that can flush returns a Promise that settles once the record is on stable storage and
   * rejects (AuditWriteError) if the flush failed: the caller sends nothing until it resolves.
   * Sinks without a disk (memory) return nothing; callers await the result either way.
   */
  write(record: AuditRecord, opts?: { durable?: boolean }): void | Promise<void>;
  close(): void;
}

/** Default location: $XDG_STATE_HOME/tencent-live-mcp/audit.jsonl (~/.local/state/…). */
export function defaultStateDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'tencent-live-mcp');
}

const SECRET_KEY = /secret|token|usersig|password|authorization/i;

/** Tool arguments carry no credentials, but an audit line must never be the place one leaks. */
export function redactArgs(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v !== 'boolean' ? '[redacted]' : redactNested(v)]));
}

/** Nested arguments too: a conference room's Password sits under RoomInfo. */
function redactNested(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactNested);
  if (v === null || typeof v !== 'object') return v;
  return redactArgs(v as Record<string, unknown>);
}

/** The file operations the audit log uses; injected so tests can make the disk fail. */
export interface AuditFs {
  openSync(path: string, flags: number, mode: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  /** The thread-pool fsync group commit uses, so the event loop never waits on the disk. */
  fsync(fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void;
  closeSync(fd: number): void;
  fstatSync(fd: number): Stats;
  fchmodSync(fd: number, mode: number): void;
  renameSync(from: string, to: string): void;
  mkdirSync(path: string, opts: { recursive: true; mode: number }): unknown;
}

export const nodeAuditFs: AuditFs = { openSync, writeSync, fsyncSync, fsync, closeSync, fstatSync, fchmodSync, renameSync, mkdirSync };

export interface AuditFileOptions {
  /** Rotate before a record would take the file past this size (bytes). 0: never rotate. */
  maxBytes?: number;
  /** Rotated files kept beside the live one (audit.jsonl.1 … .N; the oldest is overwritten). */
  keep?: number;
  fs?: AuditFs;
  /** Told when an existing file's mode was tightened to 0600. */
  warn?: (message: string) => void;
}

export const AUDIT_DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const AUDIT_DEFAULT_KEEP = 5;

/** Rotation settings from TENCENT_LIVE_AUDIT_MAX_BYTES / TENCENT_LIVE_AUDIT_KEEP. */
export function auditRotationFromEnv(env: Record<string, string | undefined>): Pick<AuditFileOptions, 'maxBytes' | 'keep'> {
  const num = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)}).`);
    return n;
  };
  const maxBytes = num('TENCENT_LIVE_AUDIT_MAX_BYTES', 0);
  const keep = num('TENCENT_LIVE_AUDIT_KEEP', 1);
  return { ...(maxBytes !== undefined && { maxBytes }), ...(keep !== undefined && { keep }) };
}

/** The audit log could not take a record whole; the caller must not act on it. */
export class AuditWriteError extends Error {
  constructor(message: string, readonly torn: boolean) {
    super(message);
    this.name = 'AuditWriteError';
  }
}

const describeFsError = (err: unknown): string => {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return 'no space is left on the device (ENOSPC)';
  if (code === 'EDQUOT') return 'the disk quota is exhausted (EDQUOT)';
  if (code === 'EIO') return 'the device reported an I/O error (EIO)';
  if (code === 'EROFS') return 'the file system is read-only (EROFS)';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  return err instanceof Error ? err.message : String(err);
};

/**
 * The audit file. Guarantees: every record is on disk whole or the write throws (a short write is
 * continued, a failed one throws AuditWriteError); a fragment left by a failed write is closed
 * with a newline before the next record, so one torn line never swallows the next record; the
 * file is opened without following symbolic links and kept at mode 0600; it rotates by size and
 * count, and a rotation that fails throws (the caller refuses the call) rather than growing
 * without bound.
 */
export class FileAuditLog implements AuditSink {
  private fd: number;
  private size = 0;
  private regular = false;
  /** A failed write left a partial line: end it before the next record. */
  private fragment = false;
  // Group commit. Records are numbered as they are written whole; `synced` is the highest number
  // an fsync that completed without error has covered.
  private written = 0;
  private synced = 0;
  private flushing = false;
  private waiters: Array<{ seq: number; resolve: () => void; reject: (err: Error) => void }> = [];
  /** Descriptors retired (rotation, close) while an fsync on them was still in the pool. */
  private retired: number[] = [];
  private readonly fs: AuditFs;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(readonly path: string, private readonly opts: AuditFileOptions = {}) {
    this.fs = opts.fs ?? nodeAuditFs;
    this.maxBytes = opts.maxBytes ?? AUDIT_DEFAULT_MAX_BYTES;
    this.keep = opts.keep ?? AUDIT_DEFAULT_KEEP;
    this.fs.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.fd = this.open();
  }

  private open(): number {
    let fd: number;
    try {
      // O_NOFOLLOW: a symbolic link planted at the path makes the open fail (ELOOP) instead of
      // sending the records wherever the link points.
      fd = this.fs.openSync(this.path, fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_NOFOLLOW, 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'EMLINK') throw new Error(`The audit log ${this.path} is a symbolic link; refusing to follow it. Point --audit-log at a regular file.`);
      throw new Error(`The audit log ${this.path} could not be opened: ${describeFsError(err)}.`);
    }
    try {
      const st = this.fs.fstatSync(fd);
      this.regular = st.isFile();
      if (!this.regular && !st.isCharacterDevice()) throw new Error(`The audit log ${this.path} is not a regular file.`);
      if (this.regular) {
        // An existing file readable by others is fixed, not trusted: records name callers and targets.
        if ((st.mode & 0o077) !== 0) {
          this.fs.fchmodSync(fd, 0o600);
          this.opts.warn?.(`The audit log ${this.path} had mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}; it was changed to 0600.`);
        }
        this.size = st.size;
      }
    } catch (err) {
      this.fs.closeSync(fd);
      throw err;
    }
    return fd;
  }

  /**
   * Lets go of a descriptor. Records written to it and still waiting for their fsync get it here,
   * synchronously (rotation and shutdown are rare), so no waiter depends on a file we no longer
   * hold. A descriptor with an fsync still in the pool is closed when that fsync returns, so its
   * number cannot be reused under it.
   */
  private retire(fd: number): void {
    if (this.written > this.synced) {
      try {
        this.fs.fsyncSync(fd);
        this.synced = this.written;
      } catch (err) {
        this.fail(this.written, err);
      }
      this.settle();
    }
    if (this.flushing) {
      this.retired.push(fd);
      return;
    }
    try {
      this.fs.closeSync(fd);
    } catch {
      // Closing a descriptor that failed is not a reason to keep appending to it.
    }
  }

  private rotate(): void {
    this.retire(this.fd);
    this.fd = -1;
    try {
      for (let i = this.keep - 1; i >= 1; i--) {
        try {
          this.fs.renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
      this.fs.renameSync(this.path, `${this.path}.1`);
    } catch (err) {
      // Reopen the live file so the next write fails the same way (over the limit) and says so.
      try { this.fd = this.open(); } catch { /* stays closed: every write throws */ }
      throw new AuditWriteError(`it could not be rotated: ${describeFsError(err)}`, false);
    }
    this.fd = this.open();
  }

  /**
   * Synchronous write(2) of the whole record (records keep their order, and a failed write throws
   * here). With durable, returns a Promise that resolves once an fsync that started after this
   * record was written has completed, and rejects with AuditWriteError if that fsync failed.
   */
  write(record: AuditRecord, opts?: { durable?: false }): void;
  write(record: AuditRecord, opts: { durable: true }): Promise<void>;
  write(record: AuditRecord, opts?: { durable?: boolean }): void | Promise<void>;
  write(record: AuditRecord, { durable = false }: { durable?: boolean } = {}): void | Promise<void> {
    const line = Buffer.from((this.fragment ? '\n' : '') + JSON.stringify(record) + '\n', 'utf8');
    if (this.fd < 0) throw new AuditWriteError('it is closed after a failed rotation', false);
    if (this.regular && this.maxBytes > 0 && this.size > 0 && this.size + line.length > this.maxBytes) this.rotate();
    let off = 0;
    try {
      while (off < line.length) {
        const n = this.fs.writeSync(this.fd, line, off, line.length - off);
        if (!(n > 0)) throw new AuditWriteError(`the device took ${off} of the record's ${line.length} bytes`, off > 0);
        off += n;
      }
    } catch (err) {
      this.size += off;
      if (off > 0 && off < line.length) this.fragment = true;
      if (err instanceof AuditWriteError) throw err;
      throw new AuditWriteError(describeFsError(err), off > 0 && off < line.length);
    }
    this.size += off;
    this.fragment = false;
    const seq = ++this.written;
    if (!durable) return;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      this.flush();
    });
  }

  /** Starts an fsync covering everything written so far, unless one is already running. */
  private flush(): void {
    if (this.flushing || this.waiters.length === 0 || this.fd < 0) return;
    const target = this.written;
    this.flushing = true;
    const done = (err: NodeJS.ErrnoException | null) => {
      this.flushing = false;
      if (err) this.fail(target, err);
      else this.synced = Math.max(this.synced, target);
      for (const fd of this.retired.splice(0)) {
        try { this.fs.closeSync(fd); } catch { /* already unusable */ }
      }
      this.settle();
      // Records written while this fsync ran wait for the next one, which covers all of them.
      this.flush();
    };
    try {
      this.fs.fsync(this.fd, done);
    } catch (err) {
      queueMicrotask(() => done(err as NodeJS.ErrnoException));
    }
  }

  /** Refuses every waiter up to `upto`: their records may not be on stable storage. */
  private fail(upto: number, err: unknown): void {
    const error = new AuditWriteError(`it could not be flushed to disk: ${describeFsError(err)}`, false);
    this.waiters = this.waiters.filter((w) => {
      if (w.seq > upto || w.seq <= this.synced) return true;
      w.reject(error);
      return false;
    });
  }

  private settle(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.seq > this.synced) return true;
      w.resolve();
      return false;
    });
  }

  close(): void {
    if (this.fd >= 0) this.retire(this.fd);
    this.fd = -1;
  }
}

/** Keeps records in memory: for tests and for embedding without a file. */
export class MemoryAuditLog implements AuditSink {
  readonly records: AuditRecord[] = [];
  write(record: AuditRecord): void { this.records.push(record); }
  close(): void {}
}

export interface AuditReadResult {
  records: AuditRecord[];
  /** Lines that are not whole records (a write cut short by a full disk or a crash). */
  torn: Array<{ file: string; line: number; text: string }>;
}

/** Reads one audit file; ENOENT is an empty log. */
export function readAuditFile(path: string): AuditReadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], torn: [] };
    throw err;
  }
  const out: AuditReadResult = { records: [], torn: [] };
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && typeof (parsed as AuditRecord).callId === 'string') out.records.push(parsed as AuditRecord);
    else out.torn.push({ file: path, line: i + 1, text: line.length > 200 ? `${line.slice(0, 200)}…` : line });
  });
  return out;
}

/** Reads the live file and its rotated predecessors (oldest first), flagging torn lines. */
export function readAuditLog(path: string, keep = 64): AuditReadResult {
  const files: string[] = [];
  for (let i = keep; i >= 1; i--) files.push(`${path}.${i}`);
  files.push(path);
  const out: AuditReadResult = { records: [], torn: [] };
  for (const f of files) {
    const r = readAuditFile(f);
    out.records.push(...r.records);
    out.torn.push(...r.torn);
  }
  return out;
}

/** The records of one audit file; torn lines are skipped (readAuditFile reports them). */
export function readAudit(path: string): AuditRecord[] {
  return readAuditFile(path).records;
}
