// Room tools end to end: a real MCP client, the policy layer and the signed client against the
// sandbox over loopback HTTP. Writes are checked through the family's reads (get_room_info,
// get_room_list, get_seat_list); destructive ones through the confirmation form.
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';

// One harness per test, closed after it; sandbox rate limits stay off (startHarness's default).
const start = harnessPerTest();

const ACCEPT: ElicitAnswer = { action: 'accept', content: { confirm: true } };
const MUSIC = 'live_music_night'; // "Friday Music Night", owner host_lena, 12840 views, 57 gifts

async function roomInfo(x: Harness, RoomId: string): Promise<Record<string, unknown>> {
  const r = await x.call('get_room_info', { RoomId });
  expect(r.isError, r.text).toBeFalsy();
  return r.structured!.RoomInfo as Record<string, unknown>;
}

describe('rooms catalog', () => {
  it('has the six room tools with their classification', () => {
    const byName = Object.fromEntries(TOOLS.filter((t) => t.endpoint.family === 'rooms').map((t) => [t.name, [t.effect, t.idempotent]]));
    expect(byName).toEqual({
      get_room_list: ['read', true],
      get_room_info: ['read', true],
      change_room_owner: ['destructive', false],
      create_room: ['write', false],
      update_room_info: ['write', true],
      destroy_room: ['destructive', false],
    });
  });
});

describe('create_room', () => {
  it('creates a video room nested under RoomInfo; the template fixes the seats', async () => {
    const x = await start({ seed: 'empty' });
    const args = {
      RoomInfo: {
        RoomId: 'live_new', RoomType: 'Live', SeatTemplate: 'VideoLandscape4Seats', Owner_Account: 'host_ana',
        RoomName: 'Première', Category: [1, 2], IsPublicVisible: true, TakeSeatMode: 'ApplyToTake',
      },
    };
    const r = await x.call('create_room', args);
    expect(r.isError, r.text).toBeFalsy();
    expect(r.structured).toMatchObject({ RoomId: 'live_new', RequestId: expect.any(String) });
    expect(r.text).toMatch(/^Live room "live_new" was created with seat template "VideoLandscape4Seats"/);
    expect(x.sent('create_room').map((s) => s.body)).toEqual([args]);
    expect(await roomInfo(x, 'live_new')).toMatchObject({ RoomName: 'Première', Owner_Account: 'host_ana', Category: [1, 2], TakeSeatMode: 'ApplyToTake', MaxSeatCount: 4 });
    const seats = await x.call('get_seat_list', { RoomId: 'live_new' });
    expect(seats.structured!.SeatList).toHaveLength(4);
    const list = await x.call('get_room_list', {});
    expect((list.structured!.RoomList as Array<{ RoomId: string }>).map((r) => r.RoomId)).toEqual(['live_new']);
  });

  it('a voice template takes MaxSeatCount; the owner defaults to the administrator', async () => {
    const x = await start({ seed: 'empty' });
    const r = await x.call('create_room', { RoomInfo: { RoomId: 'voice_new', RoomType: 'Live', SeatTemplate: 'Karaoke', MaxSeatCount: 6 } });
    expect(r.isError, r.text).toBeFalsy();
    expect(await roomInfo(x, 'voice_new')).toMatchObject({ Owner_Account: 'administrator', MaxSeatCount: 6, IsSeatEnabled: true });
  });

  it('a taken RoomId is refused with Tencent\'s code: 100003, or 100010 for the same owner', async () => {
    const x = await start();
    const other = await x.call('create_room', { RoomInfo: { RoomId: MUSIC, RoomType: 'Live', SeatTemplate: 'AudioSalon', Owner_Account: 'someone_else' } });
    expect(other.isError).toBe(true);
    expect(other.text).toMatch(/100003/);
    expect(other.text).toMatch(/No room was created/);
    const same = await x.call('create_room', { RoomInfo: { RoomId: MUSIC, RoomType: 'Live', SeatTemplate: 'AudioSalon', Owner_Account: 'host_lena' } });
    expect(same.text).toMatch(/100010/);
    expect((await roomInfo(x, MUSIC)).RoomName).toBe('Friday Music Night');
  });

  it.each([
    ['no SeatTemplate (required by the newest doc)', { RoomId: 'r', RoomType: 'Live' }],
    ['an older-doc field (IsSeatEnabled)', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'AudioSalon', IsSeatEnabled: true }],
    ['an older-doc field (SeatLayoutTemplateId)', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'AudioSalon', SeatLayoutTemplateId: 600 }],
    ['MaxSeatCount with a video template', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'VideoDynamicGrid9Seats', MaxSeatCount: 4 }],
    ['a 49-byte RoomId', { RoomId: 'r'.repeat(49), RoomType: 'Live', SeatTemplate: 'AudioSalon' }],
    ['RoomType other than Live', { RoomId: 'r', RoomType: 'Conference', SeatTemplate: 'AudioSalon' }],
    ['an unknown template', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'Grid100' }],
    ['four categories', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'AudioSalon', Category: [1, 2, 3, 4] }],
    ['a 101-byte name', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'AudioSalon', RoomName: 'é'.repeat(50) + 'x' }],
  ])('refuses %s before sending anything', async (_name, RoomInfo) => {
    const x = await start({ seed: 'empty' });
    const r = await x.call('create_room', { RoomInfo });
    expect(r.isError).toBe(true);
    expect(x.sent('create_room')).toHaveLength(0);
  });

  it('refuses fields outside RoomInfo', async () => {
    const x = await start({ seed: 'empty' });
    const r = await x.call('create_room', { RoomId: 'r', RoomType: 'Live', SeatTemplate: 'AudioSalon' });
    expect(r.isError).toBe(true);
    expect(x.sent('create_room')).toHaveLength(0);
  });
});

