// Tencent error codes → short meanings, from docs/reference/tencent-live-api.md (sections 2 and 3)
// and the per-endpoint `errors` arrays of its JSON twin. A plain literal on purpose: the package
// must run without the docs/ folder (it is not published). Wordings that differ only in phrasing between pages
// ("room does not exist or dismissed" / "…or was dismissed") are folded into one general meaning;
// where an endpoint's page gives a code a different meaning, that meaning is kept as a variant.
import { ENDPOINTS, type EndpointName } from './endpoints.js';

/** Common IM REST-layer codes (60000–79999), shared by every endpoint. */
export const COMMON_CODES: Readonly<Record<number, string>> = {
  60002: 'HTTP parse error; check the URL format',
  60003: 'request body is not valid JSON',
  60004: 'wrong account or signature in the URL or body',
  60005: 'wrong account or signature in the URL or body',
  60006: 'SDKAppID is invalid',
  60007: 'REST API call-frequency limit exceeded for this API',
  60008: 'service timeout or malformed HTTP request; retry',
  60009: 'requested resource is wrong; check the URL',
  60010: 'App administrator privilege required',
  60011: 'SDKAppID-level call-frequency limit exceeded',
  60012: 'SDKAppID missing from the URL',
  60013: 'response JSON parse error',
  60014: 'account exchange timed out',
  60015: 'an account field in the body has the wrong type (must be a string)',
  60016: 'SDKAppID is disabled',
  60017: 'request is disabled',
  60018: 'requests too frequent; retry later',
  60019: 'requests too frequent; retry later',
  60020: 'the paid package has expired and the app is suspended (repurchase; takes about 5 minutes)',
  60021: 'the caller\'s IP address is not on the app\'s REST API IP allowlist (Chat console); add the server\'s public IP or remove the allowlist',
  70001: 'UserSig expired; regenerate it',
  70002: 'UserSig is empty',
  70003: 'UserSig could not be parsed (truncated or malformed)',
  70009: 'UserSig verification failed (probably signed with another app\'s secret key)',
  70013: 'the UserID in the request is not the one the UserSig was made for',
  70014: 'the SDKAppID in the request is not the one the UserSig was made for',
  70016: 'secret key not found (SDKAppID and data-centre region do not match)',
  70020: 'SDKAppID not found (SDKAppID and data-centre region do not match)',
  70050: 'signature verification failed too often and is rate-limited; retry after 1 minute',
  70051: 'account is blacklisted',
  70107: 'user account has not been imported into IM (import it first)',
};

interface PrivateCode {
  /** The meaning when no endpoint is given, or the endpoint's page does not list a variant. */
  meaning: string;
  /** Endpoint-specific meanings (tool names as in ENDPOINTS). */
  variants?: ReadonlyArray<{ meaning: string; on: readonly EndpointName[] }>;
}

const GIFT_CONFIG = [
  'add_gift', 'add_gift_category', 'add_gift_category_relations', 'del_gift', 'del_gift_category',
  'del_gift_category_language', 'del_gift_category_relations', 'del_gift_language', 'edit_gift',
  'edit_gift_category', 'get_gift', 'get_gift_category', 'get_gift_category_language', 'get_gift_count',
  'get_gift_info_list', 'get_gift_language', 'set_gift_category_language', 'set_gift_language',
  'get_gift_category_relations', 'copy_default_gift_config',
] as const satisfies readonly EndpointName[];

const CONFERENCE_MEMBER_OPS = [
  'ban_room_member', 'conference_change_room_owner', 'conference_create_room', 'conference_destroy_room',
  'conference_get_banned_member_list', 'conference_get_room_info', 'get_room_member_list', 'kick_user_out',
  'mark_room_member', 'unban_room_member', 'conference_update_room_info', 'update_room_member_info',
] as const satisfies readonly EndpointName[];

const METADATA = ['del_room_metadata', 'get_room_metadata', 'set_room_metadata'] as const satisfies readonly EndpointName[];
const MIX = ['resume_mcu_task', 'set_mix_stream'] as const satisfies readonly EndpointName[];

