// Sandbox seat (room_engine_http_mic) and stream-mixing handlers: documented success and failure
// codes, and state changes visible to later reads.
import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src/catalog/endpoints.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { call, TestClock } from '../helpers/sandbox.js';

function setup() {
  const clock = new TestClock();
  const sb = createSandbox({ clock: clock.now, rateLimits: false });
  const c = (name: EndpointName, body: unknown) => call(sb, clock, name, body);
  const seats = (RoomId: string) => c('get_seat_list', { RoomId }).Response.SeatList as Array<Record<string, unknown>>;
  return { sb, clock, call: c, seats };
}

const MUSIC = 'live_music_night'; // 9 seats: 0 host_lena, 1 guest_omar, 2 guest_priya, 8 locked; audience viewer_*
const VOICE = 'voice_chat_lounge'; // AudioSalon, 8 seats: robot bot_greeter on 2, seat 7 locked
const NO_SEATS = 'live_announcements';

describe('get_seat_list', () => {
  it('lists every seat with occupant and vendor flag names', () => {
    const { seats } = setup();
    const list = seats(MUSIC);
    expect(list).toHaveLength(9);
    expect(list[0]).toEqual({ Index: 0, Member_Account: 'host_lena', IsTakenDisabled: false, IsVideoDisabled: false, IsAudioDisabled: false });
    expect(list[3]).toMatchObject({ Index: 3, Member_Account: '' });
    expect(list[8]).toMatchObject({ IsTakenDisabled: true });
    expect(seats(VOICE)[7]).toMatchObject({ IsTakenDisabled: true, IsAudioDisabled: true });
  });

  it('a room without seats lists none; unknown room 100004; conference rooms are served too', () => {
    const { call, seats } = setup();
    expect(seats(NO_SEATS)).toEqual([]);
    expect(call('get_seat_list', { RoomId: 'nope' }).ErrorCode).toBe(100004);
    expect(seats('conf_weekly_sync')).toHaveLength(6);
  });
});

describe('pick_user_on_seat', () => {
  it('seats an audience member, visible in get_seat_list', () => {
    const { call, seats } = setup();
    expect(call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 4 })).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    expect(seats(MUSIC)[4]).toMatchObject({ Member_Account: 'viewer_ada' });
  });

  it('robots count as members', () => {
    const { sb, call, seats } = setup();
    sb.state.requireRoom(VOICE).robots.add('bot_two');
    expect(call('pick_user_on_seat', { RoomId: VOICE, Member_Account: 'bot_two', Index: 5 }).ErrorCode).toBe(0);
    expect(seats(VOICE)[5]).toMatchObject({ Member_Account: 'bot_two' });
  });

  it('Index -1 takes the first free unlocked seat, and 100205 once all are taken or locked', () => {
    const { sb, call, seats } = setup();
    expect(call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: -1 }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[3]).toMatchObject({ Member_Account: 'viewer_ada' });
    const room = sb.state.requireRoom(MUSIC);
    for (const [i, who] of [[4, 'viewer_bo'], [5, 'viewer_cy'], [6, 'viewer_dee'], [7, 'viewer_eli']] as const) {
      expect(call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: who, Index: i }).ErrorCode).toBe(0);
    }
    sb.state.addMember(room, 'late_comer', 0);
    const full = call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'late_comer', Index: -1 });
    expect(full.ErrorCode).toBe(100205);
  });

  it.each([
    ['unknown room', { RoomId: 'nope', Member_Account: 'viewer_ada', Index: 3 }, 100004],
    ['not a member', { RoomId: MUSIC, Member_Account: 'stranger', Index: 3 }, 100005],
    ['banned user (not in the room)', { RoomId: MUSIC, Member_Account: 'spammer_x', Index: 3 }, 100005],
    ['room without seats', { RoomId: NO_SEATS, Member_Account: 'viewer_ada', Index: 0 }, 100211],
    ['Index past the last seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 9 }, 100002],
    ['Index below -1', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: -2 }, 100002],
    ['Index not an integer', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 1.5 }, 100002],
    ['Member_Account missing', { RoomId: MUSIC, Index: 3 }, 100002],
    ['locked seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 8 }, 100200],
    ['occupied seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Index: 1 }, 100210],
    ['user already seated', { RoomId: MUSIC, Member_Account: 'guest_omar', Index: 5 }, 100203],
  ])('%s → %i, nothing changes', (_name, body, code) => {
    const { call, seats } = setup();
    const before = seats(MUSIC);
    const res = call('pick_user_on_seat', body);
    expect(res).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
    expect(res.ErrorInfo).not.toBe('');
    expect(seats(MUSIC)).toEqual(before);
  });
});

