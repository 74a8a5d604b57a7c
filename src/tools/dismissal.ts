// Tencent dismisses live rooms on its own; an agent that finds a room gone (100004) should know why.
// From the "automatic room dismissal" section of the destroy_room page
// (cloud.tencent.com/document/product/269/117678; trtc.io/document/63401 links "Automatic Room
// Dismissal"). The times are per-SDKAppID defaults that Tencent support can change.
export const AUTO_DISMISS_NOTE =
  'Tencent also dismisses live rooms by itself: once someone has entered, a room left empty for 30 min ' +
  '(default; 6 h for apps before 2025-05-20) is dismissed, and so is a room whose owner\'s heartbeat is lost ' +
  'for 10 min (default); an owner who leaves and stays away 10 min dismisses it too where that rule is ' +
  'switched on. Rooms holding robots, or owned by a robot, are exempt. A room that answers 100004 may have ' +
  'gone this way.';
