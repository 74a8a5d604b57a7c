// The audit log: append-only JSONL, one record per decision and one per outcome of every write and
// destructive call. The intent record is written and fsync'ed before the request goes out, so a
// crash between sending and answering still leaves the action on disk, marked without an outcome.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
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
  /** What the human or the channel answered: accept, decline, cancel, mismatch, approved, rejected, pending… */
  answer?: string;
  approvedBy?: string;
  /** MCP client name/version, and the authenticated caller where there is one. */
  client?: string;
  caller?: string;
  requestId?: string;
  /** outcome: ok | error | unknown (sent, answer lost) | not_performed */
  result?: string;
  code?: number;
  error?: string;
}

export interface AuditSink {
  write(record: AuditRecord, opts?: { durable?: boolean }): void;
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

export class FileAuditLog implements AuditSink {
  private fd: number;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.fd = openSync(path, 'a', 0o600);
  }

  write(record: AuditRecord, { durable = false } = {}): void {
    // Synchronous: records keep their order, and `durable` really is on disk when this returns.
    writeSync(this.fd, JSON.stringify(record) + '\n');
    if (durable) fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Keeps records in memory: for tests and for embedding without a file. */
export class MemoryAuditLog implements AuditSink {
  readonly records: AuditRecord[] = [];
  write(record: AuditRecord): void { this.records.push(record); }
  close(): void {}
}

export function readAudit(path: string): AuditRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AuditRecord);
    } catch {
      // A torn last line (a crash mid-write) is skipped, not fatal.
    }
  }
  return out;
}
