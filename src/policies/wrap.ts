// The policy wrapper every tool handler runs inside: decide → confirm → call → report, in that
// order, so that nothing reaches Tencent that the policy did not let through.
import type { CallToolResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import type { LiveClient } from '../client/types.js';
import type { Logger } from '../logger.js';
import { errorResult, failureResult, successResult } from '../tools/results.js';
import type { ToolDef } from '../tools/types.js';
import { confirmByElicitation, type ConfirmDeps } from './confirm.js';
import { DEFAULT_POLICY, decide, memoryCapCounter } from './rules.js';

export interface WrapDeps extends ConfirmDeps {
  client: LiveClient;
  logger: Logger;
}

export type ToolHandler = (args: Record<string, unknown>, ctx: ServerContext) => Promise<CallToolResult | InputRequiredResult>;

function notPerformed(def: ToolDef, reason: string): CallToolResult {
  return errorResult(`Not performed: ${def.notDone} ${reason}`);
}

function sameSnapshot(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

export function wrapTool(def: ToolDef, deps: WrapDeps): ToolHandler {
  const counter = memoryCapCounter();
  return async (args, ctx) => {
    const decision = await decide(def, args, DEFAULT_POLICY, counter, Date.now());
    if (decision.kind === 'deny') return notPerformed(def, decision.reason);

    if (decision.kind === 'confirm') {
      let outcome;
      try {
        outcome = await confirmByElicitation(def, args, ctx, deps);
      } catch (err) {
        // The pre-question read (e.g. the room's current owner) failed: nothing was asked or sent.
        return failureResult({ ...def, notDone: `${def.notDone} The current state could not be read before asking for confirmation.` }, err);
      }
      if (outcome.kind === 'ask') return outcome.result;
      if (outcome.kind === 'refused') {
        deps.logger.info('confirmation refused', { tool: def.name, answer: outcome.answer });
        return notPerformed(def, outcome.reason);
      }
      if (def.confirm?.snapshot) {
        // Re-read the target: what the human approved must still be what we are about to change.
        let now;
        try {
          now = await def.confirm.snapshot(args as never, deps.client);
        } catch (err) {
          return failureResult({ ...def, notDone: `${def.notDone} The state could not be re-checked after confirmation.` }, err);
        }
        if (!sameSnapshot(now, outcome.snapshot)) {
          return notPerformed(def, `The target changed after the question was asked (was ${JSON.stringify(outcome.snapshot)}, now ${JSON.stringify(now)}); ask again.`);
        }
      }
      deps.logger.info('confirmation accepted', { tool: def.name, channel: outcome.channel });
    }

    try {
      const result = await deps.client.call(def.endpoint, args, { idempotent: def.idempotent, signal: ctx.mcpReq.signal });
      if (def.effect !== 'read') deps.logger.info('performed', { tool: def.name, requestId: result.requestId });
      return successResult(def, args, result);
    } catch (err) {
      if (def.effect !== 'read') deps.logger.warn('failed', { tool: def.name, error: err instanceof Error ? err.message : String(err) });
      return failureResult(def, err);
    }
  };
}
