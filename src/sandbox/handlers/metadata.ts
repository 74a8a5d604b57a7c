// live_engine_http_srv room metadata: custom key/value pairs on a live room.
// docs/reference/tencent-live-api.md §5 "room-metadata".
//
// Limits (documented): at most 10 keys per room, a key at most 50 bytes, a value at most 2 KB,
// all values of the room together at most 16 KB. "KB" is read as 1024 bytes, counted in UTF-8.
// Where the reference is silent, and what the sandbox chose:
// - An unknown RoomId is 100004, the family-wide "room does not exist" (the metadata pages list no
//   code for it); a conference RoomId is 100006 (metadata is a live-room feature).
// - set_room_metadata is all or nothing: the limits are checked against the room as it would be
//   after the upsert, and nothing changes when one fails. A value over 2 KB is 100501 rather than
//   100002, since the docs give it its own code; 11+ keys after the merge is 100500; over 16 KB in
//   total is 100502. The same key twice in one call is 100002 (which one would win is undefined).
// - get_room_metadata with Keys [] returns every key in insertion order; with keys, the pairs that
//   exist in the order asked, and keys that are not set are left out.
// - del_room_metadata ignores keys that are not set (the outcome, "not set", already holds); an
//   empty Keys list is 100002 rather than "delete everything", which no doc says.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import type { LiveRoom, SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { byteLength, Fields, fields, liveRoomOnly, type StrOpts } from './validate.js';

export const METADATA_MAX_KEYS = 10;
export const METADATA_KEY_MAX_BYTES = 50;
export const METADATA_VALUE_MAX_BYTES = 2 * 1024;
export const METADATA_TOTAL_MAX_BYTES = 16 * 1024;

const KEY: StrOpts = { maxBytes: METADATA_KEY_MAX_BYTES };
const q = JSON.stringify;

function metadataRoom(state: SandboxState, roomId: string): LiveRoom {
  return liveRoomOnly(state, roomId, 'room metadata exists for live rooms only');
}

function totalBytes(values: Iterable<string>): number {
  let n = 0;
  for (const v of values) n += byteLength(v);
  return n;
}

/** Metadata: a non-empty array of { Key, Value } strings, each key once. */
function parseMetadata(body: Record<string, unknown>): Array<{ Key: string; Value: string }> {
  const list = body.Metadata;
  if (list === undefined) throw invalidParameter('Metadata is required (an array of { Key, Value } objects)');
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter('Metadata must be a non-empty array of { Key, Value } objects');
  const seen = new Set<string>();
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidParameter(`Metadata[${i}] must be an object with Key and Value`);
    const f = new Fields(item as Record<string, unknown>, `Metadata[${i}]`);
    const Key = f.str('Key', KEY);
    // Empty values are allowed; the 2 KB cap is checked later as 100501.
    const Value = f.str('Value', { allowEmpty: true });
    if (seen.has(Key)) throw invalidParameter(`Metadata lists the key ${q(Key)} more than once`);
    seen.add(Key);
    return { Key, Value };
  });
}

const setRoomMetadata: Handler = ({ state, body }) => {
  const roomId = fields(body).roomId();
  const entries = parseMetadata(body);
  const room = metadataRoom(state, roomId);
  for (const { Key, Value } of entries) {
    const size = byteLength(Value);
    if (size > METADATA_VALUE_MAX_BYTES) {
      throw new SandboxError(CODES.METADATA_VALUE_TOO_LARGE, `the value of ${q(Key)} is ${size} bytes; a value may hold at most ${METADATA_VALUE_MAX_BYTES} bytes (2 KB)`);
    }
  }
  const after = new Map(room.metadata);
  for (const { Key, Value } of entries) after.set(Key, Value);
  if (after.size > METADATA_MAX_KEYS) {
    throw new SandboxError(CODES.METADATA_TOO_MANY_KEYS, `room ${q(roomId)} would hold ${after.size} metadata keys; at most ${METADATA_MAX_KEYS} are allowed (it holds ${room.metadata.size}; delete some first)`);
  }
  const total = totalBytes(after.values());
  if (total > METADATA_TOTAL_MAX_BYTES) {
    throw new SandboxError(CODES.METADATA_TOTAL_TOO_LARGE, `the metadata values of room ${q(roomId)} would total ${total} bytes; at most ${METADATA_TOTAL_MAX_BYTES} bytes (16 KB) are allowed`);
  }
  // Map.set keeps an overwritten key in its place, so listing order stays stable.
  for (const { Key, Value } of entries) room.metadata.set(Key, Value);
  return {};
};

const getRoomMetadata: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const keys = f.strList('Keys', { item: KEY });
  const room = metadataRoom(state, roomId);
  const wanted = keys.length === 0 ? [...room.metadata.keys()] : [...new Set(keys)].filter((k) => room.metadata.has(k));
  return { Response: { Metadata: wanted.map((Key) => ({ Key, Value: room.metadata.get(Key)! })) } };
};

const delRoomMetadata: Handler = ({ state, body }) => {
  const f = fields(body);
  const roomId = f.roomId();
  const keys = f.strList('Keys', { minItems: 1, item: KEY });
  const room = metadataRoom(state, roomId);
  for (const k of keys) room.metadata.delete(k);
  return {};
};

export const metadataHandlers = {
  set_room_metadata: setRoomMetadata,
  get_room_metadata: getRoomMetadata,
  del_room_metadata: delRoomMetadata,
} satisfies HandlerMap;
