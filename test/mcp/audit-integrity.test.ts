// The audit file against a hostile or failing disk: records are whole or the call is refused with
// nothing sent; torn lines are flagged; links are not followed; the mode is 0600; the file
// rotates and a failed rotation refuses; the report cannot be forged with control characters.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuditWriteError, FileAuditLog, nodeAuditFs, readAuditFile, readAuditLog, type AuditFs, type AuditRecord } from '../../src/policies/audit.js';
import { formatAudit } from '../../src/policies/audit-report.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';
import type { Era } from '../helpers/mcp.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const MUSIC = 'live_music_night';
const tmp = () => mkdtempSync(join(tmpdir(), 'audit-int-'));
const rec = (i: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({ time: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, event: 'intent', callId: `c${i}`, tool: 'pick_user_on_seat', effect: 'write', ...extra });
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** A real file system whose writes can be cut short: `budget` bytes are taken, then ENOSPC. */
function fullingFs(): AuditFs & { budget: number } {
  const fs = {
    ...nodeAuditFs,
    budget: Infinity,
    writeSync(fd: number, buf: Uint8Array, off: number, len: number) {
      if (fs.budget <= 0) throw enospc();
      const n = Math.min(len, fs.budget);
      fs.budget -= n;
      return nodeAuditFs.writeSync(fd, buf, off, n);
    },
  };
  return fs;
}

let open: Harness | undefined;
const start = harnessPerTest();

describe('a record is written whole or the call is refused', () => {
  it('a short write (disk full mid-record) sends nothing; the torn line is flagged and the next record is whole', async () => {
    const path = join(tmp(), 'audit.jsonl');
    const fs = fullingFs();
    const audit = new FileAuditLog(path, { fs });
    open = await start({ runtime: createPolicyRuntime({ audit }) });
    // The disk takes 40 bytes of the first record, then nothing.
    fs.budget = 40;
    const r = await open.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 5 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not performed: .*audit log could not be written \(no space is left on the device \(ENOSPC\)\)/s);
    expect(r.text).not.toMatch(/ENOSPC: no space left on device, write/);
    expect(open.sent('pick_user_on_seat')).toHaveLength(0);
    const sentBefore = 0;
    // Space comes back: the next call is recorded whole, on a line of its own.
    fs.budget = Infinity;
    const ok = await open.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_cy', Index: 7 });
    expect(ok.isError).toBeFalsy();
    expect(open.sent('pick_user_on_seat')).toHaveLength(sentBefore + 1);
    const read = readAuditFile(path);
    expect(read.torn).toHaveLength(1);
    const last = read.records.filter((x) => (x.args as { Member_Account?: string } | undefined)?.Member_Account === 'viewer_cy');
    expect(last.map((x) => x.event)).toEqual(['decision', 'intent', 'outcome']);
    expect(formatAudit(read.records, read.torn)).toMatch(/TORN LINE .*audit\.jsonl:\d+ \(not a whole record/);
  });

  it('the intent cut short is never sent: the sandbox sees no request', async () => {
    const path = join(tmp(), 'audit.jsonl');
    const fs = fullingFs();
    // Exactly one record fits: the decision; the intent gets 10 bytes.
    const audit = new FileAuditLog(path, { fs });
    open = await start({ runtime: createPolicyRuntime({ audit }) });
    const before = open.sandbox.requests.length;
    let wrote = 0;
    const realWrite = fs.writeSync;
    fs.writeSync = (fd, buf, off, len) => {
      wrote++;
      if (wrote === 2) { fs.budget = 10; } // the second record is the intent
      return realWrite(fd, buf, off, len);
    };
    const r = await open.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 5 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not performed: /);
    expect(open.sandbox.requests.length).toBe(before);
    expect(readAuditFile(path).torn).toHaveLength(1);
  });

  it('a write that returns 0 bytes throws instead of looping or pretending', () => {
    const path = join(tmp(), 'audit.jsonl');
    const log = new FileAuditLog(path, { fs: { ...nodeAuditFs, writeSync: () => 0 } });
    expect(() => log.write(rec(1))).toThrow(AuditWriteError);
    log.close();
  });

  it('a short write that the disk then completes gives a whole record', () => {
    const path = join(tmp(), 'audit.jsonl');
    const log = new FileAuditLog(path, { fs: { ...nodeAuditFs, writeSync: (fd, buf, off, len) => nodeAuditFs.writeSync(fd, buf, off, Math.min(len, 7)) } });
    log.write(rec(1));
    log.write(rec(2));
    log.close();
    expect(readAuditFile(path)).toEqual({ records: [rec(1), rec(2)], torn: [] });
  });

  it.each<Era>(['legacy', 'modern'])('/dev/full as the audit log: a kick answers "Not performed" and why (%s era)', async (era) => {
    const audit = new FileAuditLog('/dev/full');
    open = await start({ era, runtime: createPolicyRuntime({ audit }), elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const before = open.sandbox.requests.filter((x) => x.command === 'kick_user_off_seat').length;
    const r = await open.call('kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'host_anna', Data: 'spam' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not performed: .*no space is left on the device/s);
    expect(r.text).not.toMatch(/ENOSPC: no space left/);
    expect(open.sent('kick_user_off_seat')).toHaveLength(before);
  });
});

describe('the file itself', () => {
  it('does not follow a symbolic link planted at its path', () => {
    const dir = tmp();
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, join(dir, 'audit.jsonl'));
    expect(() => new FileAuditLog(join(dir, 'audit.jsonl'))).toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  it('an existing 0644 file is changed to 0600, and the operator is told', () => {
    const path = join(tmp(), 'audit.jsonl');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    const log = new FileAuditLog(path, { warn: (m) => warnings.push(m) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(warnings.join()).toMatch(/had mode 0644; it was changed to 0600/);
    log.close();
  });

  it('a new file is created 0600', () => {
    const path = join(tmp(), 'new', 'audit.jsonl');
    new FileAuditLog(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('rotates by size and count, and the reader reads the rotated files in order', () => {
    const path = join(tmp(), 'audit.jsonl');
    const size = Buffer.byteLength(JSON.stringify(rec(10)) + '\n');
    const log = new FileAuditLog(path, { maxBytes: size * 3, keep: 2 });
    for (let i = 10; i < 30; i++) log.write(rec(i));
    log.close();
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    for (const f of [path, `${path}.1`, `${path}.2`]) {
      expect(statSync(f).size).toBeLessThanOrEqual(size * 3);
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    const read = readAuditLog(path);
    expect(read.torn).toEqual([]);
    expect(read.records.map((r) => r.callId)).toEqual(Array.from({ length: 8 }, (_, i) => `c${22 + i}`));
  });

  it('a rotation that fails refuses the call; nothing is sent', async () => {
    const path = join(tmp(), 'audit.jsonl');
    const fs: AuditFs = { ...nodeAuditFs, renameSync: () => { throw Object.assign(new Error('EACCES'), { code: 'EACCES' }); } };
    const audit = new FileAuditLog(path, { fs, maxBytes: 200 });
    open = await start({ runtime: createPolicyRuntime({ audit }) });
    const r = await open.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 5 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not performed: .*could not be rotated: permission denied/s);
    expect(open.sent('pick_user_on_seat')).toHaveLength(0);
  });
});

describe('the printed report cannot be forged', () => {
  const forged = 'evil\r\u001b[2K2026-01-01T00:00:00.000Z  ban_member  RoomId="vip"  [confirm via console declined]  → not_performed';

  it('escapes \\r, ANSI escapes, separators and bidi controls in every field', () => {
    const records: AuditRecord[] = [
      { ...rec(1, { event: 'decision', decision: 'confirm', channel: 'console', answer: 'approved', approvedBy: 'op\u2028[note] safe', client: forged, caller: 'bob\u202Eecila', args: { RoomId: 'vip\u001b[31m' } }) },
      { ...rec(1, { event: 'outcome', result: 'error', error: 'bad\r\nFAKE LINE', client: forged }) },
    ];
    const out = formatAudit(records);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(out).not.toMatch(/[\r\u001b\u2028\u202e]/);
    expect(out).toContain('evil\\x0d\\x1b[2K');
    expect(out).toContain('\\u202e');
  });

  it('through the CLI: a forged client name and a torn line print escaped and flagged', () => {
    const dir = tmp();
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, [
      JSON.stringify(rec(1, { event: 'decision', decision: 'allow', client: forged })),
      JSON.stringify(rec(1, { event: 'outcome', result: 'ok', client: forged })),
      '{"time":"2026-01-01T00:00:02.000Z","event":"intent","callId":"c2","to',
      JSON.stringify(rec(3, { event: 'outcome', result: 'ok' })),
    ].join('\n') + '\n');
    const out = execFileSync(process.execPath, [CLI, 'audit', '--audit-log', path], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: dir } });
    expect(out).not.toMatch(/[\r\u001b]/);
    expect(out).toMatch(/client=evil\\x0d\\x1b\[2K/);
    expect(out).toMatch(/TORN LINE .*audit\.jsonl:3 \(not a whole record/);
    expect(out).toMatch(/c3|00:00:03/);
  });
});
