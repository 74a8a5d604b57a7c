// The checks Tencent's REST gateway makes before any command runs, in the order Tencent's REST
// overview and common error codes describe (docs/reference/tencent-live-api.md §1–§2). Each failure is a
// SandboxError carrying the common code; the dispatcher wraps it in the FAIL envelope.
import { decodeUserSig, userSigSignatureValid } from '../client/usersig.js';
import { CODES, SandboxError } from './errors.js';

export interface SandboxCredentials {
  sdkAppId: number;
  secretKey: string;
  /** The App administrator: the only identifier the REST API accepts. */
  admin: string;
}

const UINT32_MAX = 4294967295;

function fail(code: number, info: string): never {
  throw new SandboxError(code, info);
}

/**
 * Verifies method, query and UserSig. `nowMs` is the sandbox clock.
 *
 * Codes the reference does not pin down, and the choice made:
 * - A method other than POST: 60002 (HTTP parse error). The docs only say "POST only".
 * - A missing or empty `identifier`: 60004 ("wrong account or signature in URL").
 * - `random` not a uint32, or `contenttype` not `json`: 60002 (HTTP parse error, "check URL format").
 * - A missing `usersig` is treated as empty: 70002.
 */
export function checkRequest(method: string, query: URLSearchParams, creds: SandboxCredentials, nowMs: number): void {
  if (method.toUpperCase() !== 'POST') fail(CODES.HTTP_PARSE, `HTTP method ${method} not allowed: the REST API takes POST only`);

  const sdkappid = query.get('sdkappid');
  if (sdkappid === null || sdkappid === '') fail(CODES.SDKAPPID_MISSING, 'sdkappid is missing from the URL query');
  const identifier = query.get('identifier');
  if (identifier === null || identifier === '') fail(CODES.BAD_ACCOUNT, 'identifier (the App administrator account) is missing from the URL query');
  const random = query.get('random');
  if (random === null || !/^\d{1,10}$/.test(random) || Number(random) > UINT32_MAX) {
    fail(CODES.HTTP_PARSE, 'random must be an unsigned 32-bit integer (0 to 4294967295) in the URL query');
  }
  if (query.get('contenttype') !== 'json') fail(CODES.HTTP_PARSE, 'contenttype must be json in the URL query');

  if (!/^\d+$/.test(sdkappid) || Number(sdkappid) !== creds.sdkAppId) {
    fail(CODES.SDKAPPID_INVALID, `SDKAppID ${sdkappid} is invalid: it is not this server's application`);
  }

  const usersig = query.get('usersig') ?? '';
  if (usersig === '') fail(CODES.SIG_EMPTY, 'usersig is empty');
  const sig = decodeUserSig(usersig);
  if (!sig) fail(CODES.SIG_UNPARSABLE, 'usersig could not be parsed (truncated or not a TLSSigAPIv2 signature)');
  if (sig.time + sig.expire < Math.floor(nowMs / 1000)) fail(CODES.SIG_EXPIRED, 'usersig has expired; generate a new one');
  if (!userSigSignatureValid(sig, creds.secretKey)) {
    fail(CODES.SIG_MISMATCH, 'usersig verification failed: it was not signed with this application\'s secret key');
  }
  if (sig.identifier !== identifier) {
    fail(CODES.SIG_IDENTIFIER_MISMATCH, 'the identifier in the URL is not the UserID the usersig was generated for');
  }
  if (sig.sdkAppId !== Number(sdkappid)) {
    fail(CODES.SIG_SDKAPPID_MISMATCH, 'the sdkappid in the URL is not the SDKAppID the usersig was generated for');
  }
  if (identifier !== creds.admin) {
    fail(CODES.ADMIN_REQUIRED, `App administrator privilege required: ${JSON.stringify(identifier)} is not the administrator account`);
  }
}
