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
    .describe(`Seconds ${what} stays muted from now; 0 lifts, 4294967295 is permanent.`);

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
      'Reads an account\'s app-wide mutes (every live room and group; one-to-one chat), before setnospeaking. ' +
      'A room mute is separate: get_muted_member_list.',
    endpoint: ENDPOINTS.getnospeaking,
    input: z.strictObject({ Get_Account: UserId('Account to read.') }),
    output: z.looseObject({
      C2CmsgNospeakingTime: z.number().optional().describe('One-to-one mute, seconds; 0 none, 4294967295 permanent.'),
      GroupmsgNospeakingTime: z.number().optional().describe('Group and live-room mute, seconds; 0 none, 4294967295 permanent.'),
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
      // 200 calls/s: trtc.io/document/34923.
      'Mutes or unmutes an account app-wide (one room: mute_member): its group and live-room messages fail ' +
      '(10017) for GroupmsgNospeakingTime seconds, its one-to-one ones (20012) for C2CmsgNospeakingTime; ' +
      'before-send webhooks are skipped. Give at least one. Destructive: a human confirms, shown the current ' +
      'mute. 200 calls/s.',
    endpoint: ENDPOINTS.setnospeaking,
    input: z.strictObject({
      Set_Account: UserId('Account to mute or unmute.'),
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
      // 200 calls/s: trtc.io/document/34957.
      'Logs one account out of its app sessions; its old UserSig stops working, a new one works. It does not ' +
      'remove it from a media stream or ban it: pair with ban_member (room) or setnospeaking (app-wide). ' +
      'Destructive, and a repeat also ends a login made meanwhile: a human confirms. 200 calls/s.',
    endpoint: ENDPOINTS.kick,
    input: z.strictObject({ UserID: UserId('Account to log out.') }),
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
