// The policy layer under pressure: parallel calls against caps and breakers, consent replays,
// confirmation of tools that have no form of their own, multi-room rules, audit failures, and
// destructive tools that must never be resent.
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { type AuditRecord, type AuditSink } from '../../src/policies/audit.js';
import { argsDigest, createConfirmStateCodec } from '../../src/policies/confirm.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { decide, memoryCapCounter, PolicySchema } from '../../src/policies/rules.js';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import { connect } from '../helpers/mcp.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';
import { recordingClient } from '../helpers/recording-client.js';

const ROOM = 'live_music_night';
let h: Harness | undefined;
const start = harnessPerTest();

describe('parallel calls cannot slip past a cap or the breaker', () => {
  it('a cap of 1 kick per room per minute lets exactly one of five parallel kicks through', async () => {
    const policy = PolicySchema.parse({ channels: ['elicitation'], rules: [{ tools: ['kick_user_off_seat'], action: 'allow', rate: { max: 1, windowSeconds: 60 }, over: 'deny' }] });
    h = await start({ runtime: createPolicyRuntime({ policy }) });
    const kicks = await Promise.all(['host_lena', 'guest_omar', 'guest_priya', 'viewer_ada', 'viewer_bo'].map((u) => h!.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: u, Data: '' })));
    expect(h.sent('kick_user_off_seat')).toHaveLength(1);
    expect(kicks.filter((k) => /Not performed/.test(k.text))).toHaveLength(4);
  });

  it('a breaker of 2 lets exactly two of eight parallel destructive calls through, then stays open', async () => {
    const policy = PolicySchema.parse({ rules: [{ tools: ['kick_user_off_seat'], action: 'allow' }], breaker: { max: 2, windowSeconds: 60, cooldownSeconds: 300 } });
    h = await start({ runtime: createPolicyRuntime({ policy }) });
    const users = ['host_lena', 'guest_omar', 'guest_priya', 'a', 'b', 'c', 'd', 'e'];
    const results = await Promise.all(users.map((u) => h!.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: u, Data: '' })));
    expect(h.sent('kick_user_off_seat')).toHaveLength(2);
    expect(results.filter((r) => /breaker for room "live_music_night" is open/.test(r.text)).length).toBe(6);
    const later = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'host_lena', Data: '' });
    expect(later.text).toMatch(/breaker/);
    expect(h.sent('kick_user_off_seat')).toHaveLength(2);
  });

  it('a call Tencent refused gives its place back', async () => {
    const policy = PolicySchema.parse({ rules: [{ tools: ['kick_user_off_seat'], action: 'allow', rate: { max: 1, windowSeconds: 60 }, over: 'deny' }] });
    h = await start({ runtime: createPolicyRuntime({ policy }) });
    const refused = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'not_seated', Data: '' });
    expect(refused.text).toMatch(/Tencent refused/);
    const next = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' });
    expect(next.isError, next.text).toBeFalsy();
  });
});

