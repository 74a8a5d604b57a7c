// How to check the state an endpoint acts on, declared per toolset: when Tencent answers that the
// room does not exist (100004), the advice names the read that lists or inspects rooms of that
// kind. Live rooms are listed by get_room_list; conference rooms have no list endpoint and are
// looked up one by one with conference_get_room_info. Typed against every toolset, so a new
// toolset cannot be added without saying how its rooms are checked.
import { ENDPOINTS, type EndpointName, type Toolset } from './endpoints.js';

const ROOM_LOOKUP = {
  rooms: 'get_room_list',
  metadata: 'get_room_list',
  members: 'get_room_list',
  seats: 'get_room_list',
  messages: 'get_room_list',
  robots: 'get_room_list',
  mix: 'get_room_list',
  battles: 'get_room_list',
  gifts: 'get_room_list',
  stats: 'get_room_list',
  conference: 'conference_get_room_info',
  feed: 'get_room_list',
  callbacks: 'get_room_list',
  enforcement: 'get_room_list',
  profiles: 'get_room_list',
  audience: 'get_room_list',
  // TRTC media rooms: their history is describe_room_info's (Tencent Cloud API 3.0).
  trtc: 'describe_room_info',
} as const satisfies Record<Toolset, EndpointName>;

/** The read that tells whether the room an endpoint names exists (undefined for unknown names). */
export function roomLookupFor(name: string): EndpointName | undefined {
  return Object.hasOwn(ENDPOINTS, name) ? ROOM_LOOKUP[ENDPOINTS[name as EndpointName].family] : undefined;
}

/** The next step after error 100004 ("room does not exist") from the named endpoint. */
export function missingRoomAdvice(name: string): string {
  return `Check the RoomId with ${roomLookupFor(name) ?? 'get_room_list'}; the room may have been dismissed.`;
}
