// The handler contract. A handler gets the state, the parsed JSON body and the injected clock's
// time, and returns the success fields that go next to ActionStatus/ErrorCode/ErrorInfo/RequestId
// (usually `{ Response: {...} }`; the gift get-APIs answer with top-level objects instead). It
// validates before it changes anything, so a thrown SandboxError leaves the state untouched.
import type { RemoteEndpointName } from '../../catalog/endpoints.js';
import type { SandboxState } from '../state.js';

export interface HandlerContext {
  state: SandboxState;
  body: Record<string, unknown>;
  /** Milliseconds since the epoch, from the sandbox's clock. */
  now: number;
}

export type Handler = (ctx: HandlerContext) => Record<string, unknown>;

/**
 * One family's handlers, keyed by catalog name: a name that is not a catalog endpoint reaching
 * Tencent fails to compile. The registry (index.ts) requires every such endpoint to have one.
 */
export type HandlerMap = Partial<Record<RemoteEndpointName, Handler>>;
