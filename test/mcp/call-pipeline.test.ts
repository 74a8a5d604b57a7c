// The call pipeline's own promises that the tool tests do not see: the decision and the intent of
// a write are in the audit file before the request leaves, a destructive call's intent fsynced
// too; a call id
// is minted only for a call that leaves records; and the SDK's request context is read at the
// edge only, with the layers importing downwards.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAuditLog, nodeAuditFs, readAudit, type AuditFs } from '../../src/policies/audit.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { harnessPerTest } from '../helpers/harness.js';

const start = harnessPerTest();
const ROOM = 'live_music_night';

/** The node fs, noting each write and fsync in order. */
function notingFs() {
  const ops: string[] = [];
  const fs: AuditFs = {
    ...nodeAuditFs,
    writeSync: (fd, buffer, offset, length) => {
      ops.push('write');
      return nodeAuditFs.writeSync(fd, buffer, offset, length);
    },
    fsyncSync: (fd) => {
      ops.push('fsync');
      nodeAuditFs.fsyncSync(fd);
    },
    fsync: (fd, done) => {
      ops.push('fsync');
      nodeAuditFs.fsync(fd, done);
    },
  };
  return { fs, ops };
}

describe('the call pipeline', () => {
  /** Starts a server auditing to a noted file; `sent()` tells what the file and the fs saw when a request arrived. */
  async function noted(policy?: unknown) {
    const path = join(mkdtempSync(join(tmpdir(), 'pipeline-audit-')), 'audit.jsonl');
    const { fs, ops } = notingFs();
    const audit = new FileAuditLog(path, { fs });
    const h = await start({ runtime: createPolicyRuntime({ audit, ...(policy !== undefined && { policy: PolicySchema.parse(policy) }) }) });
    // The sandbox notes each request as it arrives: what the file held then is what was promised.
    let whenSent: { events: string[]; ops: string[] } | undefined;
    const requests = h.sandbox.requests;
    const push = requests.push.bind(requests);
    requests.push = (...items) => {
      whenSent = { events: readAudit(path).map((r) => r.event), ops: [...ops] };
      return push(...items);
    };
    return { h, path, audit, sent: () => whenSent };
  }

  it("a write's decision and intent are in the file before the request leaves; a reversible write is not fsynced", async () => {
    const { h, path, audit, sent } = await noted();
    const r = await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 });
    expect(r.isError, r.text).toBeFalsy();
    expect(h.sent('pick_user_on_seat')).toHaveLength(1);
    expect(sent()).toEqual({ events: ['decision', 'intent'], ops: ['write', 'write'] });
    const records = readAudit(path);
    expect(records.map((x) => x.event)).toEqual(['decision', 'intent', 'outcome']);
    expect(new Set(records.map((x) => x.callId)).size).toBe(1);
    expect(records[0]).toMatchObject({ decision: 'allow', tool: 'pick_user_on_seat', args: { RoomId: ROOM } });
    audit.close();
  });

  it("a destructive call's intent is fsynced before the request leaves, also when its arguments make it destructive", async () => {
    const { h, audit, sent } = await noted({ rules: [{ tools: ['kick_user_off_seat', 'update_room_info'], action: 'allow' }] });
    const seats = await h.call('get_seat_list', { RoomId: ROOM });
    const seated = (seats.structured!.SeatList as Array<{ Member_Account?: string }>).find((s) => s.Member_Account)!.Member_Account!;
    const kick = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: seated, Data: 'spam' });
    expect(kick.isError, kick.text).toBeFalsy();
    expect(sent()).toEqual({ events: ['decision', 'intent'], ops: ['write', 'write', 'fsync'] });
    // An ordinary room update is reversible; one that mutes the whole room is destructive.
    const rename = await h.call('update_room_info', { RoomInfo: { RoomId: ROOM, RoomName: 'Music night' } });
    expect(rename.isError, rename.text).toBeFalsy();
    expect(sent()!.ops.slice(3)).toEqual(['write', 'write', 'write']); // the kick's outcome, then the update's decision and intent
    const mute = await h.call('update_room_info', { RoomInfo: { RoomId: ROOM, IsMessageDisabled: true } });
    expect(mute.isError, mute.text).toBeFalsy();
    expect(sent()!.ops.slice(7)).toEqual(['write', 'write', 'fsync']);
    audit.close();
  });

  it('a read mints no call id; a write mints one for all its records', async () => {
    const runtime = createPolicyRuntime();
    let minted = 0;
    const mint = runtime.newCallId;
    runtime.newCallId = () => {
      minted++;
      return mint();
    };
    const h = await start({ runtime });
    expect((await h.call('get_seat_list', { RoomId: ROOM })).isError).toBeFalsy();
    expect((await h.call('get_room_list', { Count: 5, MaxPages: 2 })).isError).toBeFalsy();
    expect(minted).toBe(0);
    expect((await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 })).isError).toBeFalsy();
    expect(minted).toBe(1);
  });
});

describe('layers', () => {
  const SRC = new URL('../../src/', import.meta.url);
  const files = (dir: string) =>
    readdirSync(new URL(dir, SRC), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ name: `${dir}${f}`, text: readFileSync(new URL(`${dir}${f}`, SRC), 'utf8') }));
  const importsOf = (text: string) => [...text.matchAll(/from '(\.[^']+)'|import\('(\.[^']+)'\)/g)].map((m) => m[1] ?? m[2] ?? '');

  it("the SDK's request context is read at the edge only (src/call/request.ts, progress.ts)", () => {
    const readers = [...files('call/'), ...files('policies/'), ...files('console/')]
      .filter((f) => /\bmcpReq\b/.test(f.text.replace(/^\s*\/\/.*$/gm, '')))
      .map((f) => f.name);
    expect(readers.sort()).toEqual(['call/progress.ts', 'call/request.ts']);
  });

  it('the client knows nothing of tools or policies; tools nothing of the pipeline or the console', () => {
    const up = (dir: string, above: RegExp) =>
      files(dir).flatMap((f) => importsOf(f.text).filter((i) => above.test(i)).map((i) => `${f.name} -> ${i}`));
    expect(up('client/', /\/(tools|policies|call|console)\//)).toEqual([]);
    expect(up('tools/', /\/(call|console)\//)).toEqual([]);
    expect(up('policies/', /\/(call|console)\//)).toEqual([]);
  });
});