describe('kick_user_off_seat', () => {
  it('frees the seat; the user stays in the room and can be seated again', () => {
    const { sb, call, seats } = setup();
    expect(call('kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'guest_omar', Data: 'thanks!' }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[1]).toMatchObject({ Member_Account: '' });
    expect(sb.state.requireRoom(MUSIC).members.has('guest_omar')).toBe(true);
    expect(call('pick_user_on_seat', { RoomId: MUSIC, Member_Account: 'guest_omar', Index: 5 }).ErrorCode).toBe(0);
  });

  it.each([
    ['unknown room', { RoomId: 'nope', Member_Account: 'guest_omar', Data: '' }, 100004],
    ['room without seats', { RoomId: NO_SEATS, Member_Account: 'viewer_ada', Data: '' }, 100211],
    ['member not on a seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Data: '' }, 100002],
    ['not in the room at all', { RoomId: MUSIC, Member_Account: 'stranger', Data: '' }, 100002],
    ['Data missing (documented mandatory)', { RoomId: MUSIC, Member_Account: 'guest_omar' }, 100002],
  ])('%s → %i', (_name, body, code) => {
    const { call, seats } = setup();
    const res = call('kick_user_off_seat', body);
    expect(res.ErrorCode).toBe(code);
    expect(seats(MUSIC)[1]).toMatchObject({ Member_Account: 'guest_omar' });
  });

  it('the ErrorInfo says whether the user is in the room', () => {
    const { call } = setup();
    expect(call('kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'viewer_ada', Data: '' }).ErrorInfo).toMatch(/not on any seat/);
    expect(call('kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'stranger', Data: '' }).ErrorInfo).toMatch(/not in the room/);
  });
});

describe('lock_seat, move_user_to_seat, switch_seat', () => {
  it('locking an occupied seat removes the occupant; unlocking reopens it', () => {
    const { call, seats } = setup();
    expect(call('lock_seat', { RoomId: MUSIC, Index: 2, ForbidTaken: true, ForbidAudio: true }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[2]).toEqual({ Index: 2, Member_Account: '', IsTakenDisabled: true, IsVideoDisabled: false, IsAudioDisabled: true });
    expect(call('lock_seat', { RoomId: MUSIC, Index: 2, ForbidTaken: false }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[2]).toMatchObject({ IsTakenDisabled: false, IsAudioDisabled: true });
    expect(call('lock_seat', { RoomId: MUSIC, Index: 9, ForbidTaken: true }).ErrorCode).toBe(100002);
    expect(call('lock_seat', { RoomId: NO_SEATS, Index: 0, ForbidTaken: true }).ErrorCode).toBe(100211);
  });

  it('move_user_to_seat: empty target, Policy 0 cancels, 1 forces, 2 swaps', () => {
    const { call, seats } = setup();
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 5, Member_Account: 'guest_omar', Policy: 0 }).ErrorCode).toBe(0);
    expect(seats(MUSIC).map((s) => s.Member_Account).slice(0, 6)).toEqual(['host_lena', '', 'guest_priya', '', '', 'guest_omar']);
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 2, Member_Account: 'guest_omar', Policy: 0 }).ErrorCode).toBe(100210);
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 2, Member_Account: 'guest_omar', Policy: 2 }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[2]).toMatchObject({ Member_Account: 'guest_omar' });
    expect(seats(MUSIC)[5]).toMatchObject({ Member_Account: 'guest_priya' });
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 0, Member_Account: 'guest_omar', Policy: 1 }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[0]).toMatchObject({ Member_Account: 'guest_omar' });
    expect(seats(MUSIC)[2]).toMatchObject({ Member_Account: '' });
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 8, Member_Account: 'guest_omar', Policy: 1 }).ErrorCode).toBe(100200);
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 3, Member_Account: 'viewer_ada', Policy: 0 }).ErrorCode).toBe(100002);
    expect(call('move_user_to_seat', { RoomId: MUSIC, SeatIndex: 3, Member_Account: 'guest_omar', Policy: 3 }).ErrorCode).toBe(100002);
  });

  it('switch_seat moves to empty seats only', () => {
    const { call, seats } = setup();
    expect(call('switch_seat', { RoomId: MUSIC, ToIndex: 6, Member_Account: 'guest_priya' }).ErrorCode).toBe(0);
    expect(seats(MUSIC)[6]).toMatchObject({ Member_Account: 'guest_priya' });
    expect(call('switch_seat', { RoomId: MUSIC, ToIndex: 0, Member_Account: 'guest_priya' }).ErrorCode).toBe(100210);
    expect(call('switch_seat', { RoomId: MUSIC, ToIndex: 8, Member_Account: 'guest_priya' }).ErrorCode).toBe(100200);
  });
});

