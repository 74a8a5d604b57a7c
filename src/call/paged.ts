// Follows a list tool's cursor for up to MaxPages pages in one call: each page waits for its own
// rate-limit slot, a progress notification goes out per page, and the result carries every item
// read plus the cursor to resume from. A page that fails after others succeeded does not throw the
// earlier pages away: the result says where it stopped and why.
import type { CallResult, LiveClient } from '../client/types.js';
import type { RateLimiter } from '../policies/rate-limit.js';
import { finished, type Paging } from '../tools/paging.js';
import type { ToolDef } from '../tools/types.js';
import { payloadOf } from './render.js';
import type { CallRequest } from './request.js';

export interface PagedDeps {
  req: Pick<CallRequest, 'signal' | 'progress'>;
  client: LiveClient;
  limiter: RateLimiter;
  budget: string;
}

export interface PagedOutcome {
  payload: Record<string, unknown>;
  requestId: string;
  /** Set when a page after the first failed: the error, and the items read so far are kept. */
  stoppedBy?: unknown;
}

export async function pagedCall(
  def: ToolDef & { paging: Paging },
  body: Record<string, unknown>,
  maxPages: number,
  deps: PagedDeps,
): Promise<PagedOutcome> {
  const { request, response, items } = def.paging;
  const { signal, progress } = deps.req;
  const all: unknown[] = [];
  let last: CallResult | undefined;
  let cursorBody = body;
  let pages = 0;
  let stoppedBy: unknown;
  for (; pages < maxPages; ) {
    try {
      // The first page's slot was taken by the limit step; later pages wait for their own.
      if (pages > 0) await deps.limiter.acquire(deps.budget, def.endpoint.ratePerSecond, signal);
      last = await deps.client.call(def.endpoint, cursorBody, { idempotent: true, signal: signal });
    } catch (err) {
      if (pages === 0) throw err;
      stoppedBy = err;
      break;
    }
    pages++;
    const payload = payloadOf(last);
    const list = payload[items];
    if (Array.isArray(list)) all.push(...list);
    await progress?.(pages, maxPages, `${all.length} item(s) after ${pages} page(s)`);
    const next = payload[response];
    if (finished(next)) break;
    cursorBody = { ...cursorBody, [request]: next };
  }
  const payload = payloadOf(last!);
  // The resume cursor: where the next page would start (the failed page's cursor if one failed).
  const resume = stoppedBy ? cursorBody[request] : payload[response];
  return {
    payload: { ...payload, [items]: all, [response]: resume, Pages: pages },
    requestId: last!.requestId,
    ...(stoppedBy !== undefined && { stoppedBy }),
  };
}
