// Request-body checks shared by every handler. Each failure is a 100002 (invalid parameter) whose
// ErrorInfo names the field, what was expected and what arrived, so a caller (or an agent reading
// the tool result) can fix the call without opening the vendor docs. Types are strict (no "5" for
// 5): Tencent documents Integer and String fields, and a lenient sandbox would hide client bugs.
// Below the Fields class sit the few checks handlers share that need the state (room kinds).
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import type { LiveRoom, SandboxState, TakeSeatMode } from '../state.js';

/** Longest RoomId Tencent accepts (create_room: max 48 bytes). */
export const ROOM_ID_MAX_BYTES = 48;

/** TakeSeatMode values live and conference rooms both accept. */
export const TAKE_SEAT_MODES = ['FreeToTake', 'ApplyToTake'] as const satisfies readonly TakeSeatMode[];

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export interface StrOpts {
  /** Default false: most ids and names must not be empty. */
  allowEmpty?: boolean;
  maxBytes?: number;
  oneOf?: readonly string[];
}

export interface IntOpts {
  min?: number;
  max?: number;
  oneOf?: readonly number[];
}

export interface ListOpts {
  minItems?: number;
  maxItems?: number;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Typed accessors over one JSON object (the body, or a nested wrapper such as RoomInfo). */
export class Fields {
  constructor(
    readonly obj: Record<string, unknown>,
    readonly prefix = '',
  ) {}

  label(name: string): string {
    if (!this.prefix) return name;
    return name.startsWith('[') ? `${this.prefix}${name}` : `${this.prefix}.${name}`;
  }

  private fail(name: string, expected: string): never {
    throw invalidParameter(`${this.label(name)} must be ${expected}; got ${describe(this.obj[name])}`);
  }

  has(name: string): boolean {
    return this.obj[name] !== undefined;
  }

  str(name: string, opts: StrOpts = {}): string {
    const v = this.obj[name];
    if (v === undefined) throw invalidParameter(`${this.label(name)} is required (a string)`);
    return this.checkStr(name, v, opts);
  }

  optStr(name: string, opts: StrOpts = {}): string | undefined {
    const v = this.obj[name];
    return v === undefined ? undefined : this.checkStr(name, v, { allowEmpty: true, ...opts });
  }

  private checkStr(name: string, v: unknown, opts: StrOpts): string {
    if (typeof v !== 'string') this.fail(name, 'a string');
    if (!opts.allowEmpty && v.length === 0) this.fail(name, 'a non-empty string');
    if (opts.maxBytes !== undefined && byteLength(v) > opts.maxBytes) {
      throw invalidParameter(`${this.label(name)} must be at most ${opts.maxBytes} bytes (UTF-8); got ${byteLength(v)}`);
    }
    if (opts.oneOf && !opts.oneOf.includes(v)) this.fail(name, `one of ${opts.oneOf.join(' | ')}`);
    return v;
  }

  int(name: string, opts: IntOpts = {}): number {
    const v = this.obj[name];
    if (v === undefined) throw invalidParameter(`${this.label(name)} is required (an integer)`);
    return this.checkInt(name, v, opts);
  }

  optInt(name: string, opts: IntOpts = {}): number | undefined {
    const v = this.obj[name];
    return v === undefined ? undefined : this.checkInt(name, v, opts);
  }

