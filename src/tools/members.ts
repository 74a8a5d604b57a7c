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
      'Lists the people currently in a live room (audience, hosts and robots), one page at a time, with the ' +
      'total MemberCount. Start with Next "" and pass the returned Next for the following page; an empty Next ' +
      'means the end. Tencent returns at most 1000 members and refreshes the list about every 40 s, so a ' +
      'change may show late. Read-only. Use it before seating, banning or muting someone.',
    endpoint: ENDPOINTS.get_member_list,
    input: pageable({
      RoomId,
      Next: z.string().default('').describe('Cursor from the previous page; "" for the first page.'),
    }),
    output: z.looseObject({
      Pages,
      Next: z.string().describe('Cursor for the next page; empty when every member was returned.'),
      MemberCount: z.number().describe('Total people in the room.'),
      MemberList: z.array(z.looseObject({ Member_Account: z.string() })).describe('Members on this page.'),
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
      'Lists the room administrators of a live room (users granted the admin role with modify_admin; not the ' +
      'App administrator this server signs as). Read-only.',
    endpoint: ENDPOINTS.get_admin_list,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      Admin_Account: z.array(z.string()).describe('User IDs of the room administrators.'),
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
      'Grants (OpType "add") or revokes (OpType "delete") the room-administrator role for users of a live room. ' +
      'Destructive, because a revoke takes moderation rights away: a human confirms first. Read get_admin_list ' +
      'first. Tencent\'s field table for this call was not published: the shape comes from Tencent\'s own ' +
      'admin console code and the CallbackAfterModifyAdmin payload.',
    endpoint: ENDPOINTS.modify_admin,
    input: z.strictObject({
      RoomId,
      Admin_Account: Accounts('User IDs whose admin role changes'),
      OpType: z.enum(['add', 'delete']).describe('"add" grants the admin role, "delete" revokes it.'),
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
      'Bans users from a live room for Duration seconds: they are removed from the room (and from any seat) and ' +
      'cannot re-enter until the ban ends. Destructive: a human confirms first. For chat-only restrictions use ' +
      'mute_member instead. Check who is in the room with get_member_list first; lift a ban with unban_member.',
    endpoint: ENDPOINTS.ban_member,
    input: z.strictObject({
      RoomId,
      MemberList_Account: Accounts('User IDs to ban'),
      Duration: z.number().int().min(1).describe('Length of the ban in seconds (e.g. 3600 for one hour).'),
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
      'Lifts the bans of users in a live room, so they may enter again (they are not put back into the room). ' +
      'Users who are not banned are left as they are. Read get_banned_member_list first.',
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
      'Lists the users currently banned from a live room with the time each ban ends (BannedUntil, unix seconds), ' +
      'one page at a time: start with Offset 0 and pass the returned NextOffset; NextOffset 0 means the end. ' +
      'Read-only.',
    endpoint: ENDPOINTS.get_banned_member_list,
    input: pageable({
      RoomId,
      Offset: z.number().int().min(0).optional().describe('Where the page starts: 0 first, then the NextOffset of the previous page.'),
      Limit: z.number().int().min(1).max(100).optional().describe('Users per page, 1 to 100.'),
    }),
    output: z.looseObject({
      Pages,
      BannedAccountList: z.array(z.looseObject({
        Member_Account: z.string(),
        BannedUntil: z.number().describe('When the ban ends (unix seconds).'),
      })).describe('Banned users on this page.'),
      NextOffset: z.number().describe('Offset of the next page; 0 when this is the last page.'),
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
      'Stops users from sending chat messages in a live room for MuteTime seconds (they stay in the room and on ' +
      'their seats); MuteTime 0 lifts a mute. Destructive: a human confirms first, unmutes included. To silence ' +
      'the whole room use update_room_info (IsMessageDisabled). Check current mutes with get_muted_member_list.',
    endpoint: ENDPOINTS.mute_member,
    input: z.strictObject({
      RoomId,
      MemberList_Account: Accounts('User IDs to mute or unmute'),
      MuteTime: nonNegativeInt().describe('Mute length in seconds (e.g. 600 for ten minutes); 0 unmutes.'),
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
      'Lists the users currently muted in a live room with the time each mute ends (MutedUntil, unix seconds). ' +
      'Expired mutes are not listed. Read-only; Tencent documents no paging for this list.',
    endpoint: ENDPOINTS.get_muted_member_list,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      MutedAccountList: z.array(z.looseObject({
        Member_Account: z.string(),
        MutedUntil: z.number().describe('When the mute ends (unix seconds).'),
      })).describe('Muted users.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The muted list was not read.',
    summarize: (a, p) => `${countOf(p.MutedAccountList)} muted user(s) in room ${q(a.RoomId)}.`,
  }),
];
