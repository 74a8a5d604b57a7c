// The sandbox's whole world: plain data that handlers read and change. Field names inside the
// `info` objects are Tencent's own (RoomId, Owner_Account, …) so a handler can answer with a copy;
// the per-room collections (members, seats, bans, …) are Maps and Sets, rendered by handlers.
// Times follow the vendor: unix SECONDS in anything the API returns (CreateTime, BannedUntil,
// MutedUntil, StartTime), milliseconds only where the vendor uses them (battle Duration) and in
// sandbox-internal bookkeeping (`at`, `updatedAt`).
import { CODES, SandboxError } from './errors.js';

export type TakeSeatMode = 'FreeToTake' | 'ApplyToTake';

/** Vendor-shaped profile of a live room, as get_room_info returns it. */
export interface RoomInfo {
  RoomId: string;
  RoomName: string;
  RoomType: 'Live';
  Owner_Account: string;
  CoverURL: string;
  BackgroundURL: string;
  Notice: string;
  Category: number[];
  ActivityStatus: number;
  /** Unix seconds. */
  CreateTime: number;
  IsPublicVisible: boolean;
  IsMessageDisabled: boolean;
  IsUnlimitedRoomEnabled: boolean;
  IsSeatEnabled: boolean;
  KeepOwnerOnSeat: boolean;
  TakeSeatMode: TakeSeatMode;
  MaxSeatCount: number;
  MaxMemberCount: number;
  /** Cumulative room entries; get_room_list sorts on it. */
  ViewCount: number;
  SeatTemplate: string;
}

export interface Seat {
  /** 0-based, as in the TUILiveKit SDKs (the host usually sits on 0). */
  Index: number;
  /** '' when the seat is free. */
  Member_Account: string;
  /** Vendor: IsTakenDisabled. */
  IsLocked: boolean;
  /** Vendor: IsAudioDisabled. */
  IsAudioLocked: boolean;
  /** Vendor: IsVideoDisabled. */
  IsVideoLocked: boolean;
}

export interface Member {
  /** Unix seconds. */
  joinTime: number;
  nickname: string;
}

export interface Ban {
  /** Unix seconds. */
  until: number;
  reason: string;
}

export interface MixTask {
  /** False until set_mix_stream (or the seed) starts one; resume_mcu_task then answers 100424. */
  exists: boolean;
  status: 'running' | 'stopped';
  /** 0 = grid, 1000 = custom (set_mix_stream). */
  LayoutMode: number;
  VideoEncode?: { Width?: number; Height?: number };
  LayoutInfo?: Record<string, unknown>;
  /** Milliseconds. */
  updatedAt: number;
}

export interface RoomStats {
  TotalGiftsSent: number;
  TotalGiftCoins: number;
  giftSenders: Set<string>;
  TotalLikesReceived: number;
  TotalMsgCount: number;
}

export interface RoomMessage {
  kind: 'text' | 'custom' | 'gift';
  Sender_Account: string;
  payload: Record<string, unknown>;
  /** Milliseconds. */
  at: number;
}

export interface LiveRoom {
  kind: 'live';
  info: RoomInfo;
  /** Everyone in the room (audience and hosts). Robots are kept apart in `robots`. */
  members: Map<string, Member>;
  seats: Seat[];
  admins: Set<string>;
  bans: Map<string, Ban>;
  /** account → muted until (unix seconds). */
  mutes: Map<string, number>;
  /** Insertion-ordered, as get_room_metadata lists it. */
  metadata: Map<string, string>;
  robots: Set<string>;
  mix: MixTask;
  stats: RoomStats;
  /** The last MESSAGE_LOG_CAP messages sent into the room, oldest first (for tests and demos). */
  messages: RoomMessage[];
}

