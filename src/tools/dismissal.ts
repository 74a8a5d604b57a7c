// Tencent dismisses live rooms on its own; an agent that finds a room gone (100004) should know why.
// From the "automatic room dismissal" section of the destroy_room page
// (cloud.tencent.com/document/product/269/117678; trtc.io/document/63401 links "Automatic Room
// Dismissal"). The times are per-SDKAppID defaults that Tencent support can change.
export const AUTO_DISMISS_NOTE =
  'Tencent dismisses a live room by itself, once entered, after 30 min empty (6 h for apps before ' +
  '2025-05-20) or 10 min without the owner\'s heartbeat (or, if enabled, with the owner away); rooms with ' +
  'or owned by robots are exempt. So 100004 may mean that.';