/** Private (per-API) codes of the live-room and conference-room services. */
export const PRIVATE_CODES: Readonly<Record<number, PrivateCode>> = {
  100001: { meaning: 'internal server error; retry' },
  100002: { meaning: 'invalid parameter' },
  100300: { meaning: 'a callback configuration already exists; change it with update_callback' },
  100301: { meaning: 'no callback configuration exists yet; create one with set_callback' },
  100003: {
    meaning: 'room ID already exists; choose another',
    variants: [{
      meaning: 'room ID already exists (listed on this page by copy-paste from create_room; not expected here)',
      on: [...METADATA, 'send_gift'],
    }],
  },
  100004: { meaning: 'room does not exist (never created or already dismissed)' },
  100005: { meaning: 'user is not a member of the room' },
  100006: {
    meaning: 'operation not allowed: wrong room type or insufficient permission',
    variants: [
      { meaning: 'no permission to operate room metadata', on: METADATA },
      { meaning: 'room type not supported for this call', on: ['get_member_list'] },
      { meaning: 'room must be of type Live', on: ['add_robot', 'del_robot', 'get_robot'] },
      { meaning: 'room must be a Live room with seats, created with IsUnlimitedRoomEnabled=true', on: MIX },
      { meaning: 'insufficient permission; App administrator account required', on: GIFT_CONFIG },
      { meaning: 'insufficient operation permission', on: CONFERENCE_MEMBER_OPS },
    ],
  },
  100007: {
    meaning: 'no payment information or package; buy a Live package in the console',
    variants: [{ meaning: 'the paid plan does not include this capability', on: MIX }],
  },
  100010: { meaning: 'room ID already exists with the same Owner_Account; it can be used as is' },
  100011: { meaning: 'room ID is already used by a Chat (IM) group' },
  100012: {
    meaning: 'called too frequently',
    variants: [
      { meaning: 'creation rate limit: the same room ID can be created at most once per second', on: ['create_room'] },
      { meaning: 'called too frequently; copy_default_gift_config allows 1 call per 10 seconds', on: ['copy_default_gift_config'] },
      { meaning: 'called too frequently; gift-configuration APIs allow 1 call per second', on: GIFT_CONFIG },
    ],
  },
  100026: { meaning: 'room name or other information hit sensitive-content filtering' },
  100200: { meaning: 'seat is locked' },
  100202: { meaning: 'user is already in the seat-request queue' },
  100203: { meaning: 'user is already on a seat' },
  100205: { meaning: 'all seats are full' },
  100210: { meaning: 'seat is already occupied' },
  100211: { meaning: 'room does not support seats' },
  100422: { meaning: 'mixing frequency control: at most 20 mixing operations per second per SDKAppID' },
  100424: { meaning: 'mix-stream task does not exist; retry' },
  100427: { meaning: 'mixing operations in this room are too fast; retry later' },
  100428: { meaning: 'failed to pull the host information while mixing' },
  100429: { meaning: 'invalid mixing mode' },
  100500: { meaning: 'room metadata would exceed 10 keys' },
  100501: { meaning: 'a single metadata value exceeds 2 KB' },
  100502: { meaning: 'total size of all metadata values exceeds 16 KB' },
  102001: { meaning: 'gift capability not enabled (check the paid package)' },
  102002: { meaning: 'gift ID does not exist' },
  102004: { meaning: 'the app\'s before-send-gift webhook failed or rejected the gift' },
  102008: { meaning: 'gifts are switched off for this room' },
  102010: { meaning: 'the app already has gift configuration; the default catalogue installs only when every gift and category has been deleted' },
  // IM REST codes met through the enforcement, profile and audience tools.
  10017: { meaning: 'the sender is muted (app-wide by setnospeaking, or in the group); the message was not sent' },
  20012: { meaning: 'the sender is muted app-wide for one-to-one messages (setnospeaking)' },
  10010: { meaning: 'the group (live room) does not exist or was dismissed' },
  10007: { meaning: 'insufficient permission: the group is not an AVChatRoom (live room) group, or the caller may not do this' },
  // The IM group pages' shared table (e.g. check_members, tencentcloud.com/document/product/1047/60523).
  10001: { meaning: 'not logged in: check the admin account and its UserSig' },
  10002: { meaning: 'IM system error; retry' },
  10003: { meaning: 'invalid request command' },
  10004: { meaning: 'invalid parameter: a required field is missing or malformed (see ErrorInfo)' },
  40001: { meaning: 'incorrect profile request parameter' },
  40003: { meaning: 'the requested account does not exist (not imported)' },
};

/** 102100–102200: codes an app's before-send-gift webhook may return, passed through verbatim. */
const GIFT_WEBHOOK_RANGE = { from: 102100, to: 102200 } as const;

// service/command → tool name, so callers may name an endpoint either way.
const TOOL_BY_PATH = new Map<string, EndpointName>(
  (Object.entries(ENDPOINTS) as [EndpointName, { service: string; command: string }][])
    .map(([name, ep]) => [`${ep.service}/${ep.command}`, name]),
);

/** Resolves a tool name, `service/command` or `v4/service/command` to the tool name. */
export function toolNameFor(command: string): EndpointName | undefined {
  if (Object.prototype.hasOwnProperty.call(ENDPOINTS, command)) return command as EndpointName;
  return TOOL_BY_PATH.get(command.replace(/^\/?v4\//, ''));
}

/**
 * The meaning of a Tencent error code, preferring the named endpoint's own wording when its page
 * lists the code. `command` is a tool name (`conference_create_room`), `service/command` or
 * `v4/service/command`. Undefined for codes the reference does not list.
 */
export function describeCode(code: number, command?: string): string | undefined {
  const entry = PRIVATE_CODES[code];
  if (entry) {
    const tool = command === undefined ? undefined : toolNameFor(command);
    const variant = tool === undefined ? undefined : entry.variants?.find((v) => v.on.includes(tool));
    return (variant ?? entry).meaning;
  }
  const common = COMMON_CODES[code];
  if (common) return common;
  if (code >= GIFT_WEBHOOK_RANGE.from && code <= GIFT_WEBHOOK_RANGE.to) {
    return 'the app\'s before-send-gift webhook rejected the gift with its own code';
  }
  return undefined;
}

const RATE_LIMIT = new Set([60007, 60011, 60018, 60019, 100012, 100422, 100427]);
const RETRYABLE = new Set([100001, 60008, 60018, 60019]);

/**
 * Frequency-control codes: the request was refused for speed, not content, so a read may be
 * repeated after a pause. 100012 counts on both pages that list it (gift configuration 1/s,
 * create_room once per second per RoomId); 100427 ("too fast; retry later") is the per-room
 * mixing limit next to 100422. 70050 is not here: it is a signature lockout of a minute.
 */
export function isRateLimitCode(code: number): boolean {
  return RATE_LIMIT.has(code);
}

/** Transient server-side failures after which repeating an idempotent read may succeed. */
export function isRetryableCode(code: number): boolean {
  return RETRYABLE.has(code);
}

/** UserSig problems (70001–70020): the fix is the key, the admin identifier or the region. */
export function isSignatureCode(code: number): boolean {
  return code >= 70001 && code <= 70020 && code in COMMON_CODES;
}
