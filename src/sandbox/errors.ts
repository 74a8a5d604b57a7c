// The one error type sandbox handlers throw. The dispatcher turns it into Tencent's envelope
// ({ ActionStatus: 'FAIL', ErrorCode, ErrorInfo, RequestId }); anything else a handler throws
// becomes 100001 (internal error), as it would at Tencent.

export class SandboxError extends Error {
  constructor(
    readonly code: number,
    readonly info: string,
  ) {
    super(`${code}: ${info}`);
    this.name = 'SandboxError';
  }
}

/**
 * The codes the sandbox answers with, named so handlers read as the reference does
 * (docs/reference/tencent-live-api.md §2 common codes, §3 private codes).
 */
export const CODES = {
  // Common REST layer (60000–79999).
  HTTP_PARSE: 60002,
  BODY_NOT_JSON: 60003,
  BAD_ACCOUNT: 60004,
  SDKAPPID_INVALID: 60006,
  RATE_LIMITED: 60007,
  WRONG_RESOURCE: 60009,
  ADMIN_REQUIRED: 60010,
  SDKAPPID_MISSING: 60012,
  SIG_EXPIRED: 70001,
  SIG_EMPTY: 70002,
  SIG_UNPARSABLE: 70003,
  SIG_MISMATCH: 70009,
  SIG_IDENTIFIER_MISMATCH: 70013,
  SIG_SDKAPPID_MISMATCH: 70014,
  // Private live-room codes (100000+).
  INTERNAL: 100001,
  INVALID_PARAMETER: 100002,
  ROOM_EXISTS: 100003,
  ROOM_NOT_FOUND: 100004,
  NOT_A_MEMBER: 100005,
  NOT_PERMITTED: 100006,
  ROOM_EXISTS_SAME_OWNER: 100010,
  TOO_FREQUENT: 100012,
  SEAT_LOCKED: 100200,
  ALREADY_ON_SEAT: 100203,
  SEATS_FULL: 100205,
  SEAT_OCCUPIED: 100210,
  NO_SEATS: 100211,
  METADATA_TOO_MANY_KEYS: 100500,
  METADATA_VALUE_TOO_LARGE: 100501,
  METADATA_TOTAL_TOO_LARGE: 100502,
  MCU_RATE_LIMITED: 100422,
  MIX_TASK_NOT_FOUND: 100424,
  MIX_HOST_UNAVAILABLE: 100428,
  GIFT_CAPABILITY_OFF: 102001,
  GIFT_NOT_FOUND: 102002,
  GIFT_SWITCH_OFF: 102008,
  GIFT_CONFIG_EXISTS: 102010,
  CALLBACK_CONFIG_EXISTS: 100300,
  CALLBACK_CONFIG_MISSING: 100301,
} as const;

/** Shorthand for the most common failure: a request field that breaks the documented rules. */
export function invalidParameter(info: string): SandboxError {
  return new SandboxError(CODES.INVALID_PARAMETER, `invalid parameter: ${info}`);
}
