// The vendor's endpoint catalog: one row per REST command in docs/reference/tencent-live-api.json,
// and the one place that says what this server knows about each endpoint. Keys are the endpoint
// names, which are also the tool names (the Tencent command, with `conference_` only where a
// conference-room command would collide with a live-room one). Rates are Tencent's documented
// per-SDKAppID frequencies; `rateAssumed` marks the few the docs do not state, set from sibling
// endpoints. This module imports nothing from the rest of the server: client, sandbox, tools and
// policies all read it.

/** A toolset: the group a tool is listed and selected under (`--toolsets`). */
export type Toolset =
  | 'rooms' | 'metadata' | 'members' | 'seats' | 'messages' | 'robots'
  | 'mix' | 'battles' | 'gifts' | 'stats' | 'conference'
  | 'feed' | 'callbacks'
  // IM REST levers a moderator needs beyond the live-room API (same host, same UserSig).
  | 'enforcement' | 'profiles' | 'audience'
  // TRTC media rooms through Tencent Cloud API 3.0 (a second credential; src/client/cloud-api.ts).
  | 'trtc';

/** One row of the table below, as written (the name is the row's key). */
export interface EndpointSpec {
  readonly service: string;
  readonly command: string;
  /** The toolset the endpoint's tool is listed under. */
  readonly family: Toolset;
  /** Calls per second; below 1 it is one call per 1/rate seconds (0.1: one call per 10 s). */
  readonly ratePerSecond: number;
  readonly rateAssumed?: boolean;
  /**
   * A rate budget shared with other endpoints: Tencent counts their calls together. Without it,
   * each endpoint has a budget of its own.
   */
  readonly budget?: 'mix';
  /** The unit of the call's Duration field when it is not seconds. */
  readonly durationUnit?: 'ms';
  /** Served by this server from the callback feed, not by Tencent (no REST call, no sandbox handler). */
  readonly local?: boolean;
  /** A Tencent endpoint used inside another tool, with no tool of its own. */
  readonly internal?: boolean;
  /** A Tencent Cloud API 3.0 action (`command` is the Action, `service` the product), not a v4 REST command. */
  readonly cloudApi?: boolean;
}

