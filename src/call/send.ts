// The last two steps: send the call (once; only reads are retried, by the client) and record its
// outcome, then render what happened. Past a successful send nothing may turn the answer into a
// failure: an audit write that fails then is logged, and the answer still says it happened.
import type { CallResult } from '../client/types.js';
import { LiveError } from '../client/errors.js';
import { LocalRefusal } from '../feed/store.js';
import { budgetKey } from '../policies/rate-limit.js';
import { messageOf, type Call, type ToolAnswer } from './context.js';
import { pagedCall, type PagedOutcome } from './paged.js';
import { failureResult, pagedResult, successResult } from './render.js';

export type Sent =
  | { kind: 'ok'; result: CallResult }
  | { kind: 'paged'; paged: PagedOutcome }
  | { kind: 'failed'; err: unknown }
  /** Refused by the tool's own run before anything left (e.g. a held message already released). */
  | { kind: 'refused'; answer: ToolAnswer };

export async function sendStep(call: Call): Promise<Sent> {
  const { def, args, deps, req } = call;
  // MaxPages is ours (paged reads), never Tencent's: it is not sent.
  const { MaxPages, ...body } = args;
  try {
    if (def.paging && typeof MaxPages === 'number' && MaxPages > 1) {
      const rt = call.rt;
      const paged = await pagedCall({ ...def, paging: def.paging }, body, MaxPages,
        { req, client: deps.client, limiter: rt.limiter, budget: budgetKey(rt.budgetOwner, def.endpoint) });
      return { kind: 'paged', paged };
    }
    const result = def.run
      ? await def.run(body, { client: deps.client, ...(deps.feed && { feed: deps.feed }), ctx: req.sdk, actor: call.approval.approvedBy ?? req.caller ?? req.client })
      : await deps.client.call(def.endpoint, body, { idempotent: def.effect === 'read' && def.idempotent, signal: req.signal });
    await recordOutcome(call, () => call.record('outcome', { result: 'ok', requestId: result.requestId }), result.requestId);
    return { kind: 'ok', result };
  } catch (err) {
    return failed(call, err);
  }
}

async function failed(call: Call, err: unknown): Promise<Sent> {
  if (err instanceof LocalRefusal) {
    await call.release();
    return { kind: 'refused', answer: await call.refuse({ ...call.decided, ...call.approval }, err.message) };
  }
  const unknown = !(err instanceof LiveError) || err.delivery === 'unknown';
  // A call that provably did not happen gives its places back; one that may have, keeps them.
  if (!unknown) await call.release();
  const e = err instanceof LiveError ? err : undefined;
  await recordOutcome(call, () => call.record('outcome', {
    result: unknown ? 'unknown' : 'error',
    ...(e?.code !== undefined && { code: e.code }),
    ...(e?.requestId && { requestId: e.requestId }),
    error: messageOf(err),
  }));
  return { kind: 'failed', err };
}

/** The outcome's record; if the log fails now, the call has already happened or failed: log it, go on. */
async function recordOutcome(call: Call, write: () => Promise<void>, requestId?: string): Promise<void> {
  try {
    await write();
  } catch (err) {
    call.deps.logger.error(requestId === undefined ? 'audit log write failed' : 'audit log write failed after the call succeeded',
      { tool: call.def.name, ...(requestId !== undefined && { requestId }), error: messageOf(err) });
  }
}

export function renderStep(call: Call, sent: Sent): ToolAnswer {
  switch (sent.kind) {
    case 'ok': return successResult(call.def, call.args, sent.result);
    case 'paged': return pagedResult(call.def, sent.paged);
    case 'failed': return failureResult(call.def, sent.err);
    case 'refused': return sent.answer;
  }
}
