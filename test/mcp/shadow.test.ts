// Shadow mode: every step runs as for real (rules, consent, caps, audit) and nothing is sent; the
// answer says so in words and in _meta; the audit report shows what the agent would have done.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { formatAudit } from '../../src/policies/audit-report.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { SHADOW_META_KEY } from '../../src/policies/shadow.js';
import type { Era } from '../helpers/mcp.js';
import { harnessPerTest } from '../helpers/harness.js';

const start = harnessPerTest();
const MUSIC = 'live_music_night';
const accept = () => ({ action: 'accept' as const, content: { confirm: true } });

describe.each<Era>(['legacy', 'modern'])('shadow mode over the %s era', (era) => {
  it('--shadow: a write is decided and audited, not sent; the answer says so and validates', async () => {
    const audit = new MemoryAuditLog();
    const h = await start({ era, runtime: createPolicyRuntime({ audit, shadow: true }) });
    const r = await h.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 5 });
    expect(r.isError).toBeFalsy();
    expect(r.text).toMatch(/^Shadow mode \(--shadow\): pick_user_on_seat was allowed \(default for write\) and recorded in the audit log, but NOT sent to Tencent/);
    expect((r._meta as Record<string, unknown>)[SHADOW_META_KEY]).toEqual({ shadow: true, by: '--shadow' });
    expect(h.sent('pick_user_on_seat')).toHaveLength(0);
    expect(audit.records.map((x) => `${x.event}:${x.decision ?? x.result}`)).toEqual(['decision:allow', 'outcome:shadow']);
    // Reads are not shadowed: the agent sees the real room.
    expect((await h.call('get_seat_list', { RoomId: MUSIC })).isError).toBeFalsy();
    expect(h.sent('get_seat_list')).toHaveLength(1);
  });

  it('--shadow: a destructive call still asks the human; accepted, it is recorded and not sent', async () => {
    const audit = new MemoryAuditLog();
    const h = await start({ era, elicit: accept, runtime: createPolicyRuntime({ audit, shadow: true }) });
    const r = await h.call('kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'host_anna', Data: 'spam' });
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(1);
    expect(r.text).toMatch(/was approved \(elicitation: accept\)/);
    expect(h.sent('kick_user_off_seat')).toHaveLength(0);
    const last = audit.records.filter((x) => x.tool === 'kick_user_off_seat').at(-1)!;
    expect(last).toMatchObject({ event: 'outcome', result: 'shadow' });
    expect(formatAudit(audit.records)).toMatch(/kick_user_off_seat .*\[confirm .*accept.*\] {2}→ SHADOW: not sent \(shadow mode \(--shadow\): not sent\); this is what the agent would have done/);
  });

  it('--shadow: a declined call is refused as for real', async () => {
    const audit = new MemoryAuditLog();
    const h = await start({ era, elicit: () => ({ action: 'decline' }), runtime: createPolicyRuntime({ audit, shadow: true }) });
    const r = await h.call('kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'host_anna', Data: 'spam' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not performed/);
    expect(audit.records.at(-1)).toMatchObject({ result: 'not_performed' });
  });
});

describe('a shadow rule', () => {
  it('shadows only the calls it covers, in the rooms it names; a deny rule still wins', async () => {
    const audit = new MemoryAuditLog();
    const policy = PolicySchema.parse({ rules: [
      { tools: ['send_text_msg'], action: 'shadow', rooms: ['live_*'] },
      { tools: ['send_custom_msg'], action: 'shadow' },
      { tools: ['send_custom_msg'], action: 'deny', rooms: ['live_cooking_show'] },
    ] });
    const h = await start({ runtime: createPolicyRuntime({ audit, policy }) });
    const shadowed = await h.call('send_text_msg', { RoomId: MUSIC, Sender_Account: 'host_anna', TextContent: 'hello' });
    expect(shadowed.text).toMatch(/^Shadow mode \(rule 1\)/);
    expect(h.sent('send_text_msg')).toHaveLength(0);
    const denied = await h.call('send_custom_msg', { RoomId: 'live_cooking_show', Sender_Account: 'host_anna', BusinessId: 'poll', Data: '{}' });
    expect(denied.isError).toBe(true);
    expect(denied.text).toMatch(/policy forbids it/);
    // Outside the rule's rooms, the call is real.
    const real = await h.call('send_text_msg', { RoomId: 'conf_weekly_sync', Sender_Account: 'host_anna', TextContent: 'hello' });
    expect(real.text).not.toMatch(/Shadow mode/);
    expect(h.sent('send_text_msg')).toHaveLength(1);
  });

  it('--shadow and TENCENT_LIVE_SHADOW turn it on for the whole server', () => {
    expect(loadConfig(['--sandbox', '--shadow'], {})).toMatchObject({ command: 'serve', shadow: true });
    expect(loadConfig(['--sandbox'], { TENCENT_LIVE_SHADOW: '1' })).toMatchObject({ shadow: true });
    expect((loadConfig(['--sandbox'], {}) as { shadow?: boolean }).shadow).toBeUndefined();
  });
});
