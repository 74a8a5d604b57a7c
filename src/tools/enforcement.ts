// Account enforcement through the IM REST API (same host and UserSig as the live-room API): the
// app-wide mute of an account (openconfigsvr) and the invalidation of its login (im_open_login_svc).
// A live-room mute (mute_member) holds in one room; these hold in every room and chat of the app.
// Pages: trtc.io/document/34923 (setnospeaking), 34924 (getnospeaking), 34957 (kick).
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import type { LiveClient } from '../client/types.js';
import { defineTool } from './types.js';
import { RequestId, UserId } from './fields.js';
import { humanDuration } from './format.js';

const q = JSON.stringify;

/** 0xFFFFFFFF: "permanent" on trtc.io/document/34923; also the documented maximum. */
export const PERMANENT = 4294967295;

/** Seconds, 0 to 0xFFFFFFFF (trtc.io/document/34923); 0 lifts the mute, 0xFFFFFFFF is permanent. */
const muteSeconds = (what: string) =>
  z.number().int().min(0).max(PERMANENT)
    .describe(`Seconds ${what} stays muted from now: 0 lifts the mute, 4294967295 (0xFFFFFFFF) mutes for good (0 to 4294967295, trtc.io/document/34923).`);

function muteLabel(seconds: number | undefined): string {
  if (seconds === undefined) return '(unchanged)';
  if (seconds === 0) return '0 (mute lifted)';
  if (seconds === PERMANENT) return `${PERMANENT} (permanent)`;
  return humanDuration(seconds);
}

/**
 * The account's current app-wide mute, read just before the form asks and again after consent. Only
 * the kind of mute is shown, not the seconds left: those tick down while the human decides, and the
 * re-check would refuse a call whose target did not really change.
 */
async function currentMute(client: LiveClient, account: string): Promise<Record<string, string>> {
  const { body } = await client.call(ENDPOINTS.getnospeaking, { Get_Account: account }, { idempotent: true });
  const show = (v: unknown) => {
    if (typeof v !== 'number') return '(unknown)';
    if (v === 0) return 'not muted';
    return v === PERMANENT ? 'muted for good' : 'muted for a while';
  };
  return { 'Group chat mute now': show(body.GroupmsgNospeakingTime), 'One-to-one mute now': show(body.C2CmsgNospeakingTime) };
}

export const enforcementTools = [
  defineTool({
    title: 'Read an account\'s app-wide mute',
    description:
      'Reads whether an account is muted across the whole app (every live room and group, and one-to-one ' +
      'chat), and for how long: the seconds of each mute, 0 when not muted, 4294967295 when permanent. ' +
      'Read-only. Read it before setnospeaking. A room-level mute is separate: see get_muted_member_list.',
    endpoint: ENDPOINTS.getnospeaking,
    input: z.strictObject({ Get_Account: UserId('User ID whose app-wide mute to read.') }),
    output: z.looseObject({
      C2CmsgNospeakingTime: z.number().optional().describe('One-to-one mute in seconds; 0 = not muted, 4294967295 = permanent.'),
      GroupmsgNospeakingTime: z.number().optional().describe('Group (and live room) mute in seconds; 0 = not muted, 4294967295 = permanent.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The account\'s mute was not read.',
    summarize: (a, p) => `App-wide mute of ${q(a.Get_Account)}: group ${muteLabel(p.GroupmsgNospeakingTime as number | undefined)}, one-to-one ${muteLabel(p.C2CmsgNospeakingTime as number | undefined)}.`,
  }),

  defineTool({
    title: 'Mute an account across the app',
    description:
      'Mutes (or unmutes) an account across the whole app, not one room: with GroupmsgNospeakingTime its group ' +
      'and live-room messages fail with error 10017 for that many seconds, with C2CmsgNospeakingTime its ' +
      'one-to-one messages fail with 20012; the before-send webhooks are not called. 0 lifts a mute, ' +
      '4294967295 (0xFFFFFFFF) is permanent. Give at least one of the two. Destructive: a human must confirm; ' +
      'the form shows the current mute, read just before asking. For one room only use mute_member. ' +
      'Tencent allows 200 calls/s (trtc.io/document/34923).',
    endpoint: ENDPOINTS.setnospeaking,
    input: z.strictObject({
      Set_Account: UserId('User ID to mute or unmute across the app.'),
      GroupmsgNospeakingTime: muteSeconds('the account\'s group and live-room chat').optional(),
      C2CmsgNospeakingTime: muteSeconds('the account\'s one-to-one chat').optional(),
    }).refine((a) => a.GroupmsgNospeakingTime !== undefined || a.C2CmsgNospeakingTime !== undefined, {
      message: 'give GroupmsgNospeakingTime, C2CmsgNospeakingTime or both (Tencent requires at least one)',
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    // Set-to-value: a repeat sets the same length from a slightly later moment.
    idempotent: true,
    notDone: 'The account\'s app-wide mute was not changed.',
    checkWith: 'getnospeaking',
    confirm: {
      action: (a) => `Set the app-wide mute of account ${q(a.Set_Account)}: it applies in every live room and group of the app.`,
      facts: (a) => [
        ['Account', a.Set_Account],
        ['Group and live-room chat', muteLabel(a.GroupmsgNospeakingTime)],
        ['One-to-one chat', muteLabel(a.C2CmsgNospeakingTime)],
      ],
      snapshot: (a, client) => currentMute(client, a.Set_Account),
    },
    summarize: (a) => `App-wide mute of ${q(a.Set_Account)} set: group ${muteLabel(a.GroupmsgNospeakingTime)}, one-to-one ${muteLabel(a.C2CmsgNospeakingTime)}.`,
  }),

  defineTool({
    title: 'Invalidate an account\'s login',
    description:
      'Invalidates the login state (UserSig) of one account: its app sessions are logged out and its old UserSig ' +
      'no longer logs in; a newly issued UserSig does. It does not remove the user from a live room\'s media ' +
      'stream or ban them: pair it with ban_member (room) or setnospeaking (app-wide). One account per call. ' +
      'Destructive and not repeatable safely (a repeat also ends a login made meanwhile): a human must confirm. ' +
      'Tencent allows 200 calls/s (trtc.io/document/34957).',
    endpoint: ENDPOINTS.kick,
    input: z.strictObject({ UserID: UserId('User ID whose login to invalidate (one account per call).') }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The account\'s login was not invalidated.',
    confirm: {
      action: (a) => `Invalidate the login of account ${q(a.UserID)}: it is logged out everywhere until it gets a new UserSig.`,
      facts: (a) => [['Account', a.UserID]],
    },
    summarize: (a) => `The login of ${q(a.UserID)} was invalidated.`,
  }),
];
