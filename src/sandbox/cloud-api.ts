// Tencent Cloud API 3.0 in the sandbox: the TRTC actions the server uses (RemoveUser,
// RemoveUserByStrRoomId, DescribeRoomInfo), answered at POST / with the X-TC-Action header like
// trtc.tencentcloudapi.com. Every request's TC3-HMAC-SHA256 signature is recomputed with the SDK's
// own signing helper (the same code the client signs with, so the sandbox tests the request, not a
// second implementation of the algorithm) over the raw body as received.
//
// Semantics, from the action pages (docs/reference/tencent-live-api.md §12):
// - RemoveUserByStrRoomId (trtc.io/document/39630): string RoomId, up to 10 UserIds; the users
//   leave the live or conference room of that ID (off any seat, out of the member list).
// - RemoveUser (trtc.io/document/34268): numeric RoomId; the sandbox keeps a few numeric TRTC rooms
//   of its own (123 and "123" are different rooms at TRTC).
// - DescribeRoomInfo (trtc.io/document/36754): rooms created between StartTime and EndTime (Unix
//   seconds, at most 24 h apart, within the last 14 days), PageNumber from 0, PageSize 1-100
//   (default 10).
// The pages list no action-specific error codes; the sandbox answers with the common API 3.0 codes
// (AuthFailure.*, MissingParameter, InvalidParameter, InvalidParameterValue, UnsupportedRegion,
// InvalidAction). A user or room that is not there is not an error: nothing is removed.
import { randomUUID } from 'node:crypto';
import signModule from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js';
import type { HandleInput, HandleOutput } from './dispatch.js';
import type { SandboxState } from './state.js';

// A CommonJS module: Node's ESM loader hands over module.exports ({ default: Sign }), bundlers and
// vitest may hand over the class itself.
const Sign: typeof signModule.default = (signModule as { default?: typeof signModule.default }).default ?? (signModule as unknown as typeof signModule.default);

export interface CloudApiCredentials {
  secretId: string;
  secretKey: string;
}

/** The TRTC SDKAppID these actions take is the same application's. */
export interface CloudApiSandboxOptions {
  state: SandboxState;
  credentials: CloudApiCredentials;
  sdkAppId: number;
  clock: () => number;
}

/** A request the cloud API handler served (tests read it like SandboxRequest). */
export interface CloudApiRequest {
  action: string;
  region: string;
  body: Record<string, unknown>;
  at: number;
}

const VERSION = '2019-07-22';
const REMOVE_REGIONS = new Set(['ap-beijing', 'ap-guangzhou', 'ap-singapore']);
const DESCRIBE_REGIONS = new Set(['ap-beijing', 'ap-guangzhou', 'ap-mumbai', 'ap-singapore', 'na-toronto']);
/** Tencent refuses a request whose X-TC-Timestamp is more than 5 minutes off (Signature v3 page). */
const MAX_SKEW_S = 300;
const DAY_S = 86_400;

class CloudError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const header = (input: HandleInput, name: string) => {
  const v = input.headers?.[name];
  return Array.isArray(v) ? v[0] : v;
};

/** True for what the sandbox must answer as API 3.0 rather than as a v4 REST command. */
export function isCloudApiRequest(input: HandleInput): boolean {
  return header(input, 'x-tc-action') !== undefined && input.path.replace(/\/+$/, '') === '';
}

interface NumericRoom {
  users: Set<string>;
  createdAt: number;
}

