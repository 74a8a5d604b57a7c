// Room metadata end to end through a real MCP client against the sandbox, plus the sandbox's own
// limit semantics (100500/100501/100502) for requests the tool schemas would never send.
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { sandboxSession } from '../helpers/sandbox.js';

// One harness per test, closed after it; sandbox rate limits stay off (startHarness's default).
const start = harnessPerTest();

const ACCEPT: ElicitAnswer = { action: 'accept', content: { confirm: true } };
const MUSIC = 'live_music_night'; // metadata: theme=jazz, pinned=…
const COOKING = 'live_cooking_show'; // no metadata

async function metadata(x: Harness, RoomId: string, Keys?: string[]): Promise<Array<{ Key: string; Value: string }>> {
  const r = await x.call('get_room_metadata', Keys ? { RoomId, Keys } : { RoomId });
  expect(r.isError, r.text).toBeFalsy();
  return r.structured!.Metadata as Array<{ Key: string; Value: string }>;
}

const pairs = (n: number, size: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v'.repeat(size) }));

describe('metadata catalog', () => {
  it('classifies get as read, set as an idempotent write, del as destructive', () => {
    const byName = Object.fromEntries(TOOLS.filter((t) => t.endpoint.family === 'metadata').map((t) => [t.name, [t.effect, t.idempotent, Boolean(t.confirm)]]));
    expect(byName).toEqual({
      get_room_metadata: ['read', true, false],
      set_room_metadata: ['write', true, false],
      del_room_metadata: ['destructive', true, true],
    });
  });
});

describe('get_room_metadata and set_room_metadata', () => {
  it('reads every key by default, or the keys named (unset keys left out)', async () => {
    const x = await start();
    expect(await metadata(x, MUSIC)).toEqual([{ Key: 'theme', Value: 'jazz' }, { Key: 'pinned', Value: 'Setlist in the room notice' }]);
    expect(x.sent('get_room_metadata')[0]!.body).toEqual({ RoomId: MUSIC, Keys: [] });
    expect(await metadata(x, MUSIC, ['pinned', 'missing'])).toEqual([{ Key: 'pinned', Value: 'Setlist in the room notice' }]);
  });

  it('upserts: new keys are added, existing ones overwritten, others kept', async () => {
    const x = await start();
    const r = await x.call('set_room_metadata', { RoomId: MUSIC, Metadata: [{ Key: 'theme', Value: 'blues' }, { Key: 'lang', Value: 'en' }] });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.text).toMatch(/^Set 2 metadata key\(s\) on room "live_music_night": "theme", "lang"\./);
    expect(await metadata(x, MUSIC)).toEqual([
      { Key: 'theme', Value: 'blues' }, { Key: 'pinned', Value: 'Setlist in the room notice' }, { Key: 'lang', Value: 'en' },
    ]);
  });

  it('exactly at the limits is accepted: 10 keys, 2 KB values, 16 KB in total', async () => {
    // Empty values may erase a key (argument-effects.ts): a human accepts.
    const x = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await x.call('set_room_metadata', { RoomId: COOKING, Metadata: [...pairs(8, 2048), { Key: 'e', Value: '' }, { Key: 'é'.repeat(25), Value: '' }] });
    expect(r.isError, r.text).toBeFalsy();
    expect(await metadata(x, COOKING)).toHaveLength(10);
  });

  it('a room that would exceed 10 keys: Tencent\'s 100500, nothing changes', async () => {
    const x = await start();
    const r = await x.call('set_room_metadata', { RoomId: MUSIC, Metadata: pairs(9, 1) });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100500/);
    expect(r.text).toMatch(/No metadata was changed/);
    expect(await metadata(x, MUSIC)).toHaveLength(2);
  });

  it('a room whose values would exceed 16 KB in total: 100502, nothing changes', async () => {
    const x = await start();
    expect((await x.call('set_room_metadata', { RoomId: COOKING, Metadata: pairs(8, 2048) })).isError).toBeFalsy();
    const r = await x.call('set_room_metadata', { RoomId: COOKING, Metadata: [{ Key: 'one_more', Value: 'x' }] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100502/);
    expect(await metadata(x, COOKING)).toHaveLength(8);
  });

  it('an unknown room is 100004', async () => {
    const x = await start();
    const r = await x.call('set_room_metadata', { RoomId: 'nope', Metadata: [{ Key: 'a', Value: 'b' }] });
    expect(r.text).toMatch(/100004/);
    expect((await x.call('get_room_metadata', { RoomId: 'nope' })).text).toMatch(/100004/);
  });

  it.each([
    ['11 pairs', pairs(11, 1)],
    ['no pairs', []],
    ['a value over 2 KB', [{ Key: 'big', Value: 'é'.repeat(1025) }]],
    ['values over 16 KB together', pairs(9, 2000)],
    ['the same key twice', [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }]],
    ['a 51-byte key', [{ Key: 'k'.repeat(51), Value: '' }]],
    ['an empty key', [{ Key: '', Value: 'x' }]],
    ['an unknown field in a pair', [{ Key: 'a', Value: 'b', Ttl: 5 }]],
  ])('refuses %s before sending anything', async (_name, Metadata) => {
    const x = await start();
    const r = await x.call('set_room_metadata', { RoomId: MUSIC, Metadata });
    expect(r.isError).toBe(true);
    expect(x.sent('set_room_metadata')).toHaveLength(0);
  });

  it('refuses a 49-byte RoomId and more than 10 keys to read', async () => {
    const x = await start();
    expect((await x.call('get_room_metadata', { RoomId: 'r'.repeat(49) })).isError).toBe(true);
    expect((await x.call('get_room_metadata', { RoomId: MUSIC, Keys: pairs(11, 0).map((p) => p.Key) })).isError).toBe(true);
    expect(x.sent('get_room_metadata')).toHaveLength(0);
  });
});

