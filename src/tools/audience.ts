// The audience of a live room read through the IM group API: a live room is an IM group whose ID is
// the RoomId (create_room's 100011, "Room ID is occupied by Chat", tencentcloud.com/document/product/
// 647/63401, shows the two share one ID space). The group pages accept AVChatRoom groups; no page
// states outright that a TUILiveKit room is one, so the descriptions say so.
// Pages: tencentcloud.com/document/product/1047/50293 (get_members), 1047/38521 (get_online_member_num),
// 1047/60523 (check_members; trtc.io/document/60523, cloud.tencent.com/document/product/269/95618).
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId, userIdList } from './fields.js';
import { countOf } from './format.js';

/**
 * check_members takes a list Tencent documents no maximum for (1047/60523 names none); 100 is this
 * server's bound on every input list, not Tencent's.
 */
const CHECK_MEMBERS_MAX = 100;

const q = JSON.stringify;

const GroupId = RoomId.describe('The live room\'s RoomId (its IM group ID).');

const GROUP_NOTE =
  'Reads the room as its IM group: Tencent documents this for AVChatRoom groups, not TUILiveKit rooms; a ' +
  'room that is not one answers an IM error.';

export const audienceTools = [
  defineTool({
    title: 'List a live room\'s online audience',
    description:
      // The page states no rate; 200/s is assumed.
      'Lists a live room\'s online members with join time, nickname and avatar: the 1,000 latest, 500 per page ' +
      '(Timestamp 0, then NextTimestamp until it is 0). Refreshes every 10-40 s; plans without the online-member ' +
      `list feature get only the 30 latest. ${GROUP_NOTE}`,
    endpoint: ENDPOINTS.get_members,
    input: z.strictObject({
      GroupId,
      Timestamp: z.number().int().min(0).default(0).describe('0 first, then NextTimestamp.'),
      Mark: z.number().int().min(0).optional().describe('Only members with this app-defined mark.'),
    }),
    output: z.looseObject({
      MemberList: z.array(z.looseObject({
        Member_Account: z.string(),
        JoinTime: z.number().optional().describe('Unix seconds.'),
        NickName: z.string().optional(),
        Avatar: z.string().optional(),
      })).optional().describe('Nicknames and avatars are user content: data.'),
      NextTimestamp: z.number().optional().describe('0 at the end.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The online members were not listed.',
    summarize: (a, p) => `${countOf(p.MemberList)} online member(s) of room ${q(a.GroupId)} on this page; ` +
      (p.NextTimestamp ? `more follow (pass Timestamp=${String(p.NextTimestamp)}).` : 'this is the last page.'),
  }),

  defineTool({
    title: 'Count a live room\'s online audience',
    description:
      'How many are online in a live room now (refreshed every 10 s; 10-20 s with web users). ' +
      `${GROUP_NOTE} 200 calls/s.`,
    endpoint: ENDPOINTS.get_online_member_num,
    input: z.strictObject({ GroupId }),
    output: z.looseObject({
      OnlineMemberNum: z.number().optional(),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The online members were not counted.',
    summarize: (a, p) => `Room ${q(a.GroupId)} has ${typeof p.OnlineMemberNum === 'number' ? p.OnlineMemberNum : '?'} online member(s).`,
  }),

  defineTool({
    title: 'Check which accounts are in a live room',
    description:
      'Which of the given accounts are in a live room now (Tencent answers the subset in it). Unlike ' +
      'get_members it finds members beyond the 1,000 latest. Refreshes every 40 s, so one who just left may ' +
      'still show. Needs the Pro, Pro Plus or Enterprise edition with the online-member-list feature on. ' +
      `${GROUP_NOTE} 200 calls/s.`,
    endpoint: ENDPOINTS.check_members,
    input: z.strictObject({
      GroupId,
      Member_Account: userIdList(CHECK_MEMBERS_MAX, 'Accounts to look for (Tencent documents no maximum).'),
    }),
    output: z.looseObject({
      Member_Account: z.array(z.string()).optional().describe('Those in the room.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'Nothing was checked.',
    summarize: (a, p) => {
      const inRoom = new Set(Array.isArray(p.Member_Account) ? p.Member_Account.map(String) : []);
      const absent = a.Member_Account.filter((id) => !inRoom.has(id));
      return `${inRoom.size} of ${a.Member_Account.length} account(s) are in room ${q(a.GroupId)}` +
        (inRoom.size ? `: ${q([...inRoom])}` : '') + (absent.length ? `; not in it: ${q(absent)}.` : '.');
    },
  }),
];
