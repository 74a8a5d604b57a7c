// Statistics (live_engine_http_srv/get_room_stats): cumulative counters of a live room. The newest
// docs (2026) name the command get_room_stats; Tencent's own admin console calls
// get_room_statistic with the same fields. The tool follows the docs (docs/api-decisions.md "stats").
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId } from './fields.js';

const count = (description?: string) => (description ? z.number().optional().describe(description) : z.number().optional());

export const statsTools = [
  defineTool({
    title: 'Read a live room\'s statistics',
    description:
      'Reads a live room\'s cumulative counters: viewer entries, gifts (count, coins, distinct senders), likes, ' +
      'messages. For a report, or before destroy_room (which returns them once, without messages). 100 calls/s.',
    endpoint: ENDPOINTS.get_room_stats,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({
      TotalViewers: count('Room entries (one user entering N times counts N).'),
      TotalGiftsSent: count(),
      TotalGiftCoins: count(),
      TotalUniqueGiftSenders: count(),
      TotalLikesReceived: count(),
      TotalMsgCount: count(),
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