describe('consent is used once', () => {
  const answered = (codec: ReturnType<typeof createConfirmStateCodec>, c: Awaited<ReturnType<typeof connect>>, args: Record<string, unknown>, nonce: string) =>
    async (answer: Record<string, unknown>) => c.client.callTool({
      name: 'kick_user_off_seat', arguments: args, inputResponses: { confirm: answer },
      requestState: await codec.mint({ digest: argsDigest('kick_user_off_seat', args), nonce }),
    } as never);

  it('a declined confirmation cannot be turned into an accept by sending the same state again', async () => {
    const { client, calls } = recordingClient();
    const codec = createConfirmStateCodec();
    const c = await connect(() => createServer({ client, codec }), { era: 'modern', elicit: () => ({ action: 'decline' }) });
    const send = answered(codec, c, { RoomId: 'room-1', Member_Account: 'bob', Data: '' }, 'declined-once');
    expect(JSON.stringify((await send({ action: 'decline' })).content)).toMatch(/declined/);
    const flipped = await send({ action: 'accept', content: { confirm: true } });
    expect(JSON.stringify(flipped.content)).toMatch(/already answered/);
    expect(calls).toEqual([]);
    await c.close();
  });

  it('servers that share a codec share its record of spent consents (one McpServer per 2026-era request)', async () => {
    const { client, calls } = recordingClient();
    const codec = createConfirmStateCodec();
    // No shared runtime here: the codec alone carries the record.
    const c = await connect(() => createServer({ client, codec }), { era: 'modern', elicit: () => ({ action: 'decline' }) });
    const send = answered(codec, c, { RoomId: 'room-1', Member_Account: 'bob', Data: '' }, 'shared-codec');
    const results = await Promise.all([1, 2, 3].map(() => send({ action: 'accept', content: { confirm: true } })));
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    expect(calls).toHaveLength(1);
    await c.close();
  });

  it('a confirmation state sent again after it ran a call is refused, and nothing more is sent', async () => {
    const { client, calls } = recordingClient();
    const codec = createConfirmStateCodec();
    // One runtime for the process, as the CLI has: each 2026-era request gets a fresh McpServer.
    const runtime = createPolicyRuntime();
    const c = await connect(() => createServer({ client, codec, runtime }), { era: 'modern', elicit: () => ({ action: 'decline' }) });
    const args = { RoomId: 'room-1', Member_Account: 'bob', Data: '' };
    const state = await codec.mint({ digest: argsDigest('kick_user_off_seat', args), nonce: 'one-consent' });
    const send = () => c.client.callTool({ name: 'kick_user_off_seat', arguments: args, inputResponses: { confirm: { action: 'accept', content: { confirm: true } } }, requestState: state } as never);
    expect((await send()).isError).toBeFalsy();
    const replay = await send();
    expect(replay.isError).toBe(true);
    expect(JSON.stringify(replay.content)).toMatch(/already answered for an earlier call.*may already have run/);
    expect(calls).toHaveLength(1);
    await c.close();
  });
});

describe('operator rules on tools that have no confirmation form of their own', () => {
  it('a confirm rule on a write tool asks with the arguments and sends once on accept', async () => {
    const policy = PolicySchema.parse({ channels: ['elicitation'], rules: [{ tools: ['pick_user_on_seat'], action: 'confirm' }] });
    const forms: string[] = [];
    h = await start({ runtime: createPolicyRuntime({ policy }), elicit: (f) => { forms.push(f.message); return { action: 'accept', content: { confirm: true } }; } });
    const r = await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 });
    expect(r.isError, r.text).toBeFalsy();
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatch(/Member_Account\s*: "viewer_ada"/);
    expect(forms[0]).toMatch(/Index\s*: "3"/);
    expect(h.sent('pick_user_on_seat')).toHaveLength(1);
  });
});

