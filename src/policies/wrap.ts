// The policy wrapper every tool handler runs inside: decide → confirm → limit → audit → call, in
// that fixed order, so nothing reaches Tencent that the policy did not let through, every write
// leaves a trace before it is sent, and the answer says truthfully whether it happened.
import { CLIENT_INFO_META_KEY, type CallToolResult, type InputRequiredResult, type ServerContext } from '@modelcontextprotocol/server';
import { LiveError } from '../client/errors.js';
import type { LiveClient } from '../client/types.js';
import type { Logger } from '../logger.js';
import { errorResult, failureResult, notSentResult, pagedResult, successResult } from '../tools/results.js';
import type { ToolDef } from '../tools/types.js';
import { redactArgs, type AuditRecord } from './audit.js';
import type { ConfirmStateCodec } from './confirm.js';
import { confirmGate } from './gate.js';
import { pagedCall } from './paged-call.js';
import { RateLimitQueueFull, budgetKey } from './rate-limit.js';
import { reservePlaces } from './reserve.js';
import type { PolicyRuntime } from './runtime.js';
import { decide } from './rules.js';
import { targetsOf } from './targets.js';
import { LocalRefusal } from '../feed/store.js';
import { callDef } from './call-effect.js';
import { shadowedBy, shadowResult } from './shadow.js';

export interface WrapDeps {
  client: LiveClient;
  logger: Logger;
  codec: ConfirmStateCodec;
  runtime: PolicyRuntime;
  /** What the 2025-era session declared at initialize (capabilities, client name). */
  sessionCapabilities: () => Record<string, unknown> | undefined;
  sessionClient: () => { name?: string; version?: string } | undefined;
  /** The authenticated caller (HTTP token subject), when there is one. */
  caller?: (ctx: ServerContext) => string | undefined;
  /** The room event feed and held-message queue, for the tools that read or act on it. */
  feed?: import('../feed/index.js').Feed;
}

export type ToolHandler = (args: Record<string, unknown>, ctx: ServerContext) => Promise<CallToolResult | InputRequiredResult>;

function notPerformed(def: ToolDef, reason: string): CallToolResult {
  return errorResult(`Not performed: ${def.notDone} ${reason}`);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function clientName(ctx: ServerContext, deps: WrapDeps): string {
  const info = ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_INFO_META_KEY] ?? deps.sessionClient()) as
    | { name?: string; version?: string }
    | undefined;
  return info?.name ? `${info.name}${info.version ? ` ${info.version}` : ''}` : 'unknown client';
}

