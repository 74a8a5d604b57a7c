// Statistics (live_engine_http_srv/get_room_stats): cumulative counters of a live room. The newest
// docs (2026) name the command get_room_stats; Tencent's own admin console calls
// get_room_statistic with the same fields. The tool follows the docs (docs/api-decisions.md "stats").
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId } from './fields.js';

const count = (description: string) => z.number().optional().describe(description);

export const statsTools = [
  defineTool({
    title: 'Read a live room\'s statistics',
    description:
      'Reads the cumulative interaction counters of a live room: viewer entries, gifts (count, coin value, ' +
      'distinct senders), likes and messages. Read-only. Use it to report on a live, or before destroy_room, ' +
      'which returns the same counters (without messages) once. Tencent allows 100 calls/s.',
    endpoint: ENDPOINTS.get_room_stats,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      TotalViewers: count('Room entries so far (the same user entering N times counts N).'),
      TotalGiftsSent: count('Gifts sent in the room.'),
      TotalGiftCoins: count('Total value of those gifts, in coins.'),
      TotalUniqueGiftSenders: count('Distinct users who sent gifts.'),
      TotalLikesReceived: count('Likes received.'),
      TotalMsgCount: count('Messages sent in the room.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'No statistics were read.',
    summarize: (a, p) => {
      const n = (k: string) => (typeof p[k] === 'number' ? String(p[k]) : '?');
      return `Room ${JSON.stringify(a.RoomId)}: ${n('TotalViewers')} viewer entries, ${n('TotalGiftsSent')} gifts ` +
        `(${n('TotalGiftCoins')} coins from ${n('TotalUniqueGiftSenders')} senders), ${n('TotalLikesReceived')} likes, ${n('TotalMsgCount')} messages.`;
    },
  }),
];
