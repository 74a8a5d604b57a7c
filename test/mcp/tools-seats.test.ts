// Seat tools end to end: a real MCP client, the policy layer and the sandbox over loopback HTTP.
// lock_seat and move_user_to_seat can remove someone, so they ask a human; switch_seat cannot.
import { describe, expect, it } from 'vitest';
import type { ElicitAnswer } from '../helpers/mcp.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';

const MUSIC = 'live_music_night'; // 9 seats: 0 host_lena, 1 guest_omar, 2 guest_priya, 8 locked
const NO_SEATS = 'live_announcements';
const accept: ElicitAnswer = { action: 'accept', content: { confirm: true } };

let h: Harness | undefined;
const startPerTest = harnessPerTest();

async function seats(roomId = MUSIC) {
  const r = await h!.call('get_seat_list', { RoomId: roomId });
  expect(r.isError).toBeFalsy();
  return r.structured!.SeatList as Array<{ Index: number; Member_Account?: string; IsTakenDisabled?: boolean; IsAudioDisabled?: boolean }>;
}
const occupants = async () => (await seats()).map((s) => s.Member_Account ?? '');

describe('lock_seat', () => {
  it('accepted: the form names the seat and who sits there; the occupant is removed and the seat locked', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('lock_seat', { RoomId: MUSIC, Index: 2, ForbidTaken: true, ForbidAudio: true });
    expect(r.isError).toBeFalsy();
    expect(r.text).toMatch(/^Seat 2 of room "live_music_night": locked, audio forbidden\./);
    const form = h.mcp.forms[0]!.message;
    expect(form).toContain('"live_music_night"');
    expect(form).toMatch(/Seat index\s+: "2"/);
    expect(form).toMatch(/Now on seat 2\s+: "guest_priya"/);
    expect(form).toMatch(/occupant is removed/);
    expect(h.sent('lock_seat').map((x) => x.body)).toEqual([{ RoomId: MUSIC, Index: 2, ForbidTaken: true, ForbidAudio: true }]);
    expect((await seats())[2]).toMatchObject({ Member_Account: '', IsTakenDisabled: true, IsAudioDisabled: true });
    // The user went back to the audience, not out of the room: they can be seated again elsewhere.
    expect((await h.call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'guest_priya', Index: 4 })).isError).toBeFalsy();
  });

  it('declined: nothing is sent and the occupant stays', async () => {
    h = await startPerTest({ elicit: () => ({ action: 'decline' }) });
    const r = await h.call('lock_seat', { RoomId: MUSIC, Index: 1, ForbidTaken: true });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not performed: The seat was not locked or changed/);
    expect(h.sent('lock_seat')).toHaveLength(0);
    expect((await seats())[1]).toMatchObject({ Member_Account: 'guest_omar', IsTakenDisabled: false });
  });

  it('someone else sits down while the human decides: nothing is sent', async () => {
    h = await startPerTest({
      elicit: () => {
        h!.sandbox.state.requireRoom(MUSIC).seats[3]!.Member_Account = 'viewer_ada';
        return accept;
      },
    });
    const r = await h.call('lock_seat', { RoomId: MUSIC, Index: 3, ForbidTaken: true });
    expect(r.isError).toBe(true);
    expect(h.mcp.forms[0]!.message).toMatch(/Now on seat 3\s+: "\(empty\)"/);
    expect(r.text).toMatch(/changed after the question was asked/);
    expect(h.sent('lock_seat')).toHaveLength(0);
  });

  it('an unknown room fails with 100004 before anyone is asked', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('lock_seat', { RoomId: 'no_such_room', Index: 0, ForbidTaken: true });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100004/);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sent('lock_seat')).toHaveLength(0);
  });

  it('a room without seats answers 100211 after consent', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('lock_seat', { RoomId: NO_SEATS, Index: 0, ForbidVideo: true });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100211/);
    expect(r.text).toMatch(/no one was removed/);
  });

  it.each([
    ['no flag at all', { RoomId: MUSIC, Index: 2 }],
    ['a negative Index', { RoomId: MUSIC, Index: -1, ForbidTaken: true }],
    ['a 49-byte RoomId', { RoomId: 'r'.repeat(49), Index: 0, ForbidTaken: true }],
    ['an unknown key', { RoomId: MUSIC, Index: 2, ForbidTaken: true, Lock: true }],
    ['a string flag', { RoomId: MUSIC, Index: 2, ForbidTaken: 'yes' }],
  ])('refuses %s without asking or sending', async (_name, args) => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('lock_seat', args);
    expect(r.isError).toBe(true);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sent('lock_seat')).toHaveLength(0);
    expect(h.sent('get_seat_list')).toHaveLength(0);
  });
});