describe('del_room_metadata', () => {
  it('accept: the form shows the room, the keys and their current values; the keys are gone', async () => {
    const x = await start({ elicit: () => ACCEPT });
    const r = await x.call('del_room_metadata', { RoomId: MUSIC, Keys: ['theme', 'ghost'] });
    expect(r.isError, r.text).toBeFalsy();
    const form = x.mcp.forms[0]!.message;
    expect(form).toContain('"live_music_night"');
    expect(form).toContain('"theme, ghost"');
    expect(form).toContain('theme = jazz; ghost = (not set)');
    expect(x.sent('del_room_metadata').map((s) => s.body)).toEqual([{ RoomId: MUSIC, Keys: ['theme', 'ghost'] }]);
    expect(await metadata(x, MUSIC)).toEqual([{ Key: 'pinned', Value: 'Setlist in the room notice' }]);
  });

  it('a long value is shortened in the form', async () => {
    const x = await start({ elicit: () => ACCEPT });
    x.sandbox.state.requireRoom(COOKING).metadata.set('long', 'y'.repeat(2000));
    await x.call('del_room_metadata', { RoomId: COOKING, Keys: ['long'] });
    const form = x.mcp.forms[0]!.message;
    expect(form).toContain(`long = ${'y'.repeat(60)}… (2000 bytes)`);
    expect(form.length).toBeLessThan(600);
  });

  it.each([
    ['decline', { action: 'decline' } as const],
    ['an unticked box', { action: 'accept', content: { confirm: false } } as const],
  ])('%s sends nothing and the keys stay', async (_name, answer) => {
    const x = await start({ elicit: () => answer });
    const r = await x.call('del_room_metadata', { RoomId: MUSIC, Keys: ['theme'] });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not performed: No metadata was deleted\./);
    expect(x.sent('del_room_metadata')).toHaveLength(0);
    expect(await metadata(x, MUSIC)).toHaveLength(2);
  });

  it('refused when a value changed while the human was deciding', async () => {
    const x = await start({ elicit: () => {
      x.sandbox.state.requireRoom(MUSIC).metadata.set('theme', 'rock');
      return ACCEPT;
    } });
    const r = await x.call('del_room_metadata', { RoomId: MUSIC, Keys: ['theme'] });
    expect(r.text).toMatch(/changed after the question was asked/);
    expect(x.sent('del_room_metadata')).toHaveLength(0);
  });

  it('refuses an empty or oversized key list before asking or sending', async () => {
    const x = await start({ elicit: () => ACCEPT });
    expect((await x.call('del_room_metadata', { RoomId: MUSIC, Keys: [] })).isError).toBe(true);
    expect((await x.call('del_room_metadata', { RoomId: MUSIC, Keys: pairs(11, 0).map((p) => p.Key) })).isError).toBe(true);
    expect(x.mcp.forms).toHaveLength(0);
    expect(x.sandbox.requests).toHaveLength(0);
  });
});

