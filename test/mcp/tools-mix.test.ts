// Stream-mixing tools end to end: a real MCP client against the sandbox over loopback HTTP.
// There is no read API for the mix task, so outcomes are checked through resume_mcu_task and the
// sandbox's state.
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type Harness } from '../helpers/harness.js';

const MUSIC = 'live_music_night'; // IsUnlimitedRoomEnabled, running grid task; seats 0 host_lena, 1 guest_omar
const GAMING = 'live_gaming_arena'; // IsUnlimitedRoomEnabled, stopped task
const COOKING = 'live_cooking_show'; // seats, but not IsUnlimitedRoomEnabled

let h: Harness | undefined;
const startPerTest = harnessPerTest();

const mixOf = (roomId: string) => h!.sandbox.state.requireRoom(roomId).mix;

const CUSTOM = {
  RoomId: MUSIC,
  LayoutMode: 1000,
  VideoEncode: { Width: 720, Height: 1280 },
  LayoutInfo: {
    LayoutList: [{ LocationX: 400, LocationY: 900, ImageWidth: 300, ImageHeight: 360, RoomId: MUSIC, Member_Account: 'guest_omar', StreamType: 0, ZOrder: 1 }],
    MaxUserLayout: { RoomId: MUSIC, Member_Account: 'host_lena', StreamType: 0, ZOrder: 0 },
  },
};

describe('set_mix_stream', () => {
  it('starts a mix task in a room that had none, which resume_mcu_task then finds', async () => {
    h = await startPerTest({ seed: 'empty' });
    const room = h.sandbox.state.addRoom({ RoomId: 'mix_new', IsUnlimitedRoomEnabled: true }, Date.now());
    room.members.set('host_a', { joinTime: 0, nickname: 'host_a' });
    room.seats[0]!.Member_Account = 'host_a';
    const before = await h.call('resume_mcu_task', { RoomId: 'mix_new' });
    expect(before.isError).toBe(true);
    expect(before.text).toMatch(/100424/);

    const r = await h.call('set_mix_stream', { RoomId: 'mix_new', LayoutMode: 0 });
    expect(r.isError).toBeFalsy();
    expect(r.text).toMatch(/^Room "mix_new" now mixes its seated hosts in the automatic grid layout\./);
    expect(mixOf('mix_new')).toMatchObject({ exists: true, status: 'running', LayoutMode: 0 });
    expect((await h.call('resume_mcu_task', { RoomId: 'mix_new' })).isError).toBeFalsy();
  });

  it('sets a custom layout of seated hosts, sent exactly as given, without asking anyone', async () => {
    h = await startPerTest({ elicit: () => ({ action: 'decline' }) });
    const r = await h.call('set_mix_stream', CUSTOM);
    expect(r.isError).toBeFalsy();
    expect(r.text).toMatch(/custom layout with 2 window\(s\)/);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sent('set_mix_stream').map((x) => x.body)).toEqual([CUSTOM]);
    expect(mixOf(MUSIC)).toMatchObject({ LayoutMode: 1000, VideoEncode: { Width: 720, Height: 1280 }, LayoutInfo: CUSTOM.LayoutInfo });
  });

  it('restarts a stopped task with a new layout', async () => {
    h = await startPerTest();
    expect(mixOf(GAMING).status).toBe('stopped');
    expect((await h.call('set_mix_stream', { RoomId: GAMING, LayoutMode: 0, VideoEncode: { Width: 1280, Height: 720 } })).isError).toBeFalsy();
    expect(mixOf(GAMING)).toMatchObject({ status: 'running', VideoEncode: { Width: 1280, Height: 720 } });
  });

  it.each([
    ['a host who is not on a seat', { ...CUSTOM, LayoutInfo: { LayoutList: [{ Member_Account: 'viewer_ada', ImageWidth: 100, ImageHeight: 100 }] } }, /100428/],
    ['a room without IsUnlimitedRoomEnabled', { RoomId: COOKING, LayoutMode: 0 }, /100006/],
    ['an unknown room', { RoomId: 'no_such_room', LayoutMode: 0 }, /100004/],
  ])('Tencent refuses %s, and the layout stays', async (_name, args, code) => {
    h = await startPerTest();
    const r = await h.call('set_mix_stream', args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(code);
    expect(r.text).toMatch(/The mix-stream layout was not changed\./);
    expect(mixOf(MUSIC).LayoutMode).toBe(0);
  });

  it.each([
    ['LayoutMode 1000 without LayoutInfo', { RoomId: MUSIC, LayoutMode: 1000 }, /LayoutInfo is required when LayoutMode is 1000/],
    ['a custom layout with no window', { RoomId: MUSIC, LayoutMode: 1000, LayoutInfo: { LayoutList: [] } }, /at least one window/],
    ['LayoutInfo with the grid', { RoomId: MUSIC, LayoutMode: 0, LayoutInfo: CUSTOM.LayoutInfo }, /only used with LayoutMode 1000/],
    ['an undocumented LayoutMode', { RoomId: MUSIC, LayoutMode: 1 }, /LayoutMode/],
    ['an unknown key inside a window', { ...CUSTOM, LayoutInfo: { LayoutList: [{ Member_Account: 'host_lena', Width: 100 }] } }, /Width/],
    ['a 49-byte RoomId', { RoomId: 'x'.repeat(49), LayoutMode: 0 }, /RoomId/],
  ])('refuses %s before sending', async (_name, args, why) => {
    h = await startPerTest();
    const r = await h.call('set_mix_stream', args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(why);
    expect(h.sent('set_mix_stream')).toHaveLength(0);
  });

  it('is a non-destructive, idempotent write whose description says the fields come from samples', async () => {
    h = await startPerTest();
    const { tools } = await h.mcp.client.listTools();
    const t = tools.find((x) => x.name === 'set_mix_stream')!;
    expect(t.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(t.description).toMatch(/reconstructed from the doc's grid and custom samples/);
    expect(t.description).toMatch(/20 per second/);
  });
});

describe('modern era (2026-07-28)', () => {
  it('set_mix_stream then resume_mcu_task', async () => {
    h = await startPerTest({ era: 'modern' });
    expect((await h.call('set_mix_stream', CUSTOM)).isError).toBeFalsy();
    mixOf(MUSIC).status = 'stopped';
    expect((await h.call('resume_mcu_task', { RoomId: MUSIC })).isError).toBeFalsy();
    expect(mixOf(MUSIC)).toMatchObject({ status: 'running', LayoutMode: 1000 });
  });
});