export function wrapTool(def: ToolDef, deps: WrapDeps): ToolHandler {
  const rt = deps.runtime;
  const rowDef = def;
  return async (args, ctx) => {
    // Some arguments make a write destructive (argument-effects.ts): from here on the call is
    // decided, confirmed, counted and audited as what it does, not as what the row usually does.
    const def = callDef(rowDef, args);
    const who = { client: clientName(ctx, deps), caller: deps.caller?.(ctx), clientId: ctx.http?.authInfo?.clientId };
    const base = { callId: rt.newCallId(), tool: def.name, effect: def.effect, args: redactArgs(args), client: who.client, ...(who.caller && { caller: who.caller }) };
    const audit = (event: AuditRecord['event'], fields: Partial<AuditRecord>, durable = false) => {
      rt.telemetry?.record(event, fields);
      if (def.effect !== 'read') rt.audit.write({ time: new Date(rt.clock()).toISOString(), event, ...base, ...fields }, { durable });
    };
    const refuse = (fields: Partial<AuditRecord>, reason: string) => {
      try {
        audit('decision', fields);
        audit('outcome', { result: 'not_performed', reason });
      } catch (err) {
        deps.logger.error('audit log write failed', { tool: def.name, error: messageOf(err) });
      }
      deps.logger.info('not performed', { tool: def.name, reason: fields.answer ?? fields.decision });
      return notPerformed(def, reason);
    };
    // Shared policy state (Redis) that cannot be read stops the call before anything is sent.
    const stateUnavailable = (err: unknown, fields: Partial<AuditRecord> = {}) =>
      refuse({ decision: 'deny', rule: 'policy state', reason: messageOf(err), ...fields }, `The policy's state could not be read (${messageOf(err)}).`);

    // An audit log that cannot take a record stops the call with a sentence, not a raw errno.
    const auditOrRefuse = (write: () => void): CallToolResult | undefined => {
      try {
        write();
        return undefined;
      } catch (err) {
        deps.logger.error('audit log write failed; not going on', { tool: def.name, error: messageOf(err) });
        return notPerformed(def, `The audit log could not be written (${messageOf(err)}), and nothing is done without a record.`);
      }
    };

    // 1. decide
    let decision;
    try {
      decision = await decide(def, args, rt.policy, rt.counter, rt.clock());
    } catch (err) {
      return stateUnavailable(err);
    }
    const decided = { decision: decision.kind, rule: decision.rule, reason: decision.reason };
    if (decision.kind === 'deny') return refuse(decided, `The operator's policy forbids it (${decision.reason}).`);

    // An open breaker refuses before anyone is asked; the place itself is taken at step 3.
    const rooms = def.effect === 'destructive' ? targetsOf(args, def.name).rooms : [];
    for (const room of rooms) {
      let open;
      try {
        open = await rt.breaker.check(room, rt.clock());
      } catch (err) {
        return stateUnavailable(err);
      }
      if (open) return refuse({ ...decided, decision: 'deny', rule: 'breaker', reason: open }, open);
    }

    // 2. confirm
    let approval: { channel?: string; answer?: string; approvedBy?: string } = {};
    if (decision.kind === 'confirm') {
      let gate;
      try {
        gate = await confirmGate(def, args, ctx, decision.channels, who, { ...deps, runtime: rt });
      } catch (err) {
        // Nothing was sent. A Tencent error here comes from the read before asking (e.g. the
        // room's current owner); anything else from the confirmation's own state (e.g. Redis).
        const why = err instanceof LiveError
          ? 'The current state could not be read before asking for confirmation.'
          : 'The confirmation step could not be completed.';
        audit('decision', { ...decided, answer: 'error', reason: messageOf(err) });
        audit('outcome', { result: 'not_performed', error: messageOf(err) });
        return notSentResult(def, err, why);
      }
      if (gate.kind === 'ask') {
        const unwritable = auditOrRefuse(() => audit('decision', { ...decided, channel: gate.channel, answer: 'asked' }));
        if (unwritable) return unwritable;
        return gate.result;
      }
      if (gate.kind === 'pending') {
        const unwritable = auditOrRefuse(() => {
          audit('decision', { ...decided, channel: gate.channel, answer: 'pending' });
          audit('outcome', { result: 'not_performed', reason: 'waiting for approval' });
        });
        if (unwritable) return unwritable;
        return gate.result;
      }
      if (gate.kind === 'refused') return refuse({ ...decided, channel: gate.channel, answer: gate.answer }, gate.reason);
      if (def.confirm?.snapshot && gate.snapshot) {
        // What the human approved must still be what we are about to change.
        let now;
        try {
          now = await def.confirm.snapshot(args, deps.client);
        } catch (err) {
          audit('decision', { ...decided, channel: gate.channel, answer: gate.answer, reason: messageOf(err) });
          audit('outcome', { result: 'not_performed', error: messageOf(err) });
          return notSentResult(def, err, 'The state could not be re-checked after confirmation.');
        }
        if (JSON.stringify(now) !== JSON.stringify(gate.snapshot)) {
          return refuse({ ...decided, channel: gate.channel, answer: 'changed' },
            `The target changed after the question was asked (was ${JSON.stringify(gate.snapshot)}, now ${JSON.stringify(now)}); ask again.`);
        }
      }
      approval = { channel: gate.channel, answer: gate.answer, ...(gate.approvedBy && { approvedBy: gate.approvedBy }) };
    }

    // 3. limit: take this call's places under the caps and breakers, then pace it to Tencent's
    // documented frequency instead of collecting 60007s.
    let places;
    try {
      places = await reservePlaces(decision.capKeys, rooms, rt.counter, rt.breaker, rt.clock(),
        (err) => deps.logger.warn('a cap or breaker place could not be given back; it lapses with its window', { tool: def.name, error: messageOf(err) }));
    } catch (err) {
      return stateUnavailable(err, approval);
    }
    if (!places.ok) return refuse({ ...decided, ...approval, decision: 'deny', rule: places.rule, reason: places.reason }, places.reason);
    // Shadow mode: everything above ran as for real (and keeps its cap and breaker places); the
    // call stops here, where it would be paced and sent.
    const shadow = shadowedBy(def, decision.shadow, rt.shadow);
    if (shadow) {
      const unwritable = auditOrRefuse(() => {
        audit('decision', { ...decided, ...approval });
        audit('outcome', { result: 'shadow', reason: `shadow mode (${shadow}): not sent` }, true);
      });
      if (unwritable) {
        await places.release();
        return unwritable;
      }
      return shadowResult(def, shadow, decision.kind === 'confirm' ? `approved (${approval.channel ?? 'consent'}: ${approval.answer ?? 'yes'})` : `allowed (${decision.rule})`);
    }
    try {
      await rt.limiter.acquire(budgetKey(rt.budgetOwner, def.endpoint), def.endpoint.ratePerSecond, ctx.mcpReq.signal);
    } catch (err) {
      await places.release();
      const reason = err instanceof RateLimitQueueFull
        ? err.message
        : ctx.mcpReq.signal.aborted
          ? 'The call was cancelled while waiting for its rate-limit slot.'
          : `The rate limiter could not be reached (${messageOf(err)}).`;
      return refuse({ ...decided, ...approval }, reason);
    }

    // 4. audit: the decision and the intent are on disk before anything is sent.
    try {
      audit('decision', { ...decided, ...approval });
      audit('intent', {}, true);
    } catch (err) {
      await places.release();
      deps.logger.error('audit log write failed; not sending', { tool: def.name, error: messageOf(err) });
      try {
        audit('outcome', { result: 'not_performed', reason: 'the intent could not be recorded' });
      } catch {
        // The log is unwritable: the error line above is all that can be left.
      }
      return notPerformed(def, `The audit log could not be written (${messageOf(err)}), and nothing is sent without a record.`);
    }

    // 5. call. Only reads are retried by the client; a write is sent once (or provably never left).
    // MaxPages is ours (paged reads), never Tencent's: it is not sent.
    const { MaxPages, ...body } = args;
    let result;
    try {
      if (def.paging && typeof MaxPages === 'number' && MaxPages > 1) {
        const paged = await pagedCall({ ...def, paging: def.paging }, body, MaxPages, ctx, { client: deps.client, limiter: rt.limiter, budget: budgetKey(rt.budgetOwner, def.endpoint) });
        return pagedResult(def, paged);
      }
      result = def.run
        ? await def.run(body, { client: deps.client, ...(deps.feed && { feed: deps.feed }), ctx, actor: approval.approvedBy ?? who.caller ?? who.client })
        : await deps.client.call(def.endpoint, body, { idempotent: def.effect === 'read' && def.idempotent, signal: ctx.mcpReq.signal });
    } catch (err) {
      if (err instanceof LocalRefusal) {
        await places.release();
        return refuse({ ...decided, ...approval }, err.message);
      }
      const unknown = !(err instanceof LiveError) || err.delivery === 'unknown';
      // A call that provably did not happen gives its places back; one that may have, keeps them.
      if (!unknown) await places.release();
      try {
        const e = err instanceof LiveError ? err : undefined;
        audit('outcome', {
          result: unknown ? 'unknown' : 'error',
          ...(e?.code !== undefined && { code: e.code }),
          ...(e?.requestId && { requestId: e.requestId }),
          error: messageOf(err),
        });
      } catch (auditErr) {
        deps.logger.error('audit log write failed', { tool: def.name, error: messageOf(auditErr) });
      }
      return failureResult(def, err);
    }
    // It happened: nothing after this point may turn the answer into a failure.
    try {
      audit('outcome', { result: 'ok', requestId: result.requestId });
    } catch (err) {
      deps.logger.error('audit log write failed after the call succeeded', { tool: def.name, requestId: result.requestId, error: messageOf(err) });
    }
    return successResult(def, args, result);
  };
}
