// Tencent dismisses live rooms on its own; an agent that finds a room gone (100004) should know why.
// From the "automatic room dismissal" section of the destroy_room page
// (cloud.tencent.com/document/product/269/117678; trtc.io/document/63401 links "Automatic Room
// Dismissal"). The times are per-SDKAppID defaults that Tencent support can change.
export const AUTO_DISMISS_NOTE =
  'Tencent dismisses a live room by itself, once someone has entered, when it stays empty 30 min (6 h for ' +
  'apps before 2025-05-20) or the owner\'s heartbeat is lost 10 min (or, if enabled, the owner stays away ' +
  '10 min); rooms with or owned by robots are exempt. So 100004 may mean that.';