describe('caps of every matching rule count', () => {
  it('a stricter rule deciding a call does not let it slip past another rule\'s cap', async () => {
    const policy = PolicySchema.parse({
      channels: ['elicitation'],
      rules: [
        { tools: ['kick_user_off_seat'], action: 'allow', rate: { max: 1, windowSeconds: 60 }, over: 'deny' },
        { tools: ['kick_user_off_seat'], action: 'confirm', rooms: ['live_*'] },
      ],
    });
    h = await start({ runtime: createPolicyRuntime({ policy }), elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const first = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' });
    expect(first.isError, first.text).toBeFalsy();
    const second = await h.call('kick_user_off_seat', { RoomId: ROOM, Member_Account: 'guest_priya', Data: '' });
    expect(second.text).toMatch(/policy forbids it/);
    expect(h.sent('kick_user_off_seat')).toHaveLength(1);
  });
});

describe('rules that name rooms', () => {
  const battle = { name: 'create_battle' as const, endpoint: ENDPOINTS.create_battle, effect: 'write' as const };
  it('a deny for some rooms cannot be escaped by naming another room first', async () => {
    const p = PolicySchema.parse({ rules: [{ tools: ['create_battle'], action: 'deny', rooms: ['vip_*'] }] });
    const c = memoryCapCounter();
    expect((await decide(battle, { FromRoomId: 'vip_1', ToRoomIdList: ['vip_2'] }, p, c, 0)).kind).toBe('deny');
    expect((await decide(battle, { FromRoomId: 'other', ToRoomIdList: ['vip_1'] }, p, c, 0)).kind).toBe('deny');
    expect((await decide(battle, { FromRoomId: 'other', ToRoomIdList: ['plain'] }, p, c, 0)).kind).toBe('allow');
  });

  it('an allow for some rooms applies only when every room is covered', async () => {
    const p = PolicySchema.parse({ defaults: { write: 'confirm' }, rules: [{ tools: ['create_battle'], action: 'allow', rooms: ['open_*'] }] });
    const c = memoryCapCounter();
    expect((await decide(battle, { FromRoomId: 'open_1', ToRoomIdList: ['open_2'] }, p, c, 0)).kind).toBe('allow');
    expect((await decide(battle, { FromRoomId: 'open_1', ToRoomIdList: ['vip_2'] }, p, c, 0)).kind).toBe('confirm');
  });
});

describe('the audit log and the truth of the answer', () => {
  class FailingAudit implements AuditSink {
    readonly records: AuditRecord[] = [];
    constructor(private readonly failOn: (r: AuditRecord) => boolean) {}
    write(r: AuditRecord) { if (this.failOn(r)) throw new Error('disk full'); this.records.push(r); }
    close() {}
  }

  it('an audit failure after a successful call does not turn it into a failure (no retry invitation)', async () => {
    const audit = new FailingAudit((r) => r.event === 'outcome');
    h = await start({ runtime: createPolicyRuntime({ audit }) });
    const r = await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 });
    expect(r.isError, r.text).toBeFalsy();
    expect(h.sent('pick_user_on_seat')).toHaveLength(1);
  });

  it('nothing is sent when the intent cannot be recorded', async () => {
    const audit = new FailingAudit((r) => r.event === 'intent');
    h = await start({ runtime: createPolicyRuntime({ audit }) });
    const r = await h.call('pick_user_on_seat', { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/audit log could not be written/);
    expect(h.sent('pick_user_on_seat')).toEqual([]);
  });
});

describe('destructive tools are never resent', () => {
  it.each(['del_robot', 'lock_seat'] as const)('%s is sent once after a lost answer, and reported as unknown', async (tool) => {
    h = await start({ client: { retry: { baseDelayMs: 1 }, timeouts: { headersMs: 300, bodyMs: 300 } }, elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    h.sandbox.faults.set(tool, { resetAfter: true, times: 1 });
    const args = tool === 'del_robot' ? { RoomId: 'voice_chat_lounge', RobotList_Account: ['bot_greeter'] } : { RoomId: ROOM, Index: 4, ForbidTaken: true };
    const r = await h.call(tool, args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/unknown whether Tencent carried it out/);
    expect(h.sandbox.faults.arrived(tool)).toBe(1);
  });
});

describe('write outputs', () => {
  it('a destructive call that happened is reported as done even when Tencent\'s answer is shaped unlike the docs', async () => {
    const { client, calls } = recordingClient((cmd) => (cmd === 'get_room_info' ? { Response: { RoomInfo: { RoomId: 'r', RoomName: 'n', Owner_Account: 'o', CreateTime: 1 } } } : { Response: { Statistic: null } }));
    const c = await connect(() => createServer({ client }), { elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await c.client.callTool({ name: 'destroy_room', arguments: { RoomId: 'r' } });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(JSON.stringify(r.content)).toMatch(/destroy_room succeeded.*not shaped as documented/s);
    expect(r.structuredContent).toEqual({ RequestId: expect.any(String) });
    expect(calls.filter((x) => x.command === 'destroy_room')).toHaveLength(1);
    await c.close();
  });

  it.each(TOOLS.filter((t) => t.effect !== 'read').map((t) => [t.name, t] as const))('%s accepts an answer that carries only a RequestId', (_n, def) => {
    // A write that happened must never be reported as failed because Tencent left out a field.
    expect(def.output.safeParse({ RequestId: '' }).success).toBe(true);
  });
});