  private checkInt(name: string, v: unknown, opts: IntOpts): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(name, 'an integer');
    const { min, max } = opts;
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
      const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
      this.fail(name, `an integer ${range}`);
    }
    if (opts.oneOf && !opts.oneOf.includes(v)) this.fail(name, `one of ${opts.oneOf.join(' | ')}`);
    return v;
  }

  optBool(name: string): boolean | undefined {
    const v = this.obj[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(name, 'true or false');
    return v;
  }

  strList(name: string, opts: ListOpts & { item?: StrOpts } = {}): string[] {
    const v = this.obj[name];
    if (v === undefined) throw invalidParameter(`${this.label(name)} is required (an array of strings)`);
    return this.checkStrList(name, v, opts);
  }

  optStrList(name: string, opts: ListOpts & { item?: StrOpts } = {}): string[] | undefined {
    const v = this.obj[name];
    return v === undefined ? undefined : this.checkStrList(name, v, opts);
  }

  /** Account ids: non-empty strings, at least one, at most `maxItems` where the doc caps the call. */
  accountList(name: string, maxItems?: number): string[] {
    return this.strList(name, { minItems: 1, maxItems });
  }

  private checkStrList(name: string, v: unknown, opts: ListOpts & { item?: StrOpts }): string[] {
    if (!Array.isArray(v)) this.fail(name, 'an array of strings');
    this.checkCount(name, v.length, opts);
    return v.map((x, i) => new Fields({ [`[${i}]`]: x }, this.label(name)).checkStr(`[${i}]`, x, opts.item ?? {}));
  }

  optIntList(name: string, opts: ListOpts = {}): number[] | undefined {
    const v = this.obj[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) this.fail(name, 'an array of integers');
    this.checkCount(name, v.length, opts);
    return [...(v as number[])];
  }

  private checkCount(name: string, n: number, { minItems, maxItems }: ListOpts): void {
    if (minItems !== undefined && n < minItems) throw invalidParameter(`${this.label(name)} must hold at least ${minItems} item(s); got ${n}`);
    if (maxItems !== undefined && n > maxItems) throw invalidParameter(`${this.label(name)} may hold at most ${maxItems} item(s); got ${n}`);
  }

  object(name: string): Fields {
    const v = this.obj[name];
    if (v === undefined) throw invalidParameter(`${this.label(name)} is required (an object)`);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(name, 'an object');
    return new Fields(v as Record<string, unknown>, this.label(name));
  }

  optObject(name: string): Fields | undefined {
    return this.obj[name] === undefined ? undefined : this.object(name);
  }

  /** Entry `i` of the array `name` (the caller has checked it is one), as an object labelled `name[i]`. */
  objectAt(name: string, i: number): Fields {
    return new Fields({ [`[${i}]`]: (this.obj[name] as unknown[])[i] }, this.label(name)).object(`[${i}]`);
  }

  /** A required array of objects, each as Fields labelled `name[i]`. */
  objectList(name: string, opts: ListOpts = {}): Fields[] {
    const v = this.obj[name];
    if (v === undefined) throw invalidParameter(`${this.label(name)} is required (an array of objects)`);
    if (!Array.isArray(v)) throw invalidParameter(`${this.label(name)} must be an array of objects`);
    this.checkCount(name, v.length, opts);
    return v.map((_, i) => this.objectAt(name, i));
  }

  /** A RoomId: required, non-empty, at most 48 bytes. */
  roomId(name = 'RoomId'): string {
    return this.str(name, { maxBytes: ROOM_ID_MAX_BYTES });
  }
}

export function fields(body: Record<string, unknown>): Fields {
  return new Fields(body);
}

/**
 * True when `s` is JSON text (fields documented as "must be a JSON string"). src/tools/fields.ts
 * has the same check for the tool schemas; the sandbox stands in for Tencent and imports nothing
 * from the tools layer, so each side keeps its own.
 */
export function isJsonText(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** A partial update: each field the call sent overwrites, each one it left out (undefined) stays. */
export function applyDefined<T extends object>(target: T, changes: Partial<T>): void {
  for (const [k, v] of Object.entries(changes)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
}

/**
 * The room for a live-only API. A conference RoomId is 100006, the code the docs give for a room
 * of the wrong type; an unknown one is 100004. `why` ends the ErrorInfo: what the API serves.
 */
export function liveRoomOnly(state: SandboxState, roomId: string, why: string): LiveRoom {
  if (state.conferenceRooms.has(roomId)) {
    throw new SandboxError(CODES.NOT_PERMITTED, `room ${JSON.stringify(roomId)} is a conference room; ${why}`);
  }
  return state.requireRoom(roomId);
}