describe('stream mixing', () => {
  it('resume_mcu_task restarts a stopped task', () => {
    const { sb, call } = setup();
    expect(sb.state.requireRoom('live_gaming_arena').mix.status).toBe('stopped');
    expect(call('resume_mcu_task', { RoomId: 'live_gaming_arena' }).ErrorCode).toBe(0);
    expect(sb.state.requireRoom('live_gaming_arena').mix.status).toBe('running');
  });

  it('resume_mcu_task: 100004 unknown room, 100006 room not set up for mixing, 100424 no task', () => {
    const { call } = setup();
    expect(call('resume_mcu_task', { RoomId: 'nope' }).ErrorCode).toBe(100004);
    expect(call('resume_mcu_task', { RoomId: 'live_cooking_show' }).ErrorCode).toBe(100006); // not IsUnlimitedRoomEnabled
    expect(call('resume_mcu_task', { RoomId: NO_SEATS }).ErrorCode).toBe(100006);
    expect(call('resume_mcu_task', { RoomId: 'conf_weekly_sync' }).ErrorCode).toBe(100006);
    call('create_room', { RoomInfo: { RoomId: 'mixable', RoomType: 'Live', IsUnlimitedRoomEnabled: true } });
    const res = call('resume_mcu_task', { RoomId: 'mixable' });
    expect(res.ErrorCode).toBe(100424);
    expect(call('resume_mcu_task', { RoomId: 'x'.repeat(49) }).ErrorCode).toBe(100002);
  });

  it('set_mix_stream starts a task (then resume works) and stores the layout', () => {
    const { sb, call } = setup();
    call('create_room', { RoomInfo: { RoomId: 'mixable', RoomType: 'Live', IsUnlimitedRoomEnabled: true } });
    expect(call('set_mix_stream', { RoomId: 'mixable', LayoutMode: 0, VideoEncode: { Width: 720, Height: 1280 } }).ErrorCode).toBe(0);
    expect(sb.state.requireRoom('mixable').mix).toMatchObject({ exists: true, status: 'running', LayoutMode: 0, VideoEncode: { Width: 720, Height: 1280 } });
    expect(call('resume_mcu_task', { RoomId: 'mixable' }).ErrorCode).toBe(0);
    const layout = { LayoutList: [{ LocationX: 0, LocationY: 0, ImageWidth: 360, ImageHeight: 640, Member_Account: 'guest_omar', StreamType: 0, ZOrder: 1 }], MaxUserLayout: { Member_Account: 'host_lena', StreamType: 0, ZOrder: 0 } };
    expect(call('set_mix_stream', { RoomId: MUSIC, LayoutMode: 1000, LayoutInfo: layout }).ErrorCode).toBe(0);
    expect(sb.state.requireRoom(MUSIC).mix.LayoutInfo).toEqual(layout);
  });

  it.each([
    ['LayoutMode outside 0 | 1000', { RoomId: MUSIC, LayoutMode: 5 }, 100002],
    ['custom layout without LayoutInfo', { RoomId: MUSIC, LayoutMode: 1000 }, 100002],
    ['custom layout with no window', { RoomId: MUSIC, LayoutMode: 1000, LayoutInfo: { LayoutList: [] } }, 100002],
    ['a window with a negative position', { RoomId: MUSIC, LayoutMode: 1000, LayoutInfo: { LayoutList: [{ LocationX: -1, Member_Account: 'host_lena' }] } }, 100002],
    ['mixing a user not on a seat', { RoomId: MUSIC, LayoutMode: 1000, LayoutInfo: { LayoutList: [{ Member_Account: 'viewer_ada' }] } }, 100428],
    ['a room without IsUnlimitedRoomEnabled', { RoomId: 'live_cooking_show', LayoutMode: 0 }, 100006],
    ['an unknown room', { RoomId: 'nope', LayoutMode: 0 }, 100004],
  ])('set_mix_stream with %s → %i', (_name, body, code) => {
    const { sb, call } = setup();
    const before = structuredClone(sb.state.requireRoom(MUSIC).mix);
    expect(call('set_mix_stream', body).ErrorCode).toBe(code);
    expect(sb.state.requireRoom(MUSIC).mix).toEqual(before);
  });

  it('a window placing a user of another room (PK) is not checked against this room', () => {
    const { call } = setup();
    const LayoutInfo = { LayoutList: [{ RoomId: 'live_cooking_show', Member_Account: 'chef_kai' }, { Member_Account: 'host_lena' }] };
    expect(call('set_mix_stream', { RoomId: MUSIC, LayoutMode: 1000, LayoutInfo }).ErrorCode).toBe(0);
  });
});