describe('update_room_info', () => {
  it('changes only the fields sent, visible in get_room_info and get_room_list', async () => {
    // Hiding the room is destructive (argument-effects.ts): a human accepts.
    const x = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await x.call('update_room_info', { RoomInfo: { RoomId: 'live_cooking_show', IsPublicVisible: false, Notice: 'back at 8', MaxMemberCount: 50 } });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.text).toMatch(/^Room "live_cooking_show" updated: IsPublicVisible, MaxMemberCount, Notice\./);
    expect(await roomInfo(x, 'live_cooking_show')).toMatchObject({ IsPublicVisible: false, Notice: 'back at 8', MaxMemberCount: 50, RoomName: 'Noodles From Scratch' });
    const list = await x.call('get_room_list', {});
    expect((list.structured!.RoomList as Array<{ RoomId: string }>).map((r) => r.RoomId)).not.toContain('live_cooking_show');
  });

  it('an unknown room is 100004 and says nothing changed', async () => {
    const x = await start();
    const r = await x.call('update_room_info', { RoomInfo: { RoomId: 'nope', RoomName: 'x' } });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100004/);
    expect(r.text).toMatch(/The room was not changed/);
  });

  it.each([
    ['nothing to change', { RoomId: MUSIC }],
    ['an owner change (not an update field)', { RoomId: MUSIC, Owner_Account: 'x' }],
    ['a 101-byte notice', { RoomId: MUSIC, Notice: 'n'.repeat(101) }],
    ['an empty name', { RoomId: MUSIC, RoomName: '' }],
    ['capacity 0', { RoomId: MUSIC, MaxMemberCount: 0 }],
  ])('refuses %s before sending anything', async (_name, RoomInfo) => {
    const x = await start();
    const r = await x.call('update_room_info', { RoomInfo });
    expect(r.isError).toBe(true);
    expect(x.sent('update_room_info')).toHaveLength(0);
  });
});

