// openconfigsvr setnospeaking/getnospeaking (trtc.io/document/34923, 34924) and im_open_login_svc
// kick (trtc.io/document/34957): the app-wide mute of an account and the invalidation of its login.
//
// Where the pages are silent, and what the sandbox chose:
// - The private error tables were not captured. Invalid input is 100002 naming the field, as
//   elsewhere in the sandbox; an account that is not imported is 100002 too ("not imported").
// - A muted account's group messages fail with 10017 (the setnospeaking page); the sandbox applies
//   it to live-room messages sent in the account's name (send_text_msg, send_custom_msg; see
//   messages.ts). One-to-one messages are not emulated, so C2CmsgNospeakingTime is only stored.
// - getnospeaking answers the seconds left (0 when not muted, 0xFFFFFFFF when permanent).
// - kick counts invalidations; no session model exists to log out, so nothing else changes.
import { invalidParameter } from '../errors.js';
import { PERMANENT_MUTE, account, c2cMuteLeft, groupMuteLeft, isImported, muteUntil } from '../im/state.js';
import type { SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields } from './validate.js';

const q = JSON.stringify;

export function requireImported(state: SandboxState, id: string, field: string): void {
  if (!isImported(state, id)) throw invalidParameter(`${field} ${q(id)} is not an imported account`);
}

const setNoSpeaking: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const id = f.str('Set_Account');
  const group = f.optInt('GroupmsgNospeakingTime', { min: 0, max: PERMANENT_MUTE });
  const c2c = f.optInt('C2CmsgNospeakingTime', { min: 0, max: PERMANENT_MUTE });
  if (group === undefined && c2c === undefined) throw invalidParameter('give C2CmsgNospeakingTime, GroupmsgNospeakingTime or both');
  requireImported(state, id, 'Set_Account');
  const a = account(state, id);
  if (group !== undefined) a.groupMutedUntil = muteUntil(group, now);
  if (c2c !== undefined) a.c2cMutedUntil = muteUntil(c2c, now);
  return {};
};

const getNoSpeaking: Handler = ({ state, body, now }) => {
  const id = fields(body).str('Get_Account');
  requireImported(state, id, 'Get_Account');
  return { C2CmsgNospeakingTime: c2cMuteLeft(state, id, now), GroupmsgNospeakingTime: groupMuteLeft(state, id, now) };
};

const kick: Handler = ({ state, body }) => {
  const id = fields(body).str('UserID');
  requireImported(state, id, 'UserID');
  account(state, id).kicks += 1;
  return {};
};

export const enforcementHandlers = {
  setnospeaking: setNoSpeaking,
  getnospeaking: getNoSpeaking,
  kick: kick,
} satisfies HandlerMap;
