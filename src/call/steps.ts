// The pipeline's steps before sending (pipeline.ts gives their order). Each takes the call, does
// its one thing with the policy module that knows how, and either stops the call with its answer
// or lets it go on. The policy modules (rules, breaker, reserve, shadow, rate-limit, audit) are the
// steps' collaborators and know nothing of MCP requests.
import { budgetKey, RateLimitQueueFull } from '../policies/rate-limit.js';
import { reservePlaces } from '../policies/reserve.js';
import { decide } from '../policies/rules.js';
import { shadowedBy } from '../policies/shadow.js';
import { targetsOf } from '../policies/targets.js';
import { messageOf, type Call, type StepResult } from './context.js';
import { notPerformed, shadowResult } from './render.js';

/** The operator's rules decide: allow, confirm or deny; an open breaker refuses before anyone is asked. */
export async function decideStep(call: Call): Promise<StepResult> {
  const { def, args, rt } = call;
  try {
    call.decision = await decide(def, args, rt.policy, rt.counter, rt.clock());
  } catch (err) {
    return call.stateUnavailable(err);
  }
  if (call.decision.kind === 'deny') return call.refuse(call.decided, `The operator's policy forbids it (${call.decision.reason}).`);
  // The breaker's place itself is taken by the reserve step, after consent.
  call.rooms = def.effect === 'destructive' ? targetsOf(args, def.name).rooms : [];
  for (const room of call.rooms) {
    let open;
    try {
      open = await rt.breaker.check(room, rt.clock());
    } catch (err) {
      return call.stateUnavailable(err);
    }
    if (open) return call.refuse({ ...call.decided, decision: 'deny', rule: 'breaker', reason: open }, open);
  }
  return undefined;
}

/** Takes this call's places under the caps and breakers, all or none. */
export async function reserveStep(call: Call): Promise<StepResult> {
  const { def, rt } = call;
  let places;
  try {
    places = await reservePlaces(call.decision.capKeys, call.rooms, rt.counter, rt.breaker, rt.clock(),
      (err) => call.deps.logger.warn('a cap or breaker place could not be given back; it lapses with its window', { tool: def.name, error: messageOf(err) }));
  } catch (err) {
    return call.stateUnavailable(err, call.approval);
  }
  if (!places.ok) return call.refuse({ ...call.decided, ...call.approval, decision: 'deny', rule: places.rule, reason: places.reason }, places.reason);
  call.release = places.release;
  return undefined;
}

/**
 * Shadow mode: everything above ran as for real (and keeps its cap and breaker places); the call
 * stops here, where it would be paced and sent.
 */
export async function shadowStep(call: Call): Promise<StepResult> {
  const shadow = shadowedBy(call.def, call.decision.shadow, call.rt.shadow);
  if (!shadow) return undefined;
  const unwritable = await call.recordOrStop(async () => {
    await call.record('decision', { ...call.decided, ...call.approval });
    await call.record('outcome', { result: 'shadow', reason: `shadow mode (${shadow}): not sent` }, true);
  });
  if (unwritable) {
    await call.release();
    return unwritable;
  }
  const how = call.decision.kind === 'confirm'
    ? `approved (${call.approval.channel ?? 'consent'}: ${call.approval.answer ?? 'yes'})`
    : `allowed (${call.decision.rule})`;
  return shadowResult(call.def, shadow, how);
}

/** Paces the call to Tencent's documented frequency instead of collecting 60007s. */
export async function limitStep(call: Call): Promise<StepResult> {
  const { def, rt, req } = call;
  try {
    await rt.limiter.acquire(budgetKey(rt.budgetOwner, def.endpoint), def.endpoint.ratePerSecond, req.signal);
    return undefined;
  } catch (err) {
    await call.release();
    const reason = err instanceof RateLimitQueueFull
      ? err.message
      : req.signal.aborted
        ? 'The call was cancelled while waiting for its rate-limit slot.'
        : `The rate limiter could not be reached (${messageOf(err)}).`;
    return call.refuse({ ...call.decided, ...call.approval }, reason);
  }
}

/** The decision and the intent are on disk before anything is sent; without them nothing is. */
export async function recordIntentStep(call: Call): Promise<StepResult> {
  try {
    await call.recordIntent();
    return undefined;
  } catch (err) {
    await call.release();
    call.deps.logger.error('audit log write failed; not sending', { tool: call.def.name, error: messageOf(err) });
    try {
      await call.record('outcome', { result: 'not_performed', reason: 'the intent could not be recorded' });
    } catch {
      // The log is unwritable: the error line above is all that can be left.
    }
    return notPerformed(call.def, `The audit log could not be written (${messageOf(err)}), and nothing is sent without a record.`);
  }
}
