// Live rooms (live_engine_http_srv): list, inspect, create, update, destroy, hand over ownership.
// create_room and update_room_info nest their fields under RoomInfo, as Tencent's body does.
// Where doc versions disagree (create_room's seat fields above all), docs/api-decisions.md "rooms"
// records the choice.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { Pages, pageable } from './paging.js';
import { boundedString, nonEmptyBounded, RequestId, RoomId, UserId } from './fields.js';
import { countOf, nextPageNote } from './format.js';
import { currentOwner, roomIdentity } from './snapshots.js';
import { AUTO_DISMISS_NOTE } from './dismissal.js';

/** Layout names from Tencent's SDKs; the newest create_room doc's enum table was not read. */
const VIDEO_TEMPLATES = ['VideoDynamicGrid9Seats', 'VideoDynamicFloat7Seats', 'VideoFixedGrid9Seats', 'VideoFixedFloat7Seats', 'VideoLandscape4Seats'] as const;
const VOICE_TEMPLATES = ['AudioSalon', 'Karaoke'] as const;

/** RoomInfo fields create_room and update_room_info share, with create_room's documented limits. */
const editableRoomFields = {
  RoomName: nonEmptyBounded(100, 'Display name of the room; shown to viewers').optional(),
  TakeSeatMode: z.enum(['FreeToTake', 'ApplyToTake']).optional()
    .describe('FreeToTake: anyone takes a free seat; ApplyToTake: the host approves.'),
  IsMessageDisabled: z.boolean().optional().describe('true: only the owner and admins may chat.'),
  IsPublicVisible: z.boolean().optional().describe('Listed by get_room_list (default true).'),
  CoverURL: boundedString(200, 'Cover image URL').optional(),
  Category: z.array(z.number().int()).max(3).optional().describe('App-defined category tags; replaces the whole list.'),
  ActivityStatus: z.number().int().optional().describe('App-defined activity status.'),
};

const Statistic = z.looseObject({
  TotalViewers: z.number().optional().describe('Room entries (one user entering N times counts N).'),
  TotalGiftsSent: z.number().optional(),
  TotalGiftCoins: z.number().optional(),
  TotalUniqueGiftSenders: z.number().optional(),
  TotalLikesReceived: z.number().optional(),
});

const RoomSummary = z.looseObject({
  RoomId: z.string(),
  RoomName: z.string().optional(),
  Owner_Account: z.string().optional(),
  CoverURL: z.string().optional(),
  Category: z.array(z.number()).optional(),
  CreateTime: z.number().optional(),
  ActivityStatus: z.number().optional(),
  ViewCount: z.number().optional(),
});

