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
    .describe(`${description} (at most ${maxBytes} bytes UTF-8).`);
}

/** A non-empty string limited in UTF-8 bytes (names: an empty one would be refused by Tencent). */
export function nonEmptyBounded(maxBytes: number, description: string) {
  return z
    .string()
    .min(1)
    .max(maxBytes)
    .refine((s) => utf8Bytes(s) <= maxBytes, { message: `must be at most ${maxBytes} bytes in UTF-8` })
    .describe(`${description} (1 to ${maxBytes} bytes UTF-8).`);
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
    .describe(`${description} (at most ${maxBytes} bytes UTF-8).`);
}

/** A non-empty identifier; whitespace-only values are refused rather than sent. */
export function idString(description: string) {
  return z
    .string()
    .min(1)
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
    .describe(description);
}

export const RoomId = z
  .string()
  .min(1)
  .max(48)
  .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
  .refine((s) => utf8Bytes(s) <= 48, { message: 'must be at most 48 bytes in UTF-8' })
  .describe('Room ID, exactly as the app created it (at most 48 bytes UTF-8).');

/** Every tool output carries the vendor's RequestId, to quote when reporting a problem. */
export const RequestId = z.string().describe('Tencent RequestId of the call; quote it when reporting a problem.');

export const UserId = (description = 'User ID (the IM account of the user).') => idString(description);

export const SeatIndex = z.number().int().min(0).describe('Seat index, starting at 0. Read get_seat_list for the seats a room has.');

/** A list of user IDs with Tencent's per-call cap. */
export function userIdList(max: number, description: string) {
  return z.array(UserId()).min(1).max(max).describe(`${description} (1 to ${max} user IDs per call).`);
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
