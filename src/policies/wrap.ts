// The policy wrapper every tool handler runs inside: decide → confirm → limit → audit → call, in
// that fixed order, so nothing reaches Tencent that the policy did not let through, and every
// write leaves a trace before it is sent.
import { CLIENT_INFO_META_KEY, type CallToolResult, type InputRequiredResult, type ServerContext } from '@modelcontextprotocol/server';
import { LiveError } from '../client/errors.js';
import type { LiveClient } from '../client/types.js';
import type { Logger } from '../logger.js';
import { errorResult, failureResult, pagedResult, successResult } from '../tools/results.js';
import type { ToolDef } from '../tools/types.js';
import { redactArgs, type AuditRecord } from './audit.js';
import type { ConfirmStateCodec } from './confirm.js';
import { confirmGate } from './gate.js';
import { pagedCall } from './paged-call.js';
import { RateLimitQueueFull, budgetKey } from './rate-limit.js';
import type { PolicyRuntime } from './runtime.js';
import { decide } from './rules.js';
import { targetsOf } from './targets.js';

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
}

export type ToolHandler = (args: Record<string, unknown>, ctx: ServerContext) => Promise<CallToolResult | InputRequiredResult>;

function notPerformed(def: ToolDef, reason: string): CallToolResult {
  return errorResult(`Not performed: ${def.notDone} ${reason}`);
}

function clientName(ctx: ServerContext, deps: WrapDeps): string {
  const info = ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_INFO_META_KEY] ?? deps.sessionClient()) as
    | { name?: string; version?: string }
    | undefined;
  return info?.name ? `${info.name}${info.version ? ` ${info.version}` : ''}` : 'unknown client';
}

export function wrapTool(def: ToolDef, deps: WrapDeps): ToolHandler {
  const rt = deps.runtime;
  return async (args, ctx) => {
    const who = { client: clientName(ctx, deps), caller: deps.caller?.(ctx) };
    const base = { callId: rt.newCallId(), tool: def.name, effect: def.effect, args: redactArgs(args), client: who.client, ...(who.caller && { caller: who.caller }) };
    const audit = (event: AuditRecord['event'], fields: Partial<AuditRecord>, durable = false) => {
      if (def.effect !== 'read') rt.audit.write({ time: new Date(rt.clock()).toISOString(), event, ...base, ...fields }, { durable });
    };
    const refuse = (fields: Partial<AuditRecord>, reason: string) => {
      audit('decision', fields);
      audit('outcome', { result: 'not_performed', reason });
      deps.logger.info('not performed', { tool: def.name, reason: fields.answer ?? fields.decision });
      return notPerformed(def, reason);
    };

    // 1. decide
    const decision = await decide(def, args, rt.policy, rt.counter, rt.clock());
    const decided = { decision: decision.kind, rule: decision.rule, reason: decision.reason };
    if (decision.kind === 'deny') return refuse(decided, `The operator's policy forbids it (${decision.reason}).`);

    const rooms = def.effect === 'destructive' ? targetsOf(args, def.name).rooms : [];
    for (const room of rooms) {
      const open = await rt.breaker.check(room, rt.clock());
      if (open) return refuse({ ...decided, decision: 'deny', rule: 'breaker', reason: open }, open);
    }

    // 2. confirm
    let approval: { channel?: string; answer?: string; approvedBy?: string } = {};
    if (decision.kind === 'confirm') {
      let gate;
      try {
        gate = await confirmGate(def, args, ctx, decision.channels, who, { ...deps, runtime: rt });
      } catch (err) {
        // The read before asking (e.g. the room's current owner) failed: nothing was asked or sent.
        audit('outcome', { result: 'not_performed', error: err instanceof Error ? err.message : String(err) });
        return failureResult({ ...def, notDone: `${def.notDone} The current state could not be read before asking for confirmation.` }, err);
      }
      if (gate.kind === 'ask') {
        audit('decision', { ...decided, channel: gate.channel, answer: 'asked' });
        return gate.result;
      }
      if (gate.kind === 'pending') {
        audit('decision', { ...decided, channel: gate.channel, answer: 'pending' });
        audit('outcome', { result: 'not_performed', reason: 'waiting for approval' });
        return gate.result;
      }
      if (gate.kind === 'refused') return refuse({ ...decided, channel: gate.channel, answer: gate.answer }, gate.reason);
      if (def.confirm?.snapshot && gate.snapshot) {
        // What the human approved must still be what we are about to change.
        let now;
        try {
          now = await def.confirm.snapshot(args as never, deps.client);
        } catch (err) {
          audit('outcome', { result: 'not_performed', error: err instanceof Error ? err.message : String(err) });
          return failureResult({ ...def, notDone: `${def.notDone} The state could not be re-checked after confirmation.` }, err);
        }
        if (JSON.stringify(now) !== JSON.stringify(gate.snapshot)) {
          return refuse({ ...decided, channel: gate.channel, answer: 'changed' },
            `The target changed after the question was asked (was ${JSON.stringify(gate.snapshot)}, now ${JSON.stringify(now)}); ask again.`);
        }
      }
      approval = { channel: gate.channel, answer: gate.answer, ...(gate.approvedBy && { approvedBy: gate.approvedBy }) };
    }
    audit('decision', { ...decided, ...approval });

    // 3. limit: pace to Tencent's documented frequency instead of collecting 60007s.
    try {
      await rt.limiter.acquire(budgetKey(rt.budgetOwner, def.endpoint), def.endpoint.ratePerSecond, ctx.mcpReq.signal);
    } catch (err) {
      const reason = err instanceof RateLimitQueueFull
        ? err.message
        : ctx.mcpReq.signal.aborted
          ? 'The call was cancelled while waiting for its rate-limit slot.'
          : `The rate limiter could not be reached (${err instanceof Error ? err.message : String(err)}).`;
      audit('outcome', { result: 'not_performed', reason });
      return notPerformed(def, reason);
    }

    // 4. audit the intent durably, then 5. call.
    audit('intent', {}, true);
    const went = async () => {
      for (const { key, windowMs } of decision.capKeys) await rt.counter.hit(key, windowMs, rt.clock());
      for (const room of rooms) await rt.breaker.record(room, rt.clock());
    };
    // MaxPages is ours (paged reads), never Tencent's: it is not sent.
    const { MaxPages, ...body } = args;
    try {
      if (def.paging && typeof MaxPages === 'number' && MaxPages > 1) {
        const paged = await pagedCall({ ...def, paging: def.paging }, body, MaxPages, ctx, { client: deps.client, limiter: rt.limiter, budget: budgetKey(rt.budgetOwner, def.endpoint) });
        return pagedResult(def, paged);
      }
      const result = await deps.client.call(def.endpoint, body, { idempotent: def.idempotent, signal: ctx.mcpReq.signal });
      audit('outcome', { result: 'ok', requestId: result.requestId });
      await went();
      return successResult(def, args, result);
    } catch (err) {
      const unknown = !(err instanceof LiveError) || err.delivery === 'unknown';
      const e = err instanceof LiveError ? err : undefined;
      audit('outcome', {
        result: unknown ? 'unknown' : 'error',
        ...(e?.code !== undefined && { code: e.code }),
        ...(e?.requestId && { requestId: e.requestId }),
        error: err instanceof Error ? err.message : String(err),
      });
      // An action that may have happened counts against the caps and the breaker.
      if (unknown) await went();
      return failureResult(def, err);
    }
  };
}
