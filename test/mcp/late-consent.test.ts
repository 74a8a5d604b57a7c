// A human's accept that arrives after the client stopped waiting (a 1.x client gives up after its
// request timeout, 60 s by default) is kept as a single-use approval for the identical call from
// the same caller, for the late window, and recorded; it never runs anything by itself. Driven
// with the official 1.x client and the 2.x client, each over a 2025-era session, with a short
// request timeout and a person who answers when the test says so.
import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport as InMemory1 } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as Client2, InMemoryTransport as InMemory2 } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAuditLog, type AuditRecord } from '../../src/policies/audit.js';
import { createConfirmStateCodec } from '../../src/policies/confirm.js';
import { configureLateConsent } from '../../src/policies/late-consent.js';
import { createPolicyRuntime, type PolicyRuntime } from '../../src/policies/runtime.js';
import { createServer } from '../../src/server.js';
import { recordingClient } from '../helpers/recording-client.js';

type Sdk = 'sdk1' | 'sdk2';
type Answer = { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' } | { action: 'cancel' };
interface OpenForm { message: string; answer(a: Answer): void }

const KICK = { name: 'kick_user_off_seat', arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: 'spam' } };
const YES: Answer = { action: 'accept', content: { confirm: true } };
const codec = createConfirmStateCodec();
const text = (r: { content?: unknown }) => ((r.content as Array<{ text?: string }>)?.[0]?.text ?? '');

/** The person at the client: each form waits until the test answers it. */
function person() {
  const forms: OpenForm[] = [];
  const waiters: Array<() => void> = [];
  return {
    forms,
    show(message: string): Promise<Answer> {
      return new Promise((resolve) => {
        forms.push({ message, answer: resolve });
        waiters.splice(0).forEach((w) => w());
      });
    },
    /** Resolves when the n-th form (1-based) is on screen. */
    async formOpen(n: number): Promise<OpenForm> {
      while (forms.length < n) await new Promise<void>((r) => waiters.push(r));
      return forms[n - 1]!;
    },
  };
}

interface Session {
  human: ReturnType<typeof person>;
  call(args?: Record<string, unknown>, opts?: { timeoutMs?: number; progress?: (n: number) => void }): Promise<{ isError?: boolean; content?: unknown }>;
  close(): Promise<void>;
}

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

