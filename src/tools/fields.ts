// Field schemas shared by every tool family. Property names are Tencent's request field names,
// so a tool's input reads like the vendor's documentation. Every field carries a description:
// it is what the model reads in tools/list.
import * as z from 'zod/v4';

/** Tencent counts string limits in UTF-8 bytes; so do the refinements below and the forms. */
export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A string limited in UTF-8 bytes, as Tencent counts, not in characters. */
export function boundedString(maxBytes: number, description: string) {
  return z
    .string()
    .max(maxBytes)
    .refine((s) => utf8Bytes(s) <= maxBytes, { message: `must be at most ${maxBytes} bytes in UTF-8` })
    .describe(`${description} (≤${maxBytes} UTF-8 bytes).`);
}

/** A non-empty string limited in UTF-8 bytes (names: an empty one would be refused by Tencent). */
export function nonEmptyBounded(maxBytes: number, description: string) {
  return z
    .string()
    .min(1)
    .max(maxBytes)
    .refine((s) => utf8Bytes(s) <= maxBytes, { message: `must be at most ${maxBytes} bytes in UTF-8` })
    .describe(`${description} (1-${maxBytes} UTF-8 bytes).`);
}

/**
 * A non-blank string of at most `maxBytes` UTF-8 bytes (gift ids and required gift names). Unlike
 * nonEmptyBounded it has no character `.max()`: adding one would put maxLength into the published
 * schema of every gift tool.
 */
export function boundedId(maxBytes: number, description: string) {
  return z
    .string()
    .min(1)
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
    .refine((s) => utf8Bytes(s) <= maxBytes, { message: `must be at most ${maxBytes} bytes in UTF-8` })
    .describe(`${description} (≤${maxBytes} UTF-8 bytes).`);
}

/** A non-empty identifier; whitespace-only values are refused rather than sent. */
export function idString(description: string) {
  return z
    .string()
    .min(1)
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
    .describe(description);
}

/**
 * Room IDs, live and conference alike. Tencent's room engine (shared by TUILiveKit and TUIRoomKit)
 * refuses a room ID that is not printable ASCII (0x20-0x7E) or longer than 48 bytes: error
 * ERR_INVALID_ROOM_ID (-2105), "custom ID must be printable ASCII characters (0x20-0x7e), up to 48
 * bytes" (TUIRoomEngine error codes, https://pub.dev/documentation/rtc_room_engine/latest/ and
 * https://pub.dev/documentation/tencent_live_uikit/latest/ livekit_error_roomId_invalid); the REST
 * create_room pages give the same 48 bytes (https://trtc.io/document/63401 for live rooms,
 * https://trtc.io/document/60707 for conference rooms). Leading or trailing spaces are refused
 * on top of that: such an ID cannot be told apart from its trimmed twin by a person reading a form.
 */
export const ROOM_ID_MAX_BYTES = 48;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
export const RoomId = z
  .string()
  .min(1)
  .max(ROOM_ID_MAX_BYTES)
  .regex(PRINTABLE_ASCII, { message: 'must be printable ASCII (0x20-0x7E): no control, line-break, bidi or non-ASCII characters' })
  .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
  .refine((s) => s.trim() === s, { message: 'must not start or end with a space' })
  .refine((s) => utf8Bytes(s) <= ROOM_ID_MAX_BYTES, { message: 'must be at most 48 bytes in UTF-8' })
  // The pattern and maxLength in the listed schema already say printable ASCII, 48 bytes.
  .describe('Room ID, exactly as created.');

/** Every tool output carries the vendor's RequestId, to quote when reporting a problem. */
export const RequestId = z.string().describe("Tencent's ID, for problem reports.");

/**
 * User IDs (IM accounts). Tencent's account pages limit a UserID to 32 bytes ("Username, which is a
 * string of up to 32 bytes in length": https://www.tencentcloud.com/document/product/1047/34953,
 * and multiaccount_import, https://trtc.io/document/34954) and name no character set; TRTC, which
 * every TUILiveKit/TUIRoomKit member also signs in to with the same ID, recommends "up to 32 bytes
 * of letters (a-z and A-Z), digits (0-9), underscores, and hyphens" (TRTCParams.userId,
 * https://pub.dev/documentation/tencent_trtc_cloud/latest/trtc_cloud_def/TRTCParams/userId.html).
 * We accept visible ASCII (0x21-0x7E): the recommended set plus the punctuation apps use in
 * practice (e.g. "@", "."), and nothing that can hide or disguise an ID: no space, control,
 * line-break, NUL, bidi or other non-ASCII character.
 */
export const USER_ID_MAX_BYTES = 32;
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;
export const UserId = (description = 'User ID (IM account).') =>
  z
    .string()
    .min(1)
    .max(USER_ID_MAX_BYTES)
    .regex(VISIBLE_ASCII, { message: 'must be visible ASCII (0x21-0x7E): no spaces, control, line-break, bidi or non-ASCII characters' })
    // Visible ASCII and 32 bytes are in the listed pattern and maxLength; the words say what it is.
    .describe(description);

export const SeatIndex = nonNegativeInt().describe('Seat index from 0 (get_seat_list shows the seats).');

/**
 * An integer >= min that is not -0. JSON carries "-0", and JSON.parse keeps the sign: `MuteTime:
 * -0` passes `.min(0)` yet is sent as 0 (an unmute) while the form and the audit read "-0".
 */
export function nonNegativeInt(min = 0) {
  return z.number().int().min(min).refine((n) => !Object.is(n, -0), { message: 'must not be -0' });
}

/**
 * Where Tencent documents no cap for a list, we cap it at 20: a confirmation form must stay short
 * enough for a person to read every entry, and Tencent's own documented caps for the same kind of
 * list (ban_member, modify_admin, kick_user_out) are 20.
 */
export const UNDOCUMENTED_LIST_CAP = 20;

/** A list of user IDs with Tencent's per-call cap. */
export function userIdList(max: number, description: string) {
  // minItems/maxItems in the listed schema carry the per-call cap.
  return z.array(UserId()).min(1).max(max).describe(description);
}

/**
 * True when `s` is JSON text; Tencent's "must be a JSON string" fields carry escaped JSON. The
 * sandbox's handlers/validate.ts keeps its own copy: neither layer imports the other.
 */
export function isJsonText(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
