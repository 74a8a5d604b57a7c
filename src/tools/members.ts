// Live-room members (live_engine_http_srv): who is in a room, who moderates it, and who may not
// enter or chat. Bans, mutes and admin changes override people, so a human confirms them.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { Pages, pageable } from './paging.js';
import { boundedString, nonNegativeInt, RequestId, RoomId, userIdList } from './fields.js';
import { countOf, humanDuration, nextPageNote, numberedLines } from './format.js';

const q = JSON.stringify;

// Tencent documents 20 per call for ban/unban only; mute and modify_admin have no documented cap.
// The same 20 bounds them here so one confirmation never covers an unreadable crowd.
const BAN_CAP = 20;

const Accounts = (what: string) => userIdList(BAN_CAP, what);

export const memberTools = [
  defineTool({
    title: 'List a room\'s members',
    description:
      'Lists who is in a live room (audience, hosts, robots) a page at a time, with MemberCount: start ' +
      'with Next "" and pass back Next; empty Next is the end. At most 1000, refreshed about every 40 s, ' +
      'so changes may show late. Read-only.',
    endpoint: ENDPOINTS.get_member_list,
    input: pageable({
      RoomId,
      Next: z.string().default('').describe('Cursor from the previous page; "" first.'),
    }),
    output: z.looseObject({
      Pages,
      Next: z.string().describe('Next page\'s cursor; empty at the end.'),
      MemberCount: z.number().describe('Total people in the room.'),
      MemberList: z.array(z.looseObject({ Member_Account: z.string() })),
      RequestId,
    }),
    paging: { request: 'Next', response: 'Next', items: 'MemberList' },
    effect: 'read',
    idempotent: true,
    notDone: 'No members were listed.',
    summarize: (a, p) =>
      `${countOf(p.MemberList)} member(s) of room ${q(a.RoomId)} on this page (${String(p.MemberCount ?? '?')} in total); ${nextPageNote(p.Next)}`,
  }),

  defineTool({
    title: 'List a room\'s admins',
    description:
      'Lists a live room\'s room admins (set with modify_admin; not the App administrator).',
    endpoint: ENDPOINTS.get_admin_list,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      Admin_Account: z.array(z.string()),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The admin list was not read.',
    summarize: (a, p) => `Room ${q(a.RoomId)} has ${countOf(p.Admin_Account)} admin(s).`,
  }),

  defineTool({
    title: 'Grant or revoke room admin',
    description:
      'Grants (OpType "add") or revokes ("delete") the room-admin role. Destructive (a revoke removes ' +
      // Shape from Tencent's console code; the field table is unpublished.
      'moderation rights): a human confirms. Read get_admin_list first. Fields from Tencent\'s console code.',
    endpoint: ENDPOINTS.modify_admin,
    input: z.strictObject({
      RoomId,
      Admin_Account: Accounts('User IDs whose admin role changes'),
      OpType: z.enum(['add', 'delete']).describe('add grants, delete revokes.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    // Set-to-value per user: granting twice or revoking twice leaves the same admin list.
    idempotent: true,
    notDone: 'No admin role was changed.',
    checkWith: 'get_admin_list',
    confirm: {
      action: (a) => a.OpType === 'add'
        ? `Grant the room-admin role to ${q(a.Admin_Account)} in live room ${q(a.RoomId)}.`
        : `Revoke the room-admin role from ${q(a.Admin_Account)} in live room ${q(a.RoomId)}.`,
      facts: (a) => [['Room', a.RoomId], ['Operation', a.OpType === 'add' ? 'grant admin (add)' : 'revoke admin (delete)'], ...numberedLines('User', a.Admin_Account, '/')],
    },
    summarize: (a) => a.OpType === 'add'
      ? `Admin role granted to ${q(a.Admin_Account)} in room ${q(a.RoomId)}.`
      : `Admin role revoked from ${q(a.Admin_Account)} in room ${q(a.RoomId)}.`,
  }),

  defineTool({
    title: 'Ban members from a room',
    description:
      'Bans users from a live room for Duration seconds: removed from the room and any seat, no re-entry ' +
      'until it ends. Destructive: a human confirms. Chat only: mute_member. Undo: unban_member.',
    endpoint: ENDPOINTS.ban_member,
    input: z.strictObject({
      RoomId,
      MemberList_Account: Accounts('User IDs to ban'),
      Duration: z.number().int().min(1).describe('Seconds.'),
      Reason: boundedString(200, 'Why they are banned; optional').optional(),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'No one was banned.',
    checkWith: 'get_banned_member_list',
    confirm: {
      action: (a) => `Ban ${q(a.MemberList_Account)} from live room ${q(a.RoomId)} for ${humanDuration(a.Duration)}: ` +
        'they leave the room and their seats and cannot re-enter until the ban ends.',
      facts: (a) => [
        ['Room', a.RoomId],
        ...numberedLines('User', a.MemberList_Account, '/'),
        ['Duration', humanDuration(a.Duration)],
        ['Reason', a.Reason || '(none given)'],
      ],
    },
    summarize: (a) => `Banned ${q(a.MemberList_Account)} from room ${q(a.RoomId)} for ${humanDuration(a.Duration)}.`,
  }),

  defineTool({
    title: 'Lift bans',
    description:
      'Lifts bans so the users may enter again (not put back). Users not banned are left as they are.',
    endpoint: ENDPOINTS.unban_member,
    input: z.strictObject({
      RoomId,
      MemberList_Account: Accounts('User IDs whose ban is lifted'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: true,
    notDone: 'No ban was lifted.',
    checkWith: 'get_banned_member_list',
    summarize: (a) => `Bans lifted for ${q(a.MemberList_Account)} in room ${q(a.RoomId)}.`,
  }),

  defineTool({
    title: 'List banned users',
    description:
      'Lists users banned from a live room with BannedUntil (unix s), a page at a time: Offset 0, then ' +
      'NextOffset until it is 0.',
    endpoint: ENDPOINTS.get_banned_member_list,
    input: pageable({
      RoomId,
      Offset: z.number().int().min(0).optional().describe('0 first, then NextOffset.'),
      Limit: z.number().int().min(1).max(100).optional().describe('Users per page.'),
    }),
    output: z.looseObject({
      Pages,
      BannedAccountList: z.array(z.looseObject({
        Member_Account: z.string(),
        BannedUntil: z.number(),
      })),
      NextOffset: z.number().describe('0 at the end.'),
      RequestId,
    }),
    paging: { request: 'Offset', response: 'NextOffset', items: 'BannedAccountList' },
    effect: 'read',
    idempotent: true,
    notDone: 'The banned list was not read.',
    summarize: (a, p) =>
      `${countOf(p.BannedAccountList)} banned user(s) of room ${q(a.RoomId)} on this page; ${p.NextOffset ? 'more pages follow (pass NextOffset as Offset).' : 'this is the last page.'}`,
  }),

  defineTool({
    title: 'Mute or unmute members',
    description:
      'Stops users chatting in a live room for MuteTime seconds (they stay in the room and seats); ' +
      'MuteTime 0 unmutes. Destructive: a human confirms, unmutes too. Whole room: update_room_info ' +
      'IsMessageDisabled.',
    endpoint: ENDPOINTS.mute_member,
    input: z.strictObject({
      RoomId,
      MemberList_Account: Accounts('User IDs to mute or unmute'),
      MuteTime: nonNegativeInt().describe('Seconds; 0 unmutes.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    // A mute ends MuteTime seconds after the call, so a repeat moves the end.
    idempotent: false,
    notDone: 'No one\'s mute changed.',
    checkWith: 'get_muted_member_list',
    confirm: {
      action: (a) => a.MuteTime === 0
        ? `Unmute ${q(a.MemberList_Account)} in live room ${q(a.RoomId)}: they may chat again.`
        : `Mute ${q(a.MemberList_Account)} in live room ${q(a.RoomId)} for ${humanDuration(a.MuteTime)}: they cannot send chat messages until then.`,
      facts: (a) => [
        ['Room', a.RoomId],
        ['Operation', a.MuteTime === 0 ? 'unmute (MuteTime 0)' : 'mute'],
        ...numberedLines('User', a.MemberList_Account, '/'),
        ...(a.MuteTime === 0 ? [] : [['Duration', humanDuration(a.MuteTime)] as const]),
      ],
    },
    summarize: (a) => a.MuteTime === 0
      ? `Unmuted ${q(a.MemberList_Account)} in room ${q(a.RoomId)}.`
      : `Muted ${q(a.MemberList_Account)} in room ${q(a.RoomId)} for ${humanDuration(a.MuteTime)}.`,
  }),

  defineTool({
    title: 'List muted users',
    description:
      'Lists users muted in a live room with MutedUntil (unix s); expired mutes are not listed. No paging.',
    endpoint: ENDPOINTS.get_muted_member_list,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      MutedAccountList: z.array(z.looseObject({
        Member_Account: z.string(),
        MutedUntil: z.number(),
      })),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The muted list was not read.',
    summarize: (a, p) => `${countOf(p.MutedAccountList)} muted user(s) in room ${q(a.RoomId)}.`,
  }),
];