/** A 2025-era session from the given SDK's client to a server on the shared runtime. */
async function open(sdk: Sdk, runtime: PolicyRuntime, live: ReturnType<typeof recordingClient>['client'], name = 'agent-host'): Promise<Session> {
  const human = person();
  const server = createServer({ client: live, codec, runtime });
  const options = (opts: { timeoutMs?: number; progress?: (n: number) => void }) => ({
    ...(opts.timeoutMs && { timeout: opts.timeoutMs }),
    ...(opts.progress && { onprogress: (p: { progress: number }) => opts.progress!(p.progress), resetTimeoutOnProgress: true }),
  });
  if (sdk === 'sdk1') {
    const client = new Client1({ name, version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, (req) => human.show(String(req.params.message)) as never);
    const [ct, st] = InMemory1.createLinkedPair();
    await server.connect(st as never);
    await client.connect(ct);
    const s: Session = {
      human,
      call: (args = KICK.arguments, opts = {}) => client.callTool({ name: KICK.name, arguments: args }, undefined, options(opts)) as never,
      close: async () => { await client.close(); await server.close(); },
    };
    sessions.push(s);
    return s;
  }
  const client = new Client2({ name, version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
  client.setRequestHandler('elicitation/create', (req) => human.show(String(req.params.message)) as never);
  const [ct, st] = InMemory2.createLinkedPair();
  await server.connect(st);
  await client.connect(ct);
  const s: Session = {
    human,
    call: (args = KICK.arguments, opts = {}) => client.callTool({ name: KICK.name, arguments: args }, options(opts) as never) as never,
    close: async () => { await client.close(); await server.close(); },
  };
  sessions.push(s);
  return s;
}

/** The in-memory audit log, telling waiters about each record as it is written. */
class WatchedAuditLog extends MemoryAuditLog {
  watchers: Array<() => void> = [];
  override write(record: AuditRecord): void {
    super.write(record);
    this.watchers.splice(0).forEach((w) => w());
  }
}

/** A runtime with a clock the test moves, and an audit log it reads. */
function setup() {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const audit = new WatchedAuditLog();
  const runtime = createPolicyRuntime({ audit, clock: () => now });
  const { client, calls } = recordingClient();
  const kicks = () => calls.filter((c) => c.command === 'kick_user_off_seat');
  /** Resolves when the audit log holds a record matching `pred` (the server's observable answer). */
  const recorded = async (pred: (r: AuditRecord) => boolean) => {
    for (;;) {
      const hit = audit.records.find(pred);
      if (hit) return hit;
      await new Promise<void>((r) => audit.watchers.push(r));
    }
  };
  return { runtime, audit, live: client, kicks, recorded, advance: (ms: number) => (now += ms) };
}

/** The client gives up on the call while the form is open; the person answers afterwards. */
async function giveUpThenAnswer(s: Session, answer: Answer, formNo = 1) {
  const call = s.call(KICK.arguments, { timeoutMs: 300 });
  const form = await s.human.formOpen(formNo);
  await expect(call).rejects.toThrow(/timed out/i);
  form.answer(answer);
}

describe.each<Sdk>(['sdk1', 'sdk2'])('late consent with the %s client', (sdk) => {
  it('an accept after the client gave up sends nothing then; the identical retry is sent once without a form', async () => {
    const t = setup();
    const s = await open(sdk, t.runtime, t.live);
    await giveUpThenAnswer(s, YES);
    const kept = await t.recorded((r) => r.event === 'decision' && r.answer === 'late-accept-kept');
    expect(kept).toMatchObject({ tool: 'kick_user_off_seat', channel: 'elicitation', args: KICK.arguments });
    await t.recorded((r) => r.event === 'outcome' && r.callId === kept.callId && r.result === 'not_performed');
    expect(t.kicks()).toEqual([]);

    const retry = await s.call();
    expect(retry.isError).toBeFalsy();
    expect(t.kicks()).toHaveLength(1);
    expect(s.human.forms).toHaveLength(1);
    const used = t.audit.records.find((r) => r.event === 'decision' && r.answer === 'late-accept');
    expect(used?.approvedBy).toMatch(/late/);
    expect(t.audit.records.some((r) => r.event === 'outcome' && r.callId === used!.callId && r.result === 'ok')).toBe(true);

    // Single use: the next identical call asks again.
    const again = s.call();
    const form = await s.human.formOpen(2);
    form.answer({ action: 'decline' });
    expect((await again).isError).toBe(true);
    expect(t.kicks()).toHaveLength(1);
  });

  it('different arguments ask again, and the kept approval still serves the identical call', async () => {
    const t = setup();
    const s = await open(sdk, t.runtime, t.live);
    await giveUpThenAnswer(s, YES);
    await t.recorded((r) => r.answer === 'late-accept-kept');
    const other = s.call({ ...KICK.arguments, Member_Account: 'carol' });
    const form = await s.human.formOpen(2);
    expect(form.message).toContain('"carol"');
    form.answer({ action: 'decline' });
    expect((await other).isError).toBe(true);
    expect(t.kicks()).toEqual([]);
    expect((await s.call()).isError).toBeFalsy();
    expect(t.kicks()).toHaveLength(1);
  });

  it('another caller asks again', async () => {
    const t = setup();
    const s = await open(sdk, t.runtime, t.live, 'agent-host');
    await giveUpThenAnswer(s, YES);
    await t.recorded((r) => r.answer === 'late-accept-kept');
    const stranger = await open(sdk, t.runtime, t.live, 'another-host');
    const call = stranger.call();
    (await stranger.human.formOpen(1)).answer({ action: 'decline' });
    expect((await call).isError).toBe(true);
    expect(t.kicks()).toEqual([]);
  });

  it('after the window, the retry asks again', async () => {
    const t = setup();
    const s = await open(sdk, t.runtime, t.live);
    await giveUpThenAnswer(s, YES);
    await t.recorded((r) => r.answer === 'late-accept-kept');
    t.advance(10 * 60_000 + 1);
    const call = s.call();
    (await s.human.formOpen(2)).answer({ action: 'decline' });
    expect((await call).isError).toBe(true);
    expect(t.kicks()).toEqual([]);
  });

  it('a late decline keeps nothing, and is recorded', async () => {
    const t = setup();
    const s = await open(sdk, t.runtime, t.live);
    await giveUpThenAnswer(s, { action: 'decline' });
    await t.recorded((r) => r.event === 'decision' && r.answer === 'decline');
    const call = s.call();
    (await s.human.formOpen(2)).answer(YES);
    expect((await call).isError).toBeFalsy();
    expect(t.kicks()).toHaveLength(1);
    expect(t.audit.records.some((r) => r.answer === 'late-accept-kept' || r.answer === 'late-accept')).toBe(false);
  });

  it('a client that resets its timeout on progress keeps waiting while the form is open', async () => {
    const t = setup();
    configureLateConsent(t.runtime, { progressEveryMs: 200 });
    const s = await open(sdk, t.runtime, t.live);
    let heardEnough!: () => void;
    const enough = new Promise<void>((r) => (heardEnough = r));
    // The request timeout (1.5 s) is shorter than the time the person takes (twelve progress
    // notifications, 2.4 s at least); progress keeps the call alive.
    const call = s.call(KICK.arguments, { timeoutMs: 1500, progress: (n) => n >= 12 && heardEnough() });
    const form = await s.human.formOpen(1);
    await enough;
    form.answer(YES);
    const r = await call;
    expect(r.isError, text(r)).toBeFalsy();
    expect(t.kicks()).toHaveLength(1);
  });
});