describe('move_user_to_seat', () => {
  it('Policy 1 force-moves: the form spells out the Policy and the occupant; the occupant goes to the audience', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 2, Member_Account: 'guest_omar', Policy: 1 });
    expect(r.isError).toBeFalsy();
    const form = h.mcp.forms[0]!.message;
    expect(form).toMatch(/If occupied \(Policy\)\s+: "1: force move: whoever sits on the target seat is sent back to the audience"/);
    expect(form).toMatch(/"guest_omar" is now on\s+: "seat 1"/);
    expect(form).toMatch(/Now on seat 2\s+: "guest_priya"/);
    expect((await occupants()).slice(0, 4)).toEqual(['host_lena', '', 'guest_omar', '']);
    expect(h.sandbox.state.requireRoom(MUSIC).members.has('guest_priya')).toBe(true);
  });

  it('Policy 0 onto an occupied seat is cancelled by Tencent (100210) and nothing moves', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 0, Member_Account: 'guest_omar', Policy: 0 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/100210/);
    expect(r.text).toMatch(/No one was moved/);
    expect((await occupants()).slice(0, 3)).toEqual(['host_lena', 'guest_omar', 'guest_priya']);
  });

  it('declined: nothing is sent', async () => {
    h = await startPerTest({ elicit: () => ({ action: 'decline' }) });
    const r = await h.call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 2, Member_Account: 'guest_omar', Policy: 1 });
    expect(r.isError).toBe(true);
    expect(h.sent('move_user_to_seat')).toHaveLength(0);
    expect((await occupants()).slice(0, 3)).toEqual(['host_lena', 'guest_omar', 'guest_priya']);
  });

  it.each([
    ['Policy 3', { RoomId: MUSIC, SeatIndex: 2, Member_Account: 'guest_omar', Policy: 3 }],
    ['no Policy', { RoomId: MUSIC, SeatIndex: 2, Member_Account: 'guest_omar' }],
    ['the old field name ToIndex', { RoomId: MUSIC, ToIndex: 2, Member_Account: 'guest_omar', Policy: 0 }],
  ])('refuses %s without asking or sending', async (_name, args) => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('move_user_to_seat', args);
    expect(r.isError).toBe(true);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sent('move_user_to_seat')).toHaveLength(0);
  });
});

describe('switch_seat (older API)', () => {
  it('moves to an empty seat without asking anyone', async () => {
    h = await startPerTest({ elicit: () => accept });
    const r = await h.call('switch_seat', { RoomId: MUSIC, ToIndex: 6, Member_Account: 'guest_priya' });
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(0);
    expect((await occupants())[6]).toBe('guest_priya');
    expect((await occupants())[2]).toBe('');
  });

  it('never removes anyone: an occupied target answers 100210, a locked one 100200', async () => {
    h = await startPerTest();
    expect((await h.call('switch_seat', { RoomId: MUSIC, ToIndex: 0, Member_Account: 'guest_priya' })).text).toMatch(/100210/);
    expect((await h.call('switch_seat', { RoomId: MUSIC, ToIndex: 8, Member_Account: 'guest_priya' })).text).toMatch(/100200/);
    expect((await occupants()).slice(0, 3)).toEqual(['host_lena', 'guest_omar', 'guest_priya']);
  });

  it('invalid input sends nothing', async () => {
    h = await startPerTest();
    expect((await h.call('switch_seat', { RoomId: 'é'.repeat(25), ToIndex: 3, Member_Account: 'guest_priya' })).isError).toBe(true);
    expect((await h.call('switch_seat', { RoomId: MUSIC, SeatIndex: 3, Member_Account: 'guest_priya' })).isError).toBe(true);
    expect(h.sent('switch_seat')).toHaveLength(0);
  });

  it('is listed as a write that points to move_user_to_seat; lock and move are destructive', async () => {
    h = await startPerTest();
    const { tools } = await h.mcp.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.switch_seat!.description).toMatch(/Older API/);
    expect(byName.switch_seat!.description).toMatch(/Prefer move_user_to_seat/);
    expect(byName.switch_seat!.annotations).toMatchObject({ destructiveHint: false, readOnlyHint: false });
    expect(byName.lock_seat!.annotations).toMatchObject({ destructiveHint: true });
    expect(byName.move_user_to_seat!.annotations).toMatchObject({ destructiveHint: true, idempotentHint: false });
    expect(JSON.stringify(byName.move_user_to_seat!.inputSchema)).toMatch(/"enum":\[0,1,2\]/);
  });
});

describe('modern era (2026-07-28)', () => {
  it('move_user_to_seat Policy 2 swaps after consent', async () => {
    h = await startPerTest({ era: 'modern', elicit: () => accept });
    const r = await h.call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 0, Member_Account: 'guest_priya', Policy: 2 });
    expect(r.isError).toBeFalsy();
    expect(h.mcp.forms).toHaveLength(1);
    expect((await occupants()).slice(0, 3)).toEqual(['guest_priya', 'guest_omar', 'host_lena']);
    expect(h.sent('move_user_to_seat')).toHaveLength(1);
  });

  it('lock_seat declined sends nothing', async () => {
    h = await startPerTest({ era: 'modern', elicit: () => ({ action: 'decline' }) });
    expect((await h.call('lock_seat', { RoomId: MUSIC, Index: 0, ForbidTaken: true })).isError).toBe(true);
    expect(h.sent('lock_seat')).toHaveLength(0);
  });
});