describe('destroy_room', () => {
  it('accept: the form names the room, its name and owner; one request; the room is gone', async () => {
    const x = await start({ elicit: () => ACCEPT });
    const r = await x.call('destroy_room', { RoomId: MUSIC });
    expect(r.isError, r.text).toBeFalsy();
    expect(x.mcp.forms).toHaveLength(1);
    const form = x.mcp.forms[0]!.message;
    expect(form).toContain('"live_music_night"');
    expect(form).toContain('"Friday Music Night"');
    expect(form).toContain('"host_lena"');
    expect(form).toMatch(/cannot be undone/);
    expect(x.sent('destroy_room')).toHaveLength(1);
    expect(r.structured!.Statistic).toEqual({ TotalViewers: 12840, TotalGiftsSent: 57, TotalGiftCoins: 4210, TotalUniqueGiftSenders: 3, TotalLikesReceived: 980 });
    const after = await x.call('get_room_info', { RoomId: MUSIC });
    expect(after.text).toMatch(/100004/);
  });

  it.each([
    ['decline', { action: 'decline' } as const],
    ['cancel', { action: 'cancel' } as const],
    ['an unticked box', { action: 'accept', content: { confirm: false } } as const],
  ])('%s sends nothing and the room stays', async (_name, answer) => {
    const x = await start({ elicit: () => answer });
    const r = await x.call('destroy_room', { RoomId: MUSIC });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not performed: The room was not destroyed\./);
    expect(x.sent('destroy_room')).toHaveLength(0);
    expect((await roomInfo(x, MUSIC)).RoomName).toBe('Friday Music Night');
  });

  it('an unknown room fails on the pre-question read (100004): no form, nothing sent', async () => {
    const x = await start({ elicit: () => ACCEPT });
    const r = await x.call('destroy_room', { RoomId: 'nope' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100004/);
    expect(x.mcp.forms).toHaveLength(0);
    expect(x.sent('destroy_room')).toHaveLength(0);
  });

  it('refuses a room re-created under the same id while the human was deciding', async () => {
    const x = await start({ seed: 'empty', elicit: () => {
      // Between question and answer: the room goes and a new one takes its id a second later.
      const state = x.sandbox.state;
      state.removeRoom('live_a');
      state.addRoom({ RoomId: 'live_a', RoomName: 'Old name', Owner_Account: 'owner_a', CreateTime: 2_000_000_000 }, Date.now());
      return ACCEPT;
    } });
    await x.call('create_room', { RoomInfo: { RoomId: 'live_a', RoomType: 'Live', SeatTemplate: 'AudioSalon', RoomName: 'Old name', Owner_Account: 'owner_a' } });
    const r = await x.call('destroy_room', { RoomId: 'live_a' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/changed after the question was asked/);
    expect(x.sent('destroy_room')).toHaveLength(0);
  });

  it('a 49-byte RoomId is refused before any read or request', async () => {
    const x = await start({ elicit: () => ACCEPT });
    const r = await x.call('destroy_room', { RoomId: 'x'.repeat(49) });
    expect(r.isError).toBe(true);
    expect(x.sandbox.requests).toHaveLength(0);
  });
});

describe.each<Era>(['modern'])('rooms over the %s era', (era) => {
  it('create, update and destroy (confirmed in the same call)', async () => {
    const x = await start({ era, seed: 'empty', elicit: () => ACCEPT });
    expect((await x.call('create_room', { RoomInfo: { RoomId: 'live_m', RoomType: 'Live', SeatTemplate: 'VideoDynamicFloat7Seats' } })).isError).toBeFalsy();
    expect((await x.call('update_room_info', { RoomInfo: { RoomId: 'live_m', IsMessageDisabled: true } })).isError).toBeFalsy();
    expect(await roomInfo(x, 'live_m')).toMatchObject({ IsMessageDisabled: true, MaxSeatCount: 7 });
    const r = await x.call('destroy_room', { RoomId: 'live_m' });
    expect(r.isError, r.text).toBeFalsy();
    // forms[0] asked for the chat mute (destructive by its arguments), the last one for the dismissal.
    expect(x.mcp.forms.at(-1)!.message).toContain('"live_m"');
    expect(x.sent('destroy_room')).toHaveLength(1);
    expect(x.sandbox.state.rooms.has('live_m')).toBe(false);
  });

  it('declined destroy sends nothing', async () => {
    const x = await start({ era, elicit: () => ({ action: 'decline' }) });
    const r = await x.call('destroy_room', { RoomId: MUSIC });
    expect(r.isError).toBe(true);
    expect(x.sent('destroy_room')).toHaveLength(0);
    expect(x.sandbox.state.rooms.has(MUSIC)).toBe(true);
  });
});
