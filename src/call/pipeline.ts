// The call pipeline every tool call runs through, in a fixed order, so nothing reaches Tencent that
// the policy did not let through, every write leaves a trace before it is sent, and the answer says
// truthfully whether it happened:
//
//   decide → confirm → reserve → shadow → limit → record intent → send → render
//
// Each step before sending (steps.ts, confirm-step.ts) either stops the call with its answer or
// lets it go on; the per-call context (context.ts) holds what they decided and writes the audit
// records and refusals. The SDK's request context is adapted once, here at the edge
// (request.ts). A call that asks a human ends at the confirm step and comes back as a new request
// that runs this whole sequence again: confirm-step.ts says exactly how.
import type { ServerContext } from '@modelcontextprotocol/server';
import { callDef } from '../policies/call-effect.js';
import type { ToolDef } from '../tools/types.js';
import { confirmStep } from './confirm-step.js';
import { Call, type PipelineDeps, type StepResult, type ToolAnswer } from './context.js';
import { adaptRequest } from './request.js';
import { renderStep, sendStep } from './send.js';
import { decideStep, limitStep, recordIntentStep, reserveStep, shadowStep } from './steps.js';

export type { PipelineDeps, ToolAnswer } from './context.js';

export type ToolHandler = (args: Record<string, unknown>, ctx: ServerContext) => Promise<ToolAnswer>;

/** The steps before sending, in order. */
const BEFORE_SENDING: ReadonlyArray<(call: Call) => Promise<StepResult>> = [
  decideStep, // the operator's rules, and an open breaker
  confirmStep, // a human's consent, by elicitation or the approval console
  reserveStep, // places under the caps and breakers
  shadowStep, // shadow mode stops here
  limitStep, // Tencent's documented rate
  recordIntentStep, // the decision and the intent, on disk
];

/** The handler registered for one tool row. */
export function wrapTool(row: ToolDef, deps: PipelineDeps): ToolHandler {
  return async (args, ctx) => {
    // Some arguments make a write destructive (tools/argument-effects.ts): from here on the call is
    // decided, confirmed, counted and audited as what it does, not as what the row usually does.
    const call = new Call(callDef(row, args), args, adaptRequest(ctx, deps), deps);
    for (const step of BEFORE_SENDING) {
      const stopped = await step(call);
      if (stopped) return stopped;
    }
    return renderStep(call, await sendStep(call));
  };
}