export function createCloudApiSandbox(opts: CloudApiSandboxOptions) {
  const requests: CloudApiRequest[] = [];
  // Numeric TRTC rooms (RemoveUser); seeded with one demo room so the action has something to act on.
  const numericRooms = new Map<number, NumericRoom>([[1234, { users: new Set(['viewer_ada', 'viewer_bo', 'host_mia']), createdAt: opts.clock() }]]);

  function verify(input: HandleInput, nowS: number): void {
    const auth = header(input, 'authorization') ?? '';
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) throw new CloudError('AuthFailure.SignatureFailure', 'The Authorization header is missing or not a TC3-HMAC-SHA256 signature.');
    const [, secretId, , service, signedHeaders] = m;
    if (secretId !== opts.credentials.secretId) throw new CloudError('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    if (service !== 'trtc') throw new CloudError('AuthFailure.SignatureFailure', `The credential scope names service ${JSON.stringify(service)}, not trtc.`);
    const ts = Number(header(input, 'x-tc-timestamp'));
    if (!Number.isInteger(ts)) throw new CloudError('MissingParameter', 'X-TC-Timestamp is missing.');
    if (Math.abs(nowS - ts) > MAX_SKEW_S) throw new CloudError('AuthFailure.SignatureExpire', 'The signature expired: X-TC-Timestamp is more than 5 minutes off.');
    if (signedHeaders !== 'content-type;host') throw new CloudError('AuthFailure.SignatureFailure', 'SignedHeaders must be content-type;host.');
    const host = header(input, 'host') ?? '';
    const expected = Sign.sign3({
      method: input.method.toUpperCase(),
      url: `https://${host}${input.path}`,
      payload: Buffer.from(input.bodyText, 'utf8'),
      timestamp: ts,
      service: 'trtc',
      secretId: opts.credentials.secretId,
      secretKey: opts.credentials.secretKey,
      multipart: false,
      boundary: '',
      headers: { 'Content-Type': header(input, 'content-type') ?? '' },
    });
    if (expected !== auth) throw new CloudError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
  }

  function body(input: HandleInput): Record<string, unknown> {
    let v: unknown;
    try {
      v = JSON.parse(input.bodyText || '{}');
    } catch {
      throw new CloudError('InvalidParameter', 'The request body is not valid JSON.');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CloudError('InvalidParameter', 'The request body must be a JSON object.');
    return v as Record<string, unknown>;
  }

  function sdkAppId(b: Record<string, unknown>): void {
    if (b.SdkAppId === undefined) throw new CloudError('MissingParameter', 'The parameter SdkAppId is missing.');
    if (b.SdkAppId !== opts.sdkAppId) throw new CloudError('InvalidParameter.SdkAppId', `SdkAppId ${JSON.stringify(b.SdkAppId)} is not an application of this account.`);
  }

  function userIds(b: Record<string, unknown>): string[] {
    const ids = b.UserIds;
    if (ids === undefined) throw new CloudError('MissingParameter', 'The parameter UserIds is missing.');
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((u) => typeof u !== 'string' || u === '')) throw new CloudError('InvalidParameterValue', 'UserIds must be a list of user IDs.');
    if (ids.length > 10) throw new CloudError('InvalidParameterValue', 'UserIds takes at most 10 users.');
    return ids as string[];
  }

  const actions: Record<string, { regions: Set<string>; run(b: Record<string, unknown>, nowMs: number): Record<string, unknown> }> = {
    RemoveUserByStrRoomId: {
      regions: REMOVE_REGIONS,
      run(b) {
        sdkAppId(b);
        if (typeof b.RoomId !== 'string' || b.RoomId === '') throw new CloudError(b.RoomId === undefined ? 'MissingParameter' : 'InvalidParameterValue', 'RoomId must be a string room ID.');
        const ids = userIds(b);
        const room = opts.state.rooms.get(b.RoomId) ?? opts.state.conferenceRooms.get(b.RoomId);
        if (room) for (const u of ids) if (opts.state.isMember(room, u)) opts.state.removeFromRoom(room, u);
        return {};
      },
    },
    RemoveUser: {
      regions: REMOVE_REGIONS,
      run(b) {
        sdkAppId(b);
        if (!Number.isInteger(b.RoomId) || (b.RoomId as number) < 1 || (b.RoomId as number) > 4294967295) {
          throw new CloudError(b.RoomId === undefined ? 'MissingParameter' : 'InvalidParameterValue', 'RoomId must be a numeric room ID (1 to 4294967295).');
        }
        const ids = userIds(b);
        const room = numericRooms.get(b.RoomId as number);
        if (room) for (const u of ids) room.users.delete(u);
        return {};
      },
    },
    DescribeRoomInfo: {
      regions: DESCRIBE_REGIONS,
      run(b, nowMs) {
        sdkAppId(b);
        const { StartTime, EndTime } = b;
        if (StartTime === undefined || EndTime === undefined) throw new CloudError('MissingParameter', 'StartTime and EndTime are required.');
        if (!Number.isInteger(StartTime) || !Number.isInteger(EndTime)) throw new CloudError('InvalidParameterValue', 'StartTime and EndTime are Unix seconds.');
        const [start, end] = [StartTime as number, EndTime as number];
        const nowS = Math.floor(nowMs / 1000);
        if (end < start) throw new CloudError('InvalidParameterValue', 'EndTime is before StartTime.');
        if (end - start > DAY_S) throw new CloudError('InvalidParameterValue', 'EndTime and StartTime cannot be more than 24 hours apart.');
        if (start < nowS - 14 * DAY_S) throw new CloudError('InvalidParameterValue', 'Only the last 14 days can be queried.');
        const pageNumber = b.PageNumber ?? 0;
        const pageSize = b.PageSize ?? 10;
        if (!Number.isInteger(pageNumber) || (pageNumber as number) < 0) throw new CloudError('InvalidParameterValue', 'PageNumber starts at 0.');
        if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 100) throw new CloudError('InvalidParameterValue', 'PageSize is 1 to 100.');
        const rooms = [
          ...[...opts.state.rooms.values(), ...opts.state.conferenceRooms.values()].map((r) => ({
            RoomString: r.info.RoomId, CreateTime: Number((r.info as { CreateTime?: number }).CreateTime ?? 0), UserId: r.info.Owner_Account,
          })),
          ...[...numericRooms.entries()].map(([id, r]) => ({ RoomString: String(id), CreateTime: Math.floor(r.createdAt / 1000), UserId: '' })),
        ]
          .filter((r) => r.CreateTime >= start && r.CreateTime <= end && (b.RoomId === undefined || r.RoomString === b.RoomId))
          .map((r, i) => ({ CommId: `sandbox-${i}-${r.RoomString}`, RoomString: r.RoomString, CreateTime: r.CreateTime, DestroyTime: 0, IsFinished: false, UserId: r.UserId }));
        const page = rooms.slice((pageNumber as number) * (pageSize as number), ((pageNumber as number) + 1) * (pageSize as number));
        return { Total: page.length, RoomList: page };
      },
    },
  };

  return {
    requests,
    /** The actions answered (a test checks every catalog action has one). */
    actions: Object.keys(actions),
    /** Numeric TRTC rooms (RemoveUser), room ID → users in it. */
    numericRooms,
    handle(input: HandleInput): HandleOutput {
      const RequestId = randomUUID();
      const nowMs = opts.clock();
      try {
        if (input.method.toUpperCase() !== 'POST') throw new CloudError('UnsupportedProtocol', 'The sandbox takes POST requests only.');
        verify(input, Math.floor(nowMs / 1000));
        const actionName = header(input, 'x-tc-action') ?? '';
        const action = actions[actionName];
        if (!action) throw new CloudError('InvalidAction', `The action ${JSON.stringify(actionName)} is not a TRTC action the sandbox answers.`);
        if (header(input, 'x-tc-version') !== VERSION) throw new CloudError('InvalidParameterValue', `X-TC-Version must be ${VERSION}.`);
        const region = header(input, 'x-tc-region') ?? '';
        if (!action.regions.has(region)) throw new CloudError('UnsupportedRegion', `${actionName} is not offered in region ${JSON.stringify(region)}.`);
        const b = body(input);
        const out = action.run(b, nowMs);
        requests.push({ action: actionName, region, body: b, at: nowMs });
        return { status: 200, body: { Response: { ...out, RequestId } } };
      } catch (err) {
        const e = err instanceof CloudError ? err : new CloudError('InternalError', `sandbox internal error: ${(err as Error)?.message ?? String(err)}`);
        return { status: 200, body: { Response: { Error: { Code: e.code, Message: e.message }, RequestId } } };
      }
    },
  };
}

export type CloudApiSandbox = ReturnType<typeof createCloudApiSandbox>;
