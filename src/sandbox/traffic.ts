// Simulated room traffic for the sandbox: viewers join, chat (a share of it spam or abuse), take
// seats and leave, at a configurable rate, each step reported to the receiver as Tencent's
// callbacks would be. Deterministic given a random source, so tests can drive it step by step.
import type { LiveCallbacks } from './live-callbacks.js';
import type { LiveRoom, SandboxState } from './state.js';

export const TRAFFIC_ROOMS = ['live_music_night', 'live_cooking_show', 'voice_chat_lounge'];

const VIEWERS = Array.from({ length: 24 }, (_, i) => `viewer_${String(i + 1).padStart(3, '0')}`);
const TROUBLE = ['spam_bot_7', 'raider_x'];

const CHAT = [
  'hello everyone!', 'this song is great', 'greetings from Lisbon', 'how long have you been playing?',
  'can you do a request?', 'the sound is a bit low', 'first time here, love it', 'haha',
  'what mic is that?', 'see you next week',
];
const SPAM = ['FREE COINS at http://coins.example/claim', 'follow me for free coins!!!', 'cheap followers http://spam.example'];
const ABUSE = ['you are an idiot', 'this stream is trash, idiot host'];

/** Hold rules the sandbox starts with when the policy file sets none, so holds show at once. */
export const DEMO_HOLDS = { words: ['free coins', 'idiot'], patterns: ['https?://'] };

export interface TrafficOptions {
  /** Actions per second (default 1). */
  rate?: number;
  random?: () => number;
  clock?: () => number;
}

export class TrafficSimulator {
  private timer: NodeJS.Timeout | undefined;
  private readonly random: () => number;
  private readonly clock: () => number;
  readonly rate: number;
  private busy = false;

  constructor(private readonly state: SandboxState, private readonly callbacks: LiveCallbacks, opts: TrafficOptions = {}) {
    this.rate = opts.rate ?? 1;
    this.random = opts.random ?? Math.random;
    this.clock = opts.clock ?? Date.now;
  }

  start(): void {
    if (this.timer || this.rate <= 0) return;
    this.timer = setInterval(() => {
      // One step at a time: a slow receiver slows the simulation instead of piling up requests.
      if (this.busy) return;
      this.busy = true;
      void this.step().finally(() => { this.busy = false; });
    }, Math.max(10, Math.round(1000 / this.rate)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private pick<T>(list: readonly T[]): T { return list[Math.floor(this.random() * list.length)]!; }

  /** One simulated action in one room. */
  async step(): Promise<string> {
    const rooms = TRAFFIC_ROOMS.map((id) => this.state.rooms.get(id)).filter((r): r is LiveRoom => r !== undefined);
    if (rooms.length === 0) return 'idle';
    const room = this.pick(rooms);
    const now = this.clock();
    const roll = this.random();
    const audience = [...room.members.keys()].filter((a) => a !== room.info.Owner_Account);
    if (roll < 0.2 || audience.length < 3) {
      const who = this.pick([...VIEWERS, ...TROUBLE].filter((a) => !room.members.has(a) && !this.state.activeBan(room, a, now)));
      if (!who) return 'idle';
      this.state.addMember(room, who, Math.floor(now / 1000));
      this.callbacks.memberState(room.info.RoomId, [who], true, 'Enter');
      return `join ${who}`;
    }
    if (roll < 0.75) {
      const who = this.pick(audience);
      const trouble = TROUBLE.includes(who) || this.random() < 0.1;
      const text = trouble ? this.pick(this.random() < 0.6 ? SPAM : ABUSE) : this.pick(CHAT);
      const r = await this.callbacks.viewerSend(room, who, text);
      return `${r.delivered ? 'chat' : 'chat blocked'} ${who}`;
    }
    if (roll < 0.85 && room.info.IsSeatEnabled) {
      const free = room.seats.find((s) => !s.Member_Account && !s.IsLocked);
      const who = this.pick(audience.filter((a) => this.state.seatIndexOf(room, a) < 0));
      if (!free || !who) return 'idle';
      free.Member_Account = who;
      this.callbacks.seats(room, who);
      return `seat ${who}`;
    }
    const who = this.pick(audience);
    this.state.removeFromRoom(room, who);
    this.callbacks.memberState(room.info.RoomId, [who], false, 'Leave');
    return `leave ${who}`;
  }
}