const ROWS = {
  change_room_owner: { service: 'live_engine_http_srv', command: 'change_room_owner', family: 'rooms', ratePerSecond: 200 },
  create_room: { service: 'live_engine_http_srv', command: 'create_room', family: 'rooms', ratePerSecond: 200 },
  destroy_room: { service: 'live_engine_http_srv', command: 'destroy_room', family: 'rooms', ratePerSecond: 200 },
  get_room_info: { service: 'live_engine_http_srv', command: 'get_room_info', family: 'rooms', ratePerSecond: 200 },
  get_room_list: { service: 'live_engine_http_srv', command: 'get_room_list', family: 'rooms', ratePerSecond: 10 },
  update_room_info: { service: 'live_engine_http_srv', command: 'update_room_info', family: 'rooms', ratePerSecond: 200 },
  del_room_metadata: { service: 'live_engine_http_srv', command: 'del_room_metadata', family: 'metadata', ratePerSecond: 200 },
  get_room_metadata: { service: 'live_engine_http_srv', command: 'get_room_metadata', family: 'metadata', ratePerSecond: 200 },
  set_room_metadata: { service: 'live_engine_http_srv', command: 'set_room_metadata', family: 'metadata', ratePerSecond: 200 },
  ban_member: { service: 'live_engine_http_srv', command: 'ban_member', family: 'members', ratePerSecond: 200 },
  get_admin_list: { service: 'live_engine_http_srv', command: 'get_admin_list', family: 'members', ratePerSecond: 200 },
  get_banned_member_list: { service: 'live_engine_http_srv', command: 'get_banned_member_list', family: 'members', ratePerSecond: 200 },
  get_member_list: { service: 'live_engine_http_srv', command: 'get_member_list', family: 'members', ratePerSecond: 200 },
  get_muted_member_list: { service: 'live_engine_http_srv', command: 'get_muted_member_list', family: 'members', ratePerSecond: 200 },
  modify_admin: { service: 'live_engine_http_srv', command: 'modify_admin', family: 'members', ratePerSecond: 200 },
  mute_member: { service: 'live_engine_http_srv', command: 'mute_member', family: 'members', ratePerSecond: 200 },
  unban_member: { service: 'live_engine_http_srv', command: 'unban_member', family: 'members', ratePerSecond: 200 },
  get_seat_list: { service: 'room_engine_http_mic', command: 'get_seat_list', family: 'seats', ratePerSecond: 200 },
  kick_user_off_seat: { service: 'room_engine_http_mic', command: 'kick_user_off_seat', family: 'seats', ratePerSecond: 200 },
  lock_seat: { service: 'room_engine_http_mic', command: 'lock_seat', family: 'seats', ratePerSecond: 200 },
  move_user_to_seat: { service: 'room_engine_http_mic', command: 'move_user_to_seat', family: 'seats', ratePerSecond: 200 },
  pick_user_on_seat: { service: 'room_engine_http_mic', command: 'pick_user_on_seat', family: 'seats', ratePerSecond: 200 },
  switch_seat: { service: 'room_engine_http_mic', command: 'switch_seat', family: 'seats', ratePerSecond: 200 },
  send_custom_msg: { service: 'live_engine_http_srv', command: 'send_custom_msg', family: 'messages', ratePerSecond: 200 },
  send_text_msg: { service: 'live_engine_http_srv', command: 'send_text_msg', family: 'messages', ratePerSecond: 200 },
  add_robot: { service: 'live_engine_http_srv', command: 'add_robot', family: 'robots', ratePerSecond: 100 },
  del_robot: { service: 'live_engine_http_srv', command: 'del_robot', family: 'robots', ratePerSecond: 100 },
  get_robot: { service: 'live_engine_http_srv', command: 'get_robot', family: 'robots', ratePerSecond: 100 },
  // "All mixing operations of one SDKAppID, 20 per second": both MCU commands spend one budget.
  resume_mcu_task: { service: 'live_engine_http_srv', command: 'resume_mcu_task', family: 'mix', ratePerSecond: 20, budget: 'mix' },
  set_mix_stream: { service: 'live_engine_http_srv', command: 'set_mix_stream', family: 'mix', ratePerSecond: 20, budget: 'mix' },
  // Tencent gives a PK battle's Duration in milliseconds; every other duration is in seconds.
  create_battle: { service: 'live_engine_http_pk', command: 'create_battle', family: 'battles', ratePerSecond: 200, durationUnit: 'ms' },
  get_battle_info: { service: 'live_engine_http_pk', command: 'get_battle_info', family: 'battles', ratePerSecond: 200 },
  set_battle_score: { service: 'live_engine_http_pk', command: 'set_battle_score', family: 'battles', ratePerSecond: 200 },
  add_gift: { service: 'live_engine_http_srv', command: 'add_gift', family: 'gifts', ratePerSecond: 1 },
  add_gift_category: { service: 'live_engine_http_srv', command: 'add_gift_category', family: 'gifts', ratePerSecond: 1 },
  add_gift_category_relations: { service: 'live_engine_http_srv', command: 'add_gift_category_relations', family: 'gifts', ratePerSecond: 1 },
  del_gift: { service: 'live_engine_http_srv', command: 'del_gift', family: 'gifts', ratePerSecond: 1 },
  del_gift_category: { service: 'live_engine_http_srv', command: 'del_gift_category', family: 'gifts', ratePerSecond: 1 },
  del_gift_category_language: { service: 'live_engine_http_srv', command: 'del_gift_category_language', family: 'gifts', ratePerSecond: 1 },
  del_gift_category_relations: { service: 'live_engine_http_srv', command: 'del_gift_category_relations', family: 'gifts', ratePerSecond: 1 },
  del_gift_language: { service: 'live_engine_http_srv', command: 'del_gift_language', family: 'gifts', ratePerSecond: 1 },
  edit_gift: { service: 'live_engine_http_srv', command: 'edit_gift', family: 'gifts', ratePerSecond: 1 },
  edit_gift_category: { service: 'live_engine_http_srv', command: 'edit_gift_category', family: 'gifts', ratePerSecond: 1 },
  get_gift: { service: 'live_engine_http_srv', command: 'get_gift', family: 'gifts', ratePerSecond: 1 },
  get_gift_category: { service: 'live_engine_http_srv', command: 'get_gift_category', family: 'gifts', ratePerSecond: 1 },
  get_gift_category_language: { service: 'live_engine_http_srv', command: 'get_gift_category_language', family: 'gifts', ratePerSecond: 1 },
  get_gift_count: { service: 'live_engine_http_srv', command: 'get_gift_count', family: 'gifts', ratePerSecond: 200 },
  get_gift_info_list: { service: 'live_engine_http_srv', command: 'get_gift_info_list', family: 'gifts', ratePerSecond: 1, rateAssumed: true },
  get_gift_language: { service: 'live_engine_http_srv', command: 'get_gift_language', family: 'gifts', ratePerSecond: 1 },
  send_gift: { service: 'live_engine_http_srv', command: 'send_gift', family: 'gifts', ratePerSecond: 200 },
  set_gift_category_language: { service: 'live_engine_http_srv', command: 'set_gift_category_language', family: 'gifts', ratePerSecond: 1 },
  set_gift_language: { service: 'live_engine_http_srv', command: 'set_gift_language', family: 'gifts', ratePerSecond: 1 },
  get_room_stats: { service: 'live_engine_http_srv', command: 'get_room_stats', family: 'stats', ratePerSecond: 100 },
  conference_add_robot: { service: 'room_engine_http_srv', command: 'add_robot', family: 'conference', ratePerSecond: 200 },
  ban_room_member: { service: 'room_engine_http_srv', command: 'ban_room_member', family: 'conference', ratePerSecond: 200 },
  conference_change_room_owner: { service: 'room_engine_http_srv', command: 'change_room_owner', family: 'conference', ratePerSecond: 200 },
  conference_create_room: { service: 'room_engine_http_srv', command: 'create_room', family: 'conference', ratePerSecond: 200 },
  delete_robot: { service: 'room_engine_http_srv', command: 'delete_robot', family: 'conference', ratePerSecond: 200 },
  conference_destroy_room: { service: 'room_engine_http_srv', command: 'destroy_room', family: 'conference', ratePerSecond: 200 },
  conference_get_banned_member_list: { service: 'room_engine_http_srv', command: 'get_banned_member_list', family: 'conference', ratePerSecond: 200 },
  conference_get_room_info: { service: 'room_engine_http_srv', command: 'get_room_info', family: 'conference', ratePerSecond: 200 },
  get_room_member_list: { service: 'room_engine_http_srv', command: 'get_room_member_list', family: 'conference', ratePerSecond: 200 },
  kick_user_out: { service: 'room_engine_http_srv', command: 'kick_user_out', family: 'conference', ratePerSecond: 200 },
  mark_room_member: { service: 'room_engine_http_srv', command: 'mark_room_member', family: 'conference', ratePerSecond: 200 },
  unban_room_member: { service: 'room_engine_http_srv', command: 'unban_room_member', family: 'conference', ratePerSecond: 200 },
  conference_update_room_info: { service: 'room_engine_http_srv', command: 'update_room_info', family: 'conference', ratePerSecond: 200 },
  update_room_member_info: { service: 'room_engine_http_srv', command: 'update_room_member_info', family: 'conference', ratePerSecond: 200 },
  // The room event feed (src/feed): local reads and the held-message queue. Rates are this
  // server's own, not Tencent's.
  get_room_events: { service: 'local_feed', command: 'get_room_events', family: 'feed', ratePerSecond: 1000, local: true },
  list_held_messages: { service: 'local_feed', command: 'list_held_messages', family: 'feed', ratePerSecond: 1000, local: true },
  release_held_message: { service: 'local_feed', command: 'release_held_message', family: 'feed', ratePerSecond: 200, local: true },
  discard_held_message: { service: 'local_feed', command: 'discard_held_message', family: 'feed', ratePerSecond: 1000, local: true },
  // IM group messages: https://www.tencentcloud.com/document/product/1047/34965 (recall: up to 10
  // MsgSeq per call, 200 calls/s) and https://www.tencentcloud.com/document/product/1047/34959
  // (send_group_msg, used by release_held_message; 200 calls/s).
  group_msg_recall: { service: 'group_open_http_svc', command: 'group_msg_recall', family: 'feed', ratePerSecond: 200 },
  send_group_msg: { service: 'group_open_http_svc', command: 'send_group_msg', family: 'feed', ratePerSecond: 200, internal: true },
  // Live callback authentication token: https://trtc.io/document/69528 (set, 200 calls/s); the get
  // page was not read, so its rate is assumed from the set page.
  get_callback_token: { service: 'live_config', command: 'get_callback_token', family: 'callbacks', ratePerSecond: 200, rateAssumed: true },
  set_callback_token: { service: 'live_config', command: 'set_callback_token', family: 'callbacks', ratePerSecond: 200 },
  // IM REST (Chat) endpoints; pages in docs/reference/tencent-live-api.md §10.
  setnospeaking: { service: 'openconfigsvr', command: 'setnospeaking', family: 'enforcement', ratePerSecond: 200 },
  getnospeaking: { service: 'openconfigsvr', command: 'getnospeaking', family: 'enforcement', ratePerSecond: 200, rateAssumed: true },
  kick: { service: 'im_open_login_svc', command: 'kick', family: 'enforcement', ratePerSecond: 200 },
  account_check: { service: 'im_open_login_svc', command: 'account_check', family: 'profiles', ratePerSecond: 100 },
  account_import: { service: 'im_open_login_svc', command: 'account_import', family: 'profiles', ratePerSecond: 200 },
  multiaccount_import: { service: 'im_open_login_svc', command: 'multiaccount_import', family: 'profiles', ratePerSecond: 100 },
  portrait_get: { service: 'profile', command: 'portrait_get', family: 'profiles', ratePerSecond: 200 },
  portrait_set: { service: 'profile', command: 'portrait_set', family: 'profiles', ratePerSecond: 200 },
  get_members: { service: 'group_open_avchatroom_http_svc', command: 'get_members', family: 'audience', ratePerSecond: 200, rateAssumed: true },
  get_online_member_num: { service: 'group_open_http_svc', command: 'get_online_member_num', family: 'audience', ratePerSecond: 200 },
  // Live callback URL and commands: https://tencentcloud.com/document/product/647/64418 (get,
  // 200/s), 64420 (set; rate not read, assumed as get), 64419 (update, 200/s).
  get_callback: { service: 'live_config', command: 'get_callback', family: 'callbacks', ratePerSecond: 200 },
  set_callback: { service: 'live_config', command: 'set_callback', family: 'callbacks', ratePerSecond: 200, rateAssumed: true },
  update_callback: { service: 'live_config', command: 'update_callback', family: 'callbacks', ratePerSecond: 200 },
  // TRTC through Tencent Cloud API 3.0: trtc.io/document/34268 (RemoveUser), 39630
  // (RemoveUserByStrRoomId), 36754 (DescribeRoomInfo); 20 calls/s each.
  remove_user: { service: 'trtc', command: 'RemoveUser', family: 'trtc', ratePerSecond: 20, cloudApi: true },
  remove_user_by_str_room_id: { service: 'trtc', command: 'RemoveUserByStrRoomId', family: 'trtc', ratePerSecond: 20, cloudApi: true },
  describe_room_info: { service: 'trtc', command: 'DescribeRoomInfo', family: 'trtc', ratePerSecond: 20, cloudApi: true },
  // IM broadcast to every live room (AVChatRoom) of the app: trtc.io/document/49440, "1 times/second"
  // (the documented default; a higher rate is a paid option, not assumed here).
  send_broadcast_msg: { service: 'group_open_http_svc', command: 'send_broadcast_msg', family: 'messages', ratePerSecond: 1 },
  // Which of a batch of accounts are in a live room (AVChatRoom group): trtc.io/document/60523
  // (tencentcloud.com/document/product/1047/60523, cloud.tencent.com/document/product/269/95618), 200 calls/s.
  check_members: { service: 'group_open_avchatroom_http_svc', command: 'check_members', family: 'audience', ratePerSecond: 200 },
  // Gifts on one category: trtc.io/document/72853 (tencentcloud.com/document/product/1071/76854), 1 call/s.
  get_gift_category_relations: { service: 'live_engine_http_srv', command: 'get_gift_category_relations', family: 'gifts', ratePerSecond: 1 },
  // Tencent's default gift catalogue into an empty app: trtc.io/document/74360 (tencentcloud.com/
  // document/product/1071/78157, cloud.tencent.com/document/product/269/125752): "1 time/10 second".
  copy_default_gift_config: { service: 'live_engine_http_srv', command: 'copy_default_gift_config', family: 'gifts', ratePerSecond: 0.1 },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ROWS;

/** A catalog endpoint: its row, and its name. */
export interface Endpoint extends EndpointSpec {
  readonly name: EndpointName;
}

type Named<T> = { readonly [K in keyof T]: T[K] & { readonly name: K } };

/** Every endpoint by name; each entry carries its own name, so nothing has to look it up again. */
export const ENDPOINTS: Named<typeof ROWS> = Object.freeze(
  Object.fromEntries(Object.entries(ROWS).map(([name, row]) => [name, Object.freeze({ name, ...row })])),
) as Named<typeof ROWS>;

/** Names of the endpoints this server serves itself (the feed): no REST call, nothing to emulate. */
export type LocalEndpointName = { [K in EndpointName]: (typeof ROWS)[K] extends { local: true } ? K : never }[EndpointName];

/** Names of the Tencent Cloud API 3.0 actions (the sandbox answers them on its API 3.0 side). */
export type CloudApiEndpointName = { [K in EndpointName]: (typeof ROWS)[K] extends { cloudApi: true } ? K : never }[EndpointName];

/** Names of the v4 REST endpoints that reach Tencent, and so the sandbox: every one needs a handler. */
export type RemoteEndpointName = Exclude<EndpointName, LocalEndpointName | CloudApiEndpointName>;

/** `v4/{service}/{command}`: the path the vendor and the sandbox both route on. */
export function endpointPath(ep: Pick<Endpoint, 'service' | 'command'>): string {
  return `v4/${ep.service}/${ep.command}`;
}

/** The key under which an endpoint's calls are counted against Tencent's frequency limit. */
export function budgetGroup(ep: Endpoint): string {
  return ep.budget ?? `${ep.service}/${ep.command}`;
}

/** A Duration argument of this endpoint, in seconds. */
export function durationInSeconds(ep: Endpoint | undefined, value: number): number {
  return ep?.durationUnit === 'ms' ? value / 1000 : value;
}
