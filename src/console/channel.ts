// The approval-console channel: the call registers a pending approval, notifies the operator's
// webhook, and waits (sending progress notifications) for a decision made in the console, which
// the model cannot reach. If nobody decides in time, nothing is done and the agent is told to call
// again with the same arguments once approved.
import type { LiveClient } from '../client/types.js';
import type { Logger } from '../logger.js';
import type { ToolDef } from '../tools/types.js';
import { confirmSpecOf } from '../policies/confirm.js';
import { sameRequester, type Approval, type ApprovalNotice, type ApprovalStore, type Requester } from '../policies/approvals.js';

export type { ApprovalNotice } from '../policies/approvals.js';

export interface ConsoleChannelDeps {
  store: ApprovalStore;
  client: LiveClient;
  logger: Logger;
  clock: () => number;
  waitMs: number;
  ttlMs: number;
  consoleUrl?: string;
  webhook?: (notice: ApprovalNotice) => Promise<void>;
  /** How often progress notifications go out while waiting. */
  progressEveryMs?: number;
  /** Caps on pending approvals (per requester, and in the whole store); unset = no cap. */
  maxPendingPerCaller?: number;
  maxPending?: number;
}

export type ConsoleOutcome =
  | { kind: 'approved'; approval: Approval }
  | { kind: 'refused'; answer: 'rejected' | 'expired' | 'used'; reason: string; approval: Approval }
  | { kind: 'refused'; answer: 'too_many'; reason: string; approval?: undefined }
  | { kind: 'pending'; approval: Approval };


/** What the console channel reads of the call: who asks, for which arguments, and its request. */
export interface ConsoleRequest {
  /** The digest of the tool and its exact arguments (policies/confirm.ts argsDigest). */
  digest: string;
  client: string;
  caller?: string | undefined;
  /** The authenticated OAuth client of the caller, bound into the approval with the caller. */
  clientId?: string | undefined;
  signal: AbortSignal;
  /** Sends a progress notification while waiting; undefined when the client asked for none. */
  progress?: ((progress: number, total: number, message: string) => Promise<void>) | undefined;
}

export async function confirmByConsole(
  def: ToolDef,
  args: Record<string, unknown>,
  req: ConsoleRequest,
  deps: ConsoleChannelDeps,
): Promise<ConsoleOutcome> {
  const requester: Requester = { client: req.client, ...(req.caller && { caller: req.caller }), ...(req.clientId && { clientId: req.clientId }) };
  const crowded = await tooManyPending(req.digest, requester, deps);
  if (crowded) return { kind: 'refused', answer: 'too_many', reason: crowded };
  const spec = confirmSpecOf(def);
  const snapshot = spec.snapshot ? await spec.snapshot(args, deps.client) : undefined;
  const { approval, created } = await deps.store.request(
    {
      digest: req.digest,
      tool: def.name,
      title: def.title,
      action: spec.action(args),
      facts: [...spec.facts(args), ...Object.entries(snapshot ?? {})],
      ...(snapshot && { snapshot }),
      client: req.client,
      ...(req.caller && { caller: req.caller }),
      ...(req.clientId && { clientId: req.clientId }),
    },
    deps.ttlMs,
    deps.clock(),
  );
  if (created && deps.webhook) notify(approval, deps.webhook, deps);
  const current = (await waitForDecision(def, approval, req, deps)) ?? { ...approval, status: 'expired' as const };
  return outcomeOf(current, requester, deps);
}

function notify(approval: Approval, webhook: NonNullable<ConsoleChannelDeps['webhook']>, deps: ConsoleChannelDeps): void {
  const notice: ApprovalNotice = {
    id: approval.id,
    tool: approval.tool,
    action: approval.action,
    facts: approval.facts.map(([label, value]) => ({ label, value })),
    client: approval.client,
    expiresAt: new Date(approval.expiresAt).toISOString(),
    ...(deps.consoleUrl && { consoleUrl: deps.consoleUrl }),
  };
  // The webhook only informs; a failing chat tool must not block or fail the call.
  webhook(notice).catch((err) => deps.logger.warn('approval webhook failed', { error: (err as Error).message }));
}

