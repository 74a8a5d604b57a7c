// Words the model and the operator read: a failed read says it failed and whether to retry (no
// talk of effects a read cannot have); a tool whose toolset is off names the toolset and how to
// enable it; the audit report flags only intents without an outcome; confirmation forms read as
// sentences and title the retype field for a person.
import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../src/policies/audit.js';
import { formatAudit } from '../../src/policies/audit-report.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { TOOLS } from '../../src/tools/index.js';
import { selectTools } from '../../src/tools/toolsets.js';
import { startHarness } from '../helpers/harness.js';

describe('a failed read', () => {
  it('HTTP 502 on a read: says the read failed, nothing about effects, and that retrying is worth it', async () => {
    const h = await startHarness({ client: { retry: { attempts: 1 } } as never });
    try {
      h.sandbox.faults.set('get_seat_list', { status5xx: 502 });
      const r = await h.call('get_seat_list', { RoomId: 'live_music_night' });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/502/);
      expect(r.text).not.toMatch(/taken effect|may have done|outcome is unknown/i);
      expect(r.text).toMatch(/The read failed and changed nothing; it is worth trying again/);
    } finally {
      await h.close();
    }
  });
});

describe('a tool whose toolset is off', () => {
  it.each(['legacy', 'modern'] as const)('names the toolset and how to enable it (%s era)', async (era) => {
    const h = await startHarness({ era, tools: selectTools(TOOLS, {}) });
    try {
      const r = await h.call('get_gift', { GiftId: 'gift_rose' });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/"gifts" toolset/);
      const named = /--toolsets (\S+) /.exec(r.text)?.[1]?.split(',') ?? [];
      expect(named).toEqual(['default', 'gifts']);
      expect(h.sent('get_gift')).toHaveLength(0);
      // A name outside the catalog still gets the SDK's answer.
      const unknown = await h.mcp.client.callTool({ name: 'no_such_tool', arguments: {} }).then((x) => JSON.stringify(x), (e: Error) => e.message);
      expect(unknown).toMatch(/no_such_tool/);
    } finally {
      await h.close();
    }
  });

  it('a tool of a toolset the default lists only in part: enabling that toolset keeps the default', async () => {
    const h = await startHarness({ tools: selectTools(TOOLS, {}) });
    try {
      const r = await h.call('destroy_room', { RoomId: 'live_music_night' });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/"rooms" toolset, of which this server offers only the default tools/);
      expect(r.text).toMatch(/--toolsets default,rooms /);
      expect(h.sent('destroy_room')).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('with whole toolsets chosen, the hint names them and the missing one', async () => {
    const h = await startHarness({ tools: selectTools(TOOLS, { toolsets: ['seats', 'feed'] }) });
    try {
      const r = await h.call('get_gift', { GiftId: 'gift_rose' });
      expect(r.text).toMatch(/--toolsets seats,feed,gifts /);
      const ro = await startHarness({ tools: selectTools(TOOLS, { toolsets: ['default'], readOnly: true }) });
      try {
        expect((await ro.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' })).text).toMatch(/read-only mode or an exact --tools list leaves it out/);
        expect((await ro.call('get_gift', { GiftId: 'gift_rose' })).text).toMatch(/--toolsets default,gifts /);
      } finally {
        await ro.close();
      }
    } finally {
      await h.close();
    }
  });

  it('a tool the policy denies says so', async () => {
    const policy = PolicySchema.parse({ rules: [{ tools: ['destroy_room'], action: 'deny' }] });
    const h = await startHarness({ runtime: createPolicyRuntime({ policy }) });
    try {
      const r = await h.call('destroy_room', { RoomId: 'live_music_night' });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/policy denies it/);
      expect(h.sent('destroy_room')).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('the audit report', () => {
  it('a fully successful confirmed run flags nothing', async () => {
    const audit = new MemoryAuditLog();
    const h = await startHarness({ runtime: createPolicyRuntime({ audit }), elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    try {
      const r = await h.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' });
      expect(r.isError).toBeFalsy();
    } finally {
      await h.close();
    }
    const report = formatAudit(audit.records);
    expect(report).toMatch(/asked a human/);
    expect(report).not.toMatch(/no outcome/i);
    // An intent without an outcome is still flagged.
    const [intent] = audit.records.filter((x) => x.event === 'intent');
    expect(formatAudit([{ ...intent!, callId: 'lost' }])).toMatch(/NO OUTCOME RECORDED/);
  });
});

describe('confirmation forms', () => {
  it('the heading is a sentence and the retype field has a human title but keeps its name', async () => {
    const h = await startHarness({ elicit: () => ({ action: 'decline' }) });
    try {
      await h.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'guest_omar', Data: '' });
      await h.call('change_room_owner', { RoomId: 'live_music_night', NewOwner_Account: 'guest_omar' });
      const [kick, owner] = h.mcp.forms;
      expect(kick!.message.split('\n')[0]).toBe('Please confirm: Remove a user from their seat (kick_user_off_seat)');
      const schema = owner!.requestedSchema as { properties: Record<string, { title?: string }> };
      expect(Object.keys(schema.properties)).toEqual(['NewOwner_Account']);
      expect(schema.properties.NewOwner_Account!.title).toBe("Retype the new owner's user ID to confirm");
      expect(owner!.message).toMatch(/retype the new owner's user ID exactly/);
    } finally {
      await h.close();
    }
  });
});
