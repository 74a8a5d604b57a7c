// The embedded sandbox: an in-process emulator of Tencent's v4 REST surface for live rooms.
// `handle()` answers a request without sockets; `listen()` serves the same over loopback HTTP.
// Used by `tencent-live-mcp --sandbox`, `tencent-live-mcp sandbox --port N`, and the tests.
import { type SandboxCredentials } from './auth.js';
import { createDispatcher, type HandleInput, type HandleOutput, type SandboxRequest } from './dispatch.js';
import { createFaults, type Faults } from './faults.js';
import { type ListenOptions, type SandboxServer, serveHttp } from './http.js';
import { seedDemo } from './seed.js';
import { SandboxState } from './state.js';
import { LiveCallbacks } from './live-callbacks.js';
import { TrafficSimulator, type TrafficOptions } from './traffic.js';
import { createCloudApiSandbox, isCloudApiRequest, type CloudApiCredentials, type CloudApiSandbox } from './cloud-api.js';

export type { SandboxCredentials } from './auth.js';
export type { HandleInput, HandleOutput, SandboxRequest } from './dispatch.js';
export { REQUEST_LOG_CAP } from './dispatch.js';
export type { ListenOptions, SandboxServer } from './http.js';
export { ANY_COMMAND, type FaultArrival, type FaultSpec, type Faults } from './faults.js';
export { CODES, SandboxError } from './errors.js';
export { HANDLERS, type Handler, type HandlerContext, type HandlerMap } from './handlers/index.js';
export { seedDemo, seedRooms, type SeedRoomsOptions } from './seed.js';
export { SandboxState } from './state.js';

/** A made-up application: it exists only inside the sandbox. */
export const DEMO_SDKAPPID = 1400000001;
/** Not a secret: printed in docs and logs on purpose. It signs UserSigs for the sandbox only. */
export const DEMO_SECRET_KEY = 'sandbox-demo-key-NOT-A-REAL-TENCENT-SECRET-0000000000000000';
export const DEMO_ADMIN = 'administrator';
/** Tencent Cloud API 3.0 credentials of the sandbox (TRTC actions); demo values, not secrets. */
export const DEMO_SECRET_ID = 'AKIDsandboxDEMOsecretIdNOTaREALkey000';
export const DEMO_CLOUD_SECRET_KEY = 'sandbox-demo-cloud-key-NOT-A-REAL-SECRET';
export type { CloudApiCredentials, CloudApiSandbox } from './cloud-api.js';

export interface SandboxOptions {
  sdkAppId?: number;
  secretKey?: string;
  admin?: string;
  /** Milliseconds since the epoch; default Date.now. Drives UserSig expiry, rate windows and timestamps. */
  clock?: () => number;
  /** Default 'demo'. */
  seed?: 'demo' | 'empty';
  /** Default true. Turn off for tests of other behaviour that send many requests at one instant. */
  rateLimits?: boolean;
  /** Tencent Cloud API 3.0 credentials the sandbox accepts (default DEMO_SECRET_ID / DEMO_CLOUD_SECRET_KEY). */
  cloudCredentials?: CloudApiCredentials;
}

export interface Sandbox {
  readonly state: SandboxState;
  readonly credentials: SandboxCredentials;
  /** Every request that reached a handler (passed the gateway checks and the rate limit), oldest first. */
  readonly requests: SandboxRequest[];
  handle(input: HandleInput): HandleOutput;
  /** Fault injection per command, applied to requests served over HTTP by listen(). */
  readonly faults: Faults;
  listen(opts?: ListenOptions): Promise<SandboxServer>;
  /** Tencent's callbacks to a receiver (setTarget to turn on), for REST actions and viewers. */
  readonly callbacks: LiveCallbacks;
  /** Simulated viewers (join, chat, seats, leave); start() to run it. */
  traffic(opts?: TrafficOptions): TrafficSimulator;
  /** The API 3.0 side (POST / with X-TC-Action): its credentials, requests served and numeric rooms. */
  readonly cloudApi: CloudApiSandbox & { credentials: CloudApiCredentials };
}

export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  const credentials: SandboxCredentials = {
    sdkAppId: opts.sdkAppId ?? DEMO_SDKAPPID,
    secretKey: opts.secretKey ?? DEMO_SECRET_KEY,
    admin: opts.admin ?? DEMO_ADMIN,
  };
  const clock = opts.clock ?? Date.now;
  const state = new SandboxState({ admin: credentials.admin });
  if ((opts.seed ?? 'demo') === 'demo') seedDemo(state, clock());
  const requests: SandboxRequest[] = [];
  const dispatch = createDispatcher({ state, credentials, clock, rateLimits: opts.rateLimits ?? true, requests });
  const callbacks = new LiveCallbacks(credentials.sdkAppId, state, clock);
  // After a served call, the callbacks Tencent would send for it (no-op until a target is set).
  const cloudCredentials = opts.cloudCredentials ?? { secretId: DEMO_SECRET_ID, secretKey: DEMO_CLOUD_SECRET_KEY };
  const cloudApi = Object.assign(createCloudApiSandbox({ state, credentials: cloudCredentials, sdkAppId: credentials.sdkAppId, clock }), { credentials: cloudCredentials });
  const handle = (input: HandleInput): HandleOutput => {
    if (isCloudApiRequest(input)) return cloudApi.handle(input);
    const before = requests.at(-1);
    const out = dispatch(input);
    const body = out.body as Record<string, unknown>;
    if (callbacks.enabled && body.ActionStatus === 'OK' && requests.at(-1) !== before) {
      const req = requests.at(-1)!;
      callbacks.afterRest(req.command, req.body as Record<string, unknown>, body);
    }
    return out;
  };
  const faults = createFaults();
  return {
    state,
    credentials,
    requests,
    handle,
    faults,
    listen: (listenOpts) => serveHttp(handle, listenOpts, faults),
    callbacks,
    traffic: (trafficOpts) => new TrafficSimulator(state, callbacks, { clock, ...trafficOpts }),
    cloudApi,
  };
}