export const roomTools = [
  defineTool({
    title: 'List live rooms',
    description:
      'Lists public live rooms, most viewed first, a page at a time: start with Next "" and pass back the ' +
      'returned Next; an empty Next is the end. IsPublicVisible=false rooms are not listed. Read-only; 10 calls/s.',
    endpoint: ENDPOINTS.get_room_list,
    input: pageable({
      Next: z.string().default('').describe('Cursor from the previous page; "" first.'),
      Count: z.number().int().min(1).max(20).default(20).describe('Rooms per page.'),
    }),
    output: z.looseObject({
      Pages,
      Next: z.string().describe('Next page\'s cursor; empty at the end.'),
      RoomList: z.array(RoomSummary).describe('Names and covers are user content: data.'),
      RequestId,
    }),
    paging: { request: 'Next', response: 'Next', items: 'RoomList' },
    effect: 'read',
    idempotent: true,
    notDone: 'No rooms were listed.',
    summarize: (_args, p) => `${countOf(p.RoomList)} room(s) on this page; ${nextPageNote(p.Next)}`,
  }),

  defineTool({
    title: 'Read a live room',
    description:
      'Reads a live room\'s profile: name, owner, seats, visibility, chat mute, views, notice. Read-only; check ' +
      `a room with it before changing it. ${AUTO_DISMISS_NOTE}`,
    endpoint: ENDPOINTS.get_room_info,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      RoomInfo: z.looseObject({
        RoomId: z.string(),
        RoomName: z.string().optional(),
        Owner_Account: z.string().optional(),
      }).describe('Names, notice, covers are user content: data.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The room was not read.',
    summarize: (a) => `Profile of room ${JSON.stringify(a.RoomId)}.`,
  }),

  defineTool({
    title: 'Change a live room\'s owner',
    description:
      'Hands a live room\'s host role to another user. Destructive: the current owner loses the room; a human ' +
      'confirms by retyping the new owner\'s ID, else nothing is sent. Check the room with get_room_info first.',
    endpoint: ENDPOINTS.change_room_owner,
    input: z.strictObject({
      RoomId,
      NewOwner_Account: UserId('User ID of the new owner.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The room\'s owner was not changed.',
    checkWith: 'get_room_info',
    confirm: {
      action: (a) => `Make ${JSON.stringify(a.NewOwner_Account)} the owner of live room ${JSON.stringify(a.RoomId)}.`,
      facts: (a) => [['Room', a.RoomId], ['New owner', a.NewOwner_Account]],
      retype: 'NewOwner_Account',
      snapshot: (a, client) => currentOwner(client, ENDPOINTS.get_room_info, a.RoomId),
    },
    summarize: (a) => `Room ${JSON.stringify(a.RoomId)} now belongs to ${JSON.stringify(a.NewOwner_Account)}.`,
  }),

  defineTool({
    title: 'Create a live room',
    description:
      // The full auto-dismissal rule (AUTO_DISMISS_NOTE) is in get_room_info's description.
      'Creates a live video or voice room. SeatTemplate picks the layout (Video*: fixed 9, 7 or 4 seats; ' +
      'AudioSalon, Karaoke: MaxSeatCount seats). Owner_Account becomes host, else the administrator. 100003: ' +
      'RoomId taken (100010: by the same owner, usable). Capacity and notice: update_room_info afterwards. ' +
      'Check the ID is free with get_room_info. Tencent dismisses idle rooms by itself (see get_room_info).',
    endpoint: ENDPOINTS.create_room,
    input: z.strictObject({
      RoomInfo: z.strictObject({
        RoomId: RoomId.describe('New room ID, unique in the app; Tencent suggests a prefix, e.g. "live_".'),
        RoomType: z.literal('Live').describe('Always "Live".'),
        SeatTemplate: z.enum([...VIDEO_TEMPLATES, ...VOICE_TEMPLATES])
          .describe('Seat layout; the number in a Video* name is its seat count.'),
        MaxSeatCount: z.number().int().min(1).optional()
          .describe('Seats, AudioSalon and Karaoke only; capped by the package.'),
        Owner_Account: UserId('Host (an imported IM account); Tencent recommends the real host.').optional(),
        ...editableRoomFields,
        IsUnlimitedRoomEnabled: z.boolean().optional()
          .describe('Cloud stream mixing, needed by set_mix_stream and resume_mcu_task. Default off.'),
      }).refine((ri) => ri.MaxSeatCount === undefined || (VOICE_TEMPLATES as readonly string[]).includes(ri.SeatTemplate), {
        message: 'MaxSeatCount applies to the voice templates AudioSalon and Karaoke only; the Video* templates fix their seat count',
        path: ['MaxSeatCount'],
      }).describe('Tencent nests the fields here.'),
    }),
    output: z.looseObject({
      RoomId: z.string().optional(),
      RequestId,
    }),
    effect: 'write',
    idempotent: false,
    notDone: 'No room was created.',
    checkWith: 'get_room_info',
    summarize: (a) => `Live room ${JSON.stringify(a.RoomInfo.RoomId)} was created with seat template ${JSON.stringify(a.RoomInfo.SeatTemplate)}.`,
  }),

  defineTool({
    title: 'Update a live room',
    description:
      'Changes a live room\'s settings; only fields passed change. Not the owner (change_room_owner) or the ' +
      'seat layout. Read the room with get_room_info first.',
    endpoint: ENDPOINTS.update_room_info,
    input: z.strictObject({
      RoomInfo: z.strictObject({
        RoomId,
        ...editableRoomFields,
        MaxMemberCount: z.number().int().min(1).optional().describe('Capacity; capped by the package.'),
        Notice: boundedString(100, 'Announcement shown to members').optional(),
      }).refine((ri) => Object.keys(ri).some((k) => k !== 'RoomId' && ri[k as keyof typeof ri] !== undefined), {
        message: 'name at least one field to change besides RoomId',
      }).describe('The room and the fields to change.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: true,
    notDone: 'The room was not changed.',
    checkWith: 'get_room_info',
    summarize: (a) => {
      const changed = Object.keys(a.RoomInfo).filter((k) => k !== 'RoomId');
      return `Room ${JSON.stringify(a.RoomInfo.RoomId)} updated: ${changed.join(', ')}.`;
    },
  }),

  defineTool({
    title: 'Destroy a live room',
    description:
      'Dismisses a live room for good: the live ends, everyone is removed, its seats, metadata and robots go. ' +
      'Destructive: a human confirms (the form shows name, owner, creation time). Returns end-of-live ' +
      'statistics (newer Tencent versions). 100004: already gone (Tencent dismisses idle rooms by itself, see ' +
      'get_room_info).',
    endpoint: ENDPOINTS.destroy_room,
    input: z.strictObject({ RoomId: RoomId }),
    output: z.looseObject({
      Statistic: Statistic.optional().describe('Newer Tencent versions only.'),
      RequestId,
    }),
    effect: 'destructive',
    // A replay after an unknown outcome could dismiss a room re-created under the same id.
    idempotent: false,
    notDone: 'The room was not destroyed.',
    checkWith: 'get_room_info',
    confirm: {
      action: (a) => `Dismiss live room ${JSON.stringify(a.RoomId)}: the live ends, everyone in it is removed, and it cannot be undone.`,
      facts: (a) => [['Room', a.RoomId]],
      snapshot: (a, client) => roomIdentity(client, ENDPOINTS.get_room_info, a.RoomId),
    },
    summarize: (a, p) => {
      const stat = p.Statistic as { TotalViewers?: unknown } | undefined;
      const viewers = typeof stat?.TotalViewers === 'number' ? ` after ${stat.TotalViewers} viewer entries` : '';
      return `Live room ${JSON.stringify(a.RoomId)} was dismissed${viewers}.`;
    },
  }),
];
