// What the sandbox keeps for the IM REST levers (app-wide mutes, login invalidation, imported
// accounts, profiles), beside the room state and keyed by it, so state.ts stays the room model.
// An account counts as imported when it was imported through account_import or appears in the
// seeded or created rooms (owners, members, robots): Tencent requires those to be imported
// accounts, so a room could not hold one that is not.
import { type SandboxState, unixSeconds } from '../state.js';

export interface ImAccountState {
  /** Unix seconds until which group (and live-room) messages are refused; absent = not muted. */
  groupMutedUntil?: number;
  c2cMutedUntil?: number;
  /** How many times the login was invalidated (kick); tests and simulations read it. */
  kicks: number;
  profile: Map<string, string | number>;
}

export interface ImState {
  accounts: Map<string, ImAccountState>;
}

/** 0xFFFFFFFF seconds: "permanent" on trtc.io/document/34923. */
export const PERMANENT_MUTE = 4294967295;

const byState = new WeakMap<SandboxState, ImState>();

export function imState(state: SandboxState): ImState {
  let im = byState.get(state);
  if (!im) {
    im = { accounts: new Map() };
    byState.set(state, im);
  }
  return im;
}

/** True when the account is imported, or known to the rooms (which only hold imported accounts). */
export function isImported(state: SandboxState, account: string): boolean {
  if (account === state.admin || imState(state).accounts.has(account)) return true;
  for (const room of state.rooms.values()) {
    if (room.info.Owner_Account === account || room.members.has(account) || room.robots.has(account)) return true;
  }
  for (const room of state.conferenceRooms.values()) {
    if (room.info.Owner_Account === account || room.members.has(account) || room.robots.has(account)) return true;
  }
  return false;
}

/** The account's record, created on first use (only for imported accounts; callers check). */
export function account(state: SandboxState, id: string): ImAccountState {
  const im = imState(state);
  let a = im.accounts.get(id);
  if (!a) {
    a = { kicks: 0, profile: new Map() };
    im.accounts.set(id, a);
  }
  return a;
}

/** Seconds of group mute left at `now` (ms): 0 when not muted, PERMANENT_MUTE when permanent. */
export function groupMuteLeft(state: SandboxState, id: string, now: number): number {
  return left(imState(state).accounts.get(id)?.groupMutedUntil, now);
}

export function c2cMuteLeft(state: SandboxState, id: string, now: number): number {
  return left(imState(state).accounts.get(id)?.c2cMutedUntil, now);
}

function left(until: number | undefined, now: number): number {
  if (until === undefined) return 0;
  if (until === Number.POSITIVE_INFINITY) return PERMANENT_MUTE;
  return Math.max(0, until - unixSeconds(now));
}

/** Sets a mute from `now`: 0 lifts it, PERMANENT_MUTE never expires. */
export function muteUntil(seconds: number, now: number): number | undefined {
  if (seconds === 0) return undefined;
  if (seconds === PERMANENT_MUTE) return Number.POSITIVE_INFINITY;
  return unixSeconds(now) + seconds;
}