export interface ConferenceRoomInfo {
  RoomId: string;
  RoomName: string;
  RoomType: 'Conference';
  Owner_Account: string;
  MaxMemberCount: number;
  MaxSeatCount: number;
  IsVideoDisabled: boolean;
  IsAudioDisabled: boolean;
  IsMessageDisabled: boolean;
  IsScreenSharingDisabled: boolean;
  IsCloudRecordingDisabled: boolean;
  CustomInfo: string;
  ScheduleStartTime: number;
  ScheduleEndTime: number;
  IsSeatEnabled: boolean;
  TakeSeatMode: 'None' | TakeSeatMode;
  CreateTime: number;
  /** cloud.tencent.com/document/product/1690/102878 and 102880; absent until set. */
  IsPasswordEnabled?: boolean;
  Password?: string;
}

export interface ConferenceMember extends Member {
  NameCard: string;
  /** The owner's role is derived from info.Owner_Account, never stored. */
  Role: 'Admin' | 'Member';
  Marks: number[];
  CustomInfo: string;
}

export interface ConferenceRoom {
  kind: 'conference';
  info: ConferenceRoomInfo;
  members: Map<string, ConferenceMember>;
  seats: Seat[];
  bans: Map<string, Ban>;
  robots: Set<string>;
  invitees: string[];
}

/** Either kind of room: room_engine_http_mic (seats) serves both. */
export type SeatRoom = LiveRoom | ConferenceRoom;

export interface Gift {
  GiftId: string;
  IconUrl: string;
  ResourceUrl: string;
  Coins: number;
  Level: number;
  ExtensionInfo: string;
  DefaultName: string;
  DefaultDesc: string;
  languages: Map<string, { Name: string; Desc: string }>;
}

export interface GiftCategory {
  CategoryId: string;
  DefaultName: string;
  DefaultDesc: string;
  ExtensionInfo: string;
  giftIds: Set<string>;
  languages: Map<string, { CategoryName: string; CategoryDesc: string }>;
}

export interface Battle {
  BattleId: string;
  FromRoomId: string;
  ToRoomIdList: string[];
  /** Milliseconds, as create_battle takes it. */
  Duration: number;
  /** Unix seconds. */
  StartTime: number;
  EndTime: number;
  ExtensionInfo: string;
  scores: Map<string, number>;
}

/** Gift-config languages the reference lists (en, zh-Hans, zh-Hant). */
export const GIFT_LANGUAGES = ['en', 'zh-Hans', 'zh-Hant'] as const;

/**
 * Seat count per layout template (names from the SDKs; the doc's enum table was not captured).
 * `null`: a voice template whose seat count comes from MaxSeatCount.
 */
export const SEAT_TEMPLATES: Record<string, number | null> = {
  VideoDynamicGrid9Seats: 9,
  VideoDynamicFloat7Seats: 7,
  VideoFixedGrid9Seats: 9,
  VideoFixedFloat7Seats: 7,
  VideoLandscape4Seats: 4,
  AudioSalon: null,
  Karaoke: null,
};

/** SeatLayoutTemplateId (Jan-2026 create_room doc) → template name, per the SDK mapping. */
export const SEAT_LAYOUT_TEMPLATE_IDS: Record<number, string> = {
  600: 'VideoDynamicGrid9Seats',
  601: 'VideoDynamicFloat7Seats',
  800: 'VideoFixedGrid9Seats',
  801: 'VideoFixedFloat7Seats',
  200: 'VideoLandscape4Seats',
};

export const DEFAULT_SEAT_TEMPLATE = 'VideoDynamicGrid9Seats';
/** Voice rooms without MaxSeatCount. Not documented; 10 is a common voice-room size. */
export const DEFAULT_VOICE_SEATS = 10;
/** "Capped by the purchased package": the sandbox plays a package allowing 20 seats. */
export const MAX_SEATS = 20;
/** "Defaults to the package ceiling": the sandbox plays a package allowing 1000 members. */
export const DEFAULT_MAX_MEMBERS = 1000;
export const MESSAGE_LOG_CAP = 200;

export type RoomInit = Partial<Omit<RoomInfo, 'RoomId' | 'RoomType'>> & { RoomId: string };
export type ConferenceRoomInit = Partial<Omit<ConferenceRoomInfo, 'RoomId' | 'RoomType'>> & { RoomId: string };

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function makeSeats(count: number): Seat[] {
  return Array.from({ length: count }, (_, Index) => ({
    Index, Member_Account: '', IsLocked: false, IsAudioLocked: false, IsVideoLocked: false,
  }));
}

