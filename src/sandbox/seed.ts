// Demo data: a small world worth looking at (--sandbox), and a fast bulk seeder for benchmarks.
// Every name here is invented; nothing resembles a real user.
import type { LiveRoom, SandboxState } from './state.js';

const HOUR = 3600;

function fill(state: SandboxState, room: LiveRoom, accounts: string[], now: number): void {
  for (const a of accounts) state.addMember(room, a, now);
}

function sit(room: LiveRoom, index: number, account: string): void {
  room.seats[index]!.Member_Account = account;
}

/**
 * Six live rooms (one hidden, one without seats, one with a running mix task, one with a stopped
 * one), a conference room, a gift catalogue and a running PK battle. RoomIds say what each is for.
 */
export function seedDemo(state: SandboxState, now: number): void {
  const t = Math.floor(now / 1000);

  const music = state.addRoom({
    RoomId: 'live_music_night', RoomName: 'Friday Music Night', Owner_Account: 'host_lena', ViewCount: 12840,
    Category: [1, 4], CoverURL: 'https://example.com/covers/music.png', Notice: 'Requests open at 9pm',
    IsUnlimitedRoomEnabled: true, CreateTime: t - 3 * HOUR,
  }, now);
  fill(state, music, ['host_lena', 'guest_omar', 'guest_priya', 'viewer_ada', 'viewer_bo', 'viewer_cy', 'viewer_dee', 'viewer_eli'], now);
  sit(music, 0, 'host_lena');
  sit(music, 1, 'guest_omar');
  sit(music, 2, 'guest_priya');
  music.seats[8]!.IsLocked = true;
  music.admins.add('mod_sam');
  music.bans.set('spammer_x', { until: t + 24 * HOUR, reason: 'link spam' });
  music.mutes.set('viewer_eli', t + 10 * 60);
  music.metadata.set('theme', 'jazz');
  music.metadata.set('pinned', 'Setlist in the room notice');
  music.mix = { exists: true, status: 'running', LayoutMode: 0, VideoEncode: { Width: 720, Height: 1280 }, updatedAt: now };
  music.stats.TotalGiftsSent = 57;
  music.stats.TotalGiftCoins = 4210;
  music.stats.giftSenders = new Set(['viewer_ada', 'viewer_bo', 'viewer_cy']);
  music.stats.TotalLikesReceived = 980;

  const cooking = state.addRoom({
    RoomId: 'live_cooking_show', RoomName: 'Noodles From Scratch', Owner_Account: 'chef_kai', ViewCount: 5320,
    Category: [2], TakeSeatMode: 'ApplyToTake', CreateTime: t - 2 * HOUR,
  }, now);
  fill(state, cooking, ['chef_kai', 'viewer_fay', 'viewer_gus', 'viewer_hal'], now);
  sit(cooking, 0, 'chef_kai');
  cooking.admins.add('viewer_fay');

  const voice = state.addRoom({
    RoomId: 'voice_chat_lounge', RoomName: 'Late Night Lounge', Owner_Account: 'dj_mira', ViewCount: 2210,
    SeatTemplate: 'AudioSalon', MaxSeatCount: 8, Category: [3], CreateTime: t - HOUR,
  }, now);
  fill(state, voice, ['dj_mira', 'talker_ivo', 'viewer_jun', 'viewer_kim'], now);
  voice.robots.add('bot_greeter');
  sit(voice, 0, 'dj_mira');
  sit(voice, 1, 'talker_ivo');
  sit(voice, 2, 'bot_greeter');
  voice.seats[7]!.IsLocked = true;
  voice.seats[7]!.IsAudioLocked = true;

  const gaming = state.addRoom({
    RoomId: 'live_gaming_arena', RoomName: 'Speedrun Practice', Owner_Account: 'gamer_zed', ViewCount: 980,
    SeatTemplate: 'VideoLandscape4Seats', IsUnlimitedRoomEnabled: true, Category: [5], CreateTime: t - 30 * 60,
  }, now);
  fill(state, gaming, ['gamer_zed', 'viewer_lou'], now);
  sit(gaming, 0, 'gamer_zed');
  // A mix task that stopped (e.g. the host's stream dropped): resume_mcu_task brings it back.
  gaming.mix = { exists: true, status: 'stopped', LayoutMode: 0, updatedAt: now - 60_000 };

  const hidden = state.addRoom({
    RoomId: 'live_private_rehearsal', RoomName: 'Rehearsal (unlisted)', Owner_Account: 'host_lena', ViewCount: 40,
    IsPublicVisible: false, CreateTime: t - 20 * 60,
  }, now);
  fill(state, hidden, ['host_lena'], now);
  sit(hidden, 0, 'host_lena');

  const talk = state.addRoom({
    RoomId: 'live_announcements', RoomName: 'Announcements', Owner_Account: 'admin_news', ViewCount: 150,
    IsSeatEnabled: false, IsMessageDisabled: true, CreateTime: t - 10 * 60,
  }, now);
  fill(state, talk, ['admin_news', 'viewer_ada'], now);

  const conf = state.addConferenceRoom({
    RoomId: 'conf_weekly_sync', RoomName: 'Weekly Sync', Owner_Account: 'lead_noa', IsSeatEnabled: true, MaxSeatCount: 6,
  }, now);
  for (const [a, role] of [['lead_noa', 'Member'], ['eng_oli', 'Admin'], ['eng_pat', 'Member']] as const) {
    conf.members.set(a, { joinTime: t - 600, nickname: a, NameCard: a, Role: role, Marks: [], CustomInfo: '' });
  }

  const rose = { GiftId: 'gift_rose', IconUrl: 'https://example.com/gifts/rose.png', ResourceUrl: '', Coins: 10, Level: 0, ExtensionInfo: '', DefaultName: 'Rose', DefaultDesc: 'A single rose' };
  const rocket = { GiftId: 'gift_rocket', IconUrl: 'https://example.com/gifts/rocket.png', ResourceUrl: 'https://example.com/gifts/rocket.svga', Coins: 500, Level: 3, ExtensionInfo: '{"fullscreen":true}', DefaultName: 'Rocket', DefaultDesc: 'Lift-off' };
  state.gifts.set(rose.GiftId, { ...rose, languages: new Map([['zh-Hans', { Name: '玫瑰', Desc: '一朵玫瑰' }]]) });
  state.gifts.set(rocket.GiftId, { ...rocket, languages: new Map() });
  state.giftCategories.set('cat_popular', {
    CategoryId: 'cat_popular', DefaultName: 'Popular', DefaultDesc: 'Most sent', ExtensionInfo: '',
    giftIds: new Set(['gift_rose', 'gift_rocket']), languages: new Map([['en', { CategoryName: 'Popular', CategoryDesc: 'Most sent' }]]),
  });

  state.battles.set('battle_demo_1', {
    BattleId: 'battle_demo_1', FromRoomId: 'live_music_night', ToRoomIdList: ['live_cooking_show'],
    Duration: 300_000, StartTime: t - 60, EndTime: t + 240, ExtensionInfo: '',
    scores: new Map([['live_music_night', 120], ['live_cooking_show', 95]]),
  });
}

export interface SeedRoomsOptions {
  /** RoomId prefix; rooms are `${prefix}${i}` with i zero-padded. Default 'room_'. */
  prefix?: string;
  /** Every k-th room (k, 2k, …) is not publicly visible. Default: all visible. */
  hiddenEvery?: number;
}

/**
 * n live rooms, fast (10,000 in well under a second): 9 empty seats each, no members, and
 * deterministic, deliberately colliding ViewCounts so pagination tie-breaks get exercised.
 */
export function seedRooms(state: SandboxState, n: number, now: number, opts: SeedRoomsOptions = {}): void {
  const prefix = opts.prefix ?? 'room_';
  const width = String(Math.max(n - 1, 0)).length;
  for (let i = 0; i < n; i++) {
    state.addRoom({
      RoomId: `${prefix}${String(i).padStart(width, '0')}`,
      Owner_Account: `owner_${i % 97}`,
      ViewCount: (i * 7919) % Math.max(Math.ceil(n / 3), 1),
      IsPublicVisible: !(opts.hiddenEvery && (i + 1) % opts.hiddenEvery === 0),
    }, now);
  }
}
