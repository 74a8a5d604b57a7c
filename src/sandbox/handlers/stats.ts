// live_engine_http_srv/get_room_stats: cumulative interaction counters of a live room.
// docs/reference/tencent-live-api.md §5 "statistics".
//
// The newest docs (2026) name the command get_room_stats; Tencent's own TUILiveKit_Manager calls
// get_room_statistic with the same fields. The sandbox routes only catalog commands, so the
// console's name answers 60009 (no such API) here, as an unknown path would.
// destroy_room returns the same counters, without TotalMsgCount, as Response.Statistic; both read
// them from roomStatistic() so the two answers never drift apart.
import type { LiveRoom } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields } from './validate.js';

/** The end-of-live counters destroy_room returns (TotalViewers counts every entry, repeats included). */
export function roomStatistic(room: LiveRoom): Record<string, number> {
  return {
    TotalViewers: room.info.ViewCount,
    TotalGiftsSent: room.stats.TotalGiftsSent,
    TotalGiftCoins: room.stats.TotalGiftCoins,
    TotalUniqueGiftSenders: room.stats.giftSenders.size,
    TotalLikesReceived: room.stats.TotalLikesReceived,
  };
}

const getRoomStats: Handler = ({ state, body }) => {
  // A conference room id is 100004 too: statistics exist for live rooms only.
  const room = state.requireRoom(fields(body).roomId());
  return { Response: { ...roomStatistic(room), TotalMsgCount: room.stats.TotalMsgCount } };
};

export const statsHandlers = {
  get_room_stats: getRoomStats,
} satisfies HandlerMap;