/**
 * How many seats a live room gets. Seats are on unless IsSeatEnabled is explicitly false: the
 * newest create_room doc makes SeatTemplate required and seats implicit, while older versions had
 * IsSeatEnabled default false; clients written against the newest doc must get seats.
 */
export function liveSeatCount(template: string, maxSeatCount: number | undefined, seatEnabled: boolean): number {
  if (!seatEnabled) return 0;
  const fixed = SEAT_TEMPLATES[template];
  if (fixed !== undefined && fixed !== null) return fixed;
  return Math.min(maxSeatCount ?? DEFAULT_VOICE_SEATS, MAX_SEATS);
}

export class SandboxState {
  /** The app administrator; the default Owner_Account of rooms created without one. */
  readonly admin: string;
  readonly rooms = new Map<string, LiveRoom>();
  readonly conferenceRooms = new Map<string, ConferenceRoom>();
  readonly gifts = new Map<string, Gift>();
  readonly giftCategories = new Map<string, GiftCategory>();
  readonly battles = new Map<string, Battle>();
  /**
   * RoomId → unix second of its last creation through create_room (seeds do not count), for the
   * rule "the same RoomId can be created at most once per second" (100012).
   */
  readonly lastCreated = new Map<string, number>();
  private idSeq = 0;

  constructor(opts: { admin?: string } = {}) {
    this.admin = opts.admin ?? 'administrator';
  }

  /** Adds a live room without validation (handlers validate first; seeds trust themselves). */
  addRoom(input: RoomInit, now: number): LiveRoom {
    const init = definedOnly(input);
    const SeatTemplate = init.SeatTemplate ?? DEFAULT_SEAT_TEMPLATE;
    const IsSeatEnabled = init.IsSeatEnabled ?? true;
    const seatCount = liveSeatCount(SeatTemplate, init.MaxSeatCount, IsSeatEnabled);
    const info: RoomInfo = {
      RoomName: init.RoomId,
      Owner_Account: this.admin,
      CoverURL: '',
      BackgroundURL: '',
      Notice: '',
      ActivityStatus: 0,
      CreateTime: unixSeconds(now),
      IsPublicVisible: true,
      IsMessageDisabled: false,
      IsUnlimitedRoomEnabled: false,
      KeepOwnerOnSeat: false,
      TakeSeatMode: 'FreeToTake',
      MaxMemberCount: DEFAULT_MAX_MEMBERS,
      ViewCount: 0,
      ...init,
      Category: [...(init.Category ?? [])],
      RoomType: 'Live',
      SeatTemplate,
      IsSeatEnabled: seatCount > 0,
      MaxSeatCount: seatCount,
    };
    const room: LiveRoom = {
      kind: 'live',
      info,
      members: new Map(),
      seats: makeSeats(seatCount),
      admins: new Set(),
      bans: new Map(),
      mutes: new Map(),
      metadata: new Map(),
      robots: new Set(),
      mix: { exists: false, status: 'stopped', LayoutMode: 0, updatedAt: now },
      stats: { TotalGiftsSent: 0, TotalGiftCoins: 0, giftSenders: new Set(), TotalLikesReceived: 0, TotalMsgCount: 0 },
      messages: [],
    };
    this.rooms.set(info.RoomId, room);
    return room;
  }

  addConferenceRoom(input: ConferenceRoomInit, now: number): ConferenceRoom {
    const init = definedOnly(input);
    const IsSeatEnabled = init.IsSeatEnabled ?? false;
    const seatCount = IsSeatEnabled ? Math.min(init.MaxSeatCount ?? DEFAULT_VOICE_SEATS, MAX_SEATS) : 0;
    const info: ConferenceRoomInfo = {
      RoomName: init.RoomId,
      Owner_Account: this.admin,
      MaxMemberCount: DEFAULT_MAX_MEMBERS,
      IsVideoDisabled: false,
      IsAudioDisabled: false,
      IsMessageDisabled: false,
      IsScreenSharingDisabled: false,
      IsCloudRecordingDisabled: false,
      CustomInfo: '',
      ScheduleStartTime: 0,
      ScheduleEndTime: 0,
      TakeSeatMode: IsSeatEnabled ? 'FreeToTake' : 'None',
      CreateTime: unixSeconds(now),
      ...init,
      RoomType: 'Conference',
      IsSeatEnabled,
      MaxSeatCount: seatCount,
    };
    const room: ConferenceRoom = {
      kind: 'conference', info, members: new Map(), seats: makeSeats(seatCount), bans: new Map(), robots: new Set(), invitees: [],
    };
    this.conferenceRooms.set(info.RoomId, room);
    return room;
  }