/** Waits up to the policy's waitMs for a decision, with progress notifications; the latest state. */
async function waitForDecision(def: ToolDef, approval: Approval, req: ConsoleRequest, deps: ConsoleChannelDeps): Promise<Approval | undefined> {
  let current: Approval | undefined = approval;
  if (current.status !== 'pending' || deps.waitMs <= 0) return current;
  const send = req.progress;
  const total = Math.round(deps.waitMs / 1000);
  const progress = send && ((elapsedMs: number, message: string) => send(Math.round(elapsedMs / 1000), total, message));
  const started = deps.clock();
  const every = deps.progressEveryMs ?? 5000;
  progress?.(0, `Waiting for an operator to approve ${def.name} in the approval console (id ${approval.id}).`);
  while (current?.status === 'pending' && !req.signal.aborted) {
    const left = deps.waitMs - (deps.clock() - started);
    if (left <= 0) break;
    const decided = await deps.store.waitForDecision(approval.id, Math.min(every, left), req.signal);
    current = decided ?? (await deps.store.get(approval.id, deps.clock()));
    if (current?.status === 'pending') progress?.(deps.clock() - started, `Still waiting for approval (id ${approval.id}).`);
  }
  return current;
}

async function outcomeOf(current: Approval, requester: Requester, deps: ConsoleChannelDeps): Promise<ConsoleOutcome> {
  const used = `Approval ${current.id} was already used by another call; an approval runs one call only.`;
  switch (current.status) {
    case 'approved':
      // Only the requester the approval was granted to may spend it.
      if (await deps.store.consume(current.id, deps.clock(), requester)) return { kind: 'approved', approval: current };
      return { kind: 'refused', answer: 'used', approval: current, reason: used };
    case 'rejected':
      return { kind: 'refused', answer: 'rejected', approval: current, reason: `${current.decidedBy ?? 'An operator'} rejected it in the approval console (approval ${current.id}).` };
    case 'consumed':
      return { kind: 'refused', answer: 'used', approval: current, reason: used };
    case 'expired':
      return { kind: 'refused', answer: 'expired', approval: current, reason: `Approval ${current.id} expired before it was used; call again to ask anew.` };
    default:
      return { kind: 'pending', approval: current };
  }
}

/**
 * Why a new approval would be one too many, or undefined. An identical call by the same requester
 * joins its live approval (coalesced), even at the cap. Counted from the store's list: replicas
 * racing may overshoot a cap by the calls in flight, never by a flood.
 */
async function tooManyPending(digest: string, requester: Requester, deps: ConsoleChannelDeps): Promise<string | undefined> {
  if (deps.maxPendingPerCaller === undefined && deps.maxPending === undefined) return undefined;
  const live = (await deps.store.list(deps.clock())).filter((a) => a.status === 'pending');
  if (live.some((a) => a.digest === digest && sameRequester(a, requester))) return undefined;
  const mine = live.filter((a) => sameRequester(a, requester)).length;
  if (deps.maxPendingPerCaller !== undefined && mine >= deps.maxPendingPerCaller) {
    return `This caller already has ${mine} approvals waiting in the approval console (the policy allows ${deps.maxPendingPerCaller}); wait for those to be decided or expire before asking for more.`;
  }
  if (deps.maxPending !== undefined && live.length >= deps.maxPending) {
    return `${live.length} approvals are already waiting in the approval console (the policy allows ${deps.maxPending}); try again once some are decided or expire.`;
  }
  return undefined;
}

/** At most this many webhook notices a minute; the rest are counted into the next one sent. */
export const WEBHOOK_NOTICES_PER_MINUTE = 10;

/** Posts a notice to the operator's webhook (e.g. a chat tool's incoming hook), rate-limited. */
export function webhookSender(url: string, timeoutMs = 5000, o: { perMinute?: number; clock?: () => number } = {}) {
  const perMinute = o.perMinute ?? WEBHOOK_NOTICES_PER_MINUTE;
  const clock = o.clock ?? Date.now;
  const sent: number[] = [];
  let suppressed = 0;
  return async (notice: ApprovalNotice) => {
    const now = clock();
    while (sent.length && sent[0]! <= now - 60_000) sent.shift();
    if (sent.length >= perMinute) {
      suppressed++;
      return;
    }
    sent.push(now);
    const alsoPending = suppressed;
    suppressed = 0;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'tencent-live-mcp.approval_pending', ...notice, ...(alsoPending > 0 && { suppressedSinceLast: alsoPending }) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  };
}