describe.each<Era>(['modern'])('metadata over the %s era', (era) => {
  it('set, read and a confirmed delete', async () => {
    const x = await start({ era, elicit: () => ACCEPT });
    expect((await x.call('set_room_metadata', { RoomId: COOKING, Metadata: [{ Key: 'dish', Value: 'ramen' }] })).isError).toBeFalsy();
    expect(await metadata(x, COOKING)).toEqual([{ Key: 'dish', Value: 'ramen' }]);
    const r = await x.call('del_room_metadata', { RoomId: COOKING, Keys: ['dish'] });
    expect(r.isError, r.text).toBeFalsy();
    expect(x.mcp.forms[0]!.message).toContain('dish = ramen');
    expect(await metadata(x, COOKING)).toEqual([]);
  });

  it('declined delete sends nothing', async () => {
    const x = await start({ era, elicit: () => ({ action: 'cancel' }) });
    expect((await x.call('del_room_metadata', { RoomId: MUSIC, Keys: ['theme'] })).isError).toBe(true);
    expect(x.sent('del_room_metadata')).toHaveLength(0);
  });
});

describe('sandbox metadata semantics', () => {
  function setup() {
    const { sb, c } = sandboxSession();
    const keys = (RoomId: string) => (c('get_room_metadata', { RoomId, Keys: [] }).Response.Metadata as Array<{ Key: string }>).map((p) => p.Key);
    return { sb, call: c, keys };
  }

  it('a value over 2 KB is 100501 and nothing of the call is applied', () => {
    const { call, keys } = setup();
    const res = call('set_room_metadata', { RoomId: COOKING, Metadata: [{ Key: 'ok', Value: 'a' }, { Key: 'big', Value: 'x'.repeat(2049) }] });
    expect(res.ErrorCode).toBe(100501);
    expect(res.ErrorInfo).toMatch(/"big"/);
    expect(keys(COOKING)).toEqual([]);
  });

  it('11 keys in one call is 100500; over 16 KB in one call is 100502', () => {
    const { call } = setup();
    expect(call('set_room_metadata', { RoomId: COOKING, Metadata: pairs(11, 1) }).ErrorCode).toBe(100500);
    expect(call('set_room_metadata', { RoomId: COOKING, Metadata: pairs(9, 2000) }).ErrorCode).toBe(100502);
  });

  it('overwriting keeps a key\'s place and can stay within the limits a new key would break', () => {
    const { call, keys } = setup();
    expect(call('set_room_metadata', { RoomId: COOKING, Metadata: pairs(10, 1) }).ErrorCode).toBe(0);
    expect(call('set_room_metadata', { RoomId: COOKING, Metadata: [{ Key: 'k0', Value: 'new' }] }).ErrorCode).toBe(0);
    expect(keys(COOKING)[0]).toBe('k0');
    expect(call('set_room_metadata', { RoomId: COOKING, Metadata: [{ Key: 'k10', Value: '' }] }).ErrorCode).toBe(100500);
  });

  it.each([
    ['no Metadata', { RoomId: COOKING }],
    ['Metadata not an array', { RoomId: COOKING, Metadata: { Key: 'a', Value: 'b' } }],
    ['empty Metadata', { RoomId: COOKING, Metadata: [] }],
    ['a numeric value', { RoomId: COOKING, Metadata: [{ Key: 'a', Value: 1 }] }],
    ['a 51-byte key', { RoomId: COOKING, Metadata: [{ Key: 'k'.repeat(51), Value: '' }] }],
    ['a key twice', { RoomId: COOKING, Metadata: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }],
  ])('set with %s → 100002 naming the field', (_name, body) => {
    const res = setup().call('set_room_metadata', body);
    expect(res.ErrorCode).toBe(100002);
    expect(res.ErrorInfo).toMatch(/Metadata/);
  });

  it('get and del need Keys; del needs at least one; unknown keys are ignored', () => {
    const { call, keys } = setup();
    expect(call('get_room_metadata', { RoomId: MUSIC }).ErrorCode).toBe(100002);
    expect(call('del_room_metadata', { RoomId: MUSIC, Keys: [] }).ErrorCode).toBe(100002);
    expect(call('del_room_metadata', { RoomId: MUSIC, Keys: ['ghost', 'pinned'] }).ErrorCode).toBe(0);
    expect(keys(MUSIC)).toEqual(['theme']);
  });

  it('a conference room is 100006; an unknown room 100004', () => {
    const { call } = setup();
    expect(call('get_room_metadata', { RoomId: 'conf_weekly_sync', Keys: [] }).ErrorCode).toBe(100006);
    expect(call('del_room_metadata', { RoomId: 'nope', Keys: ['a'] }).ErrorCode).toBe(100004);
  });

  it('metadata goes with a destroyed room', () => {
    const { call } = setup();
    call('destroy_room', { RoomId: MUSIC });
    expect(call('get_room_metadata', { RoomId: MUSIC, Keys: [] }).ErrorCode).toBe(100004);
  });
});