  /** Live and conference rooms are both IM groups underneath, so they share one id space. */
  hasRoomId(roomId: string): boolean {
    return this.rooms.has(roomId) || this.conferenceRooms.has(roomId);
  }

  requireRoom(roomId: string): LiveRoom {
    const room = this.rooms.get(roomId);
    if (!room) throw roomNotFound(roomId, 'live room');
    return room;
  }

  requireConferenceRoom(roomId: string): ConferenceRoom {
    const room = this.conferenceRooms.get(roomId);
    if (!room) throw roomNotFound(roomId, 'conference room');
    return room;
  }

  /** For room_engine_http_mic, which serves live and conference rooms alike. */
  requireSeatRoom(roomId: string): SeatRoom {
    const room = this.rooms.get(roomId) ?? this.conferenceRooms.get(roomId);
    if (!room) throw roomNotFound(roomId, 'room');
    return room;
  }

  removeRoom(roomId: string): boolean {
    return this.rooms.delete(roomId) || this.conferenceRooms.delete(roomId);
  }

  /** Robots count as members: the reference puts them on seats with pick_user_on_seat. */
  isMember(room: SeatRoom, account: string): boolean {
    return room.members.has(account) || room.robots.has(account);
  }

  /** The seat index `account` sits on, or -1. */
  seatIndexOf(room: SeatRoom, account: string): number {
    return room.seats.findIndex((s) => s.Member_Account === account);
  }

  addMember(room: LiveRoom, account: string, now: number, nickname = account): Member {
    const member: Member = { joinTime: unixSeconds(now), nickname };
    room.members.set(account, member);
    return member;
  }

  /** Takes `account` out of the room entirely (ban, kick): off any seat, out of members and robots. */
  removeFromRoom(room: SeatRoom, account: string): void {
    const i = this.seatIndexOf(room, account);
    if (i >= 0) room.seats[i]!.Member_Account = '';
    room.members.delete(account);
    room.robots.delete(account);
  }

  /** The ban on `account` still in force at `now` (ms), if any; an expired one is dropped. */
  activeBan(room: LiveRoom | ConferenceRoom, account: string, now: number): Ban | undefined {
    const ban = room.bans.get(account);
    if (ban && ban.until <= unixSeconds(now)) {
      room.bans.delete(account);
      return undefined;
    }
    return ban;
  }

  /** Muted-until (unix seconds) of `account` if a mute is in force at `now` (ms); an expired one is dropped. */
  activeMute(room: LiveRoom, account: string, now: number): number | undefined {
    const until = room.mutes.get(account);
    if (until !== undefined && until <= unixSeconds(now)) {
      room.mutes.delete(account);
      return undefined;
    }
    return until;
  }

  recordMessage(room: LiveRoom, msg: RoomMessage): void {
    room.messages.push(msg);
    if (room.messages.length > MESSAGE_LOG_CAP) room.messages.splice(0, room.messages.length - MESSAGE_LOG_CAP);
    room.stats.TotalMsgCount += 1;
  }

  /** Unique ids for things the sandbox mints (battles). */
  nextId(prefix: string): string {
    this.idSeq += 1;
    return `${prefix}_${this.idSeq.toString().padStart(6, '0')}`;
  }
}

/** Drops keys whose value is undefined, so an absent optional field never hides a default. */
function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function roomNotFound(roomId: string, what: string): SandboxError {
  return new SandboxError(CODES.ROOM_NOT_FOUND, `${what} ${JSON.stringify(roomId)} does not exist (never created or already dismissed)`);
}
