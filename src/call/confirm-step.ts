// The confirm step: a call the policy decided to confirm asks a human through the decision's
// channels, in the operator's order. A channel the client or the server cannot offer is skipped; a
// human's "no" is final and never falls through to another channel; with no channel left, nothing
// is done.
//
// Where a confirmed call re-enters: asking never waits inside this call. By elicitation, the step
// ends the call with the question (an input-required result, nothing sent); the client answers by
// making the same tools/call again with the answer and the signed requestState we minted, and that
// second request runs the whole pipeline again from the decide step (so a policy changed in between
// still applies). Only there does confirmByElicitation find the answer and return 'approved'. By
// the console, a call left pending ends here too; the agent's identical call after approval runs
// the pipeline again and spends the approval. Either way the handler runs twice for one action,
// and only the second run can send.
import { LiveError } from '../client/errors.js';
import { confirmByConsole, type ConsoleOutcome } from '../console/channel.js';
import { argsDigest, clientCanElicit, confirmByElicitation, type ConfirmOutcome } from '../policies/confirm.js';
import { keepLateAccept, takeLateAccept } from '../policies/late-consent.js';
import type { Channel } from '../policies/rules.js';
import type { Call, StepResult } from './context.js';
import { pendingResult } from './render.js';

type GateOutcome =
  | { kind: 'ask' | 'pending'; channel: Channel; answer: string; result: NonNullable<StepResult> }
  | { kind: 'approved'; channel: Channel; answer: string; approvedBy?: string; snapshot?: Record<string, string> }
  | { kind: 'refused'; channel: Channel | 'none'; answer: string; reason: string };

export async function confirmStep(call: Call): Promise<StepResult> {
  if (call.decision.kind !== 'confirm') return undefined;
  let gate: GateOutcome;
  try {
    gate = await askChannels(call);
  } catch (err) {
    // Nothing was sent. A Tencent error here comes from the read before asking (e.g. the room's
    // current owner); anything else from the confirmation's own state (e.g. Redis).
    return call.notSent(err, { answer: 'error' }, err instanceof LiveError
      ? 'The current state could not be read before asking for confirmation.'
      : 'The confirmation step could not be completed.');
  }
  const asked = { ...call.decided, channel: gate.channel, answer: gate.answer };
  switch (gate.kind) {
    case 'ask':
      return (await call.recordOrStop(() => call.record('decision', asked))) ?? gate.result;
    case 'pending':
      return (await call.recordOrStop(async () => {
        await call.record('decision', asked);
        await call.record('outcome', { result: 'not_performed', reason: 'waiting for approval' });
      })) ?? gate.result;
    case 'refused':
      return call.refuse(asked, gate.reason);
  }
  const changed = await recheck(call, gate);
  if (changed) return changed;
  call.approval = { channel: gate.channel, answer: gate.answer, ...(gate.approvedBy && { approvedBy: gate.approvedBy }) };
  return undefined;
}

/** What the human approved must still be what we are about to change. */
async function recheck(call: Call, gate: Extract<GateOutcome, { kind: 'approved' }>): Promise<StepResult> {
  const snapshot = call.def.confirm?.snapshot;
  if (!snapshot || !gate.snapshot) return undefined;
  let now;
  try {
    now = await snapshot(call.args, call.deps.client);
  } catch (err) {
    return call.notSent(err, { channel: gate.channel, answer: gate.answer }, 'The state could not be re-checked after confirmation.');
  }
  if (JSON.stringify(now) === JSON.stringify(gate.snapshot)) return undefined;
  return call.refuse({ ...call.decided, channel: gate.channel, answer: 'changed' },
    `The target changed after the question was asked (was ${JSON.stringify(gate.snapshot)}, now ${JSON.stringify(now)}); ask again.`);
}

async function askChannels(call: Call): Promise<GateOutcome> {
  // A human's accept that came after the client stopped waiting decides this identical call, once
  // (policies/late-consent.ts).
  const kept = await takeLateAccept(call.rt, call.def.name, argsDigest(call.def.name, call.args), whoOf(call), call.rt.clock());
  if (kept) return { kind: 'approved', channel: 'elicitation', answer: 'late-accept', approvedBy: kept.approvedBy, ...(kept.snapshot && { snapshot: kept.snapshot }) };
  for (const channel of call.decision.channels) {
    if (channel === 'elicitation' && clientCanElicit(call.req.capabilities())) return await elicitationGate(call, await byElicitation(call));
    if (channel === 'console' && call.rt.approvals) return consoleGate(call, await byConsole(call));
  }
  const consoleOffered = call.decision.channels.includes('console');
  return {
    kind: 'refused',
    channel: 'none',
    answer: 'unavailable',
    reason:
      'This action needs a human\'s consent, but no confirmation channel is available: this client does not support MCP elicitation' +
      (consoleOffered ? ' and the approval console is not running.' : ' and the policy does not offer the approval console.') +
      ' Use a client with elicitation support (e.g. Claude Code, VS Code), or have an operator enable the approval console (channels: [elicitation, console] in the policy file).',
  };
}

function byElicitation(call: Call): Promise<ConfirmOutcome> {
  const { def, rt, deps } = call;
  return confirmByElicitation(def, call.args, call.req, { client: deps.client, codec: deps.codec, clock: rt.clock, ...(def.checkWith && { checkWith: def.checkWith }) });
}

const whoOf = (call: Call) => ({ client: call.req.client, caller: call.req.caller, clientId: call.req.clientId });

async function elicitationGate(call: Call, o: ConfirmOutcome): Promise<GateOutcome> {
  const channel = 'elicitation';
  if (o.kind === 'ask') {
    // The form this answer opens may outlive the call's cancellation (late-consent.ts).
    call.deps.lateForms?.opened(call.req.form());
    return { kind: 'ask', channel, answer: 'asked', result: o.result };
  }
  if (o.kind === 'approved' && call.req.signal.aborted) {
    // The client stopped waiting before the person accepted: nothing is sent now; the accept is
    // kept once for the agent's identical retry.
    const reason = await keepLateAccept(call.rt, {
      tool: call.def.name, digest: argsDigest(call.def.name, call.args), who: whoOf(call),
      approvedBy: `${call.req.client} user (elicitation, late)`, ...(o.snapshot && { snapshot: o.snapshot }), now: call.rt.clock(),
    });
    return { kind: 'refused', channel, answer: 'late-accept-kept', reason };
  }
  if (o.kind === 'approved') return { kind: 'approved', channel, answer: 'accept', approvedBy: `${call.req.client} user (elicitation)`, ...(o.snapshot && { snapshot: o.snapshot }) };
  return { kind: 'refused', channel, answer: o.answer, reason: o.reason };
}

function byConsole(call: Call): Promise<ConsoleOutcome> {
  const { rt, req } = call;
  const approvals = rt.policy.approvals;
  return confirmByConsole(call.def, call.args, {
    digest: argsDigest(call.def.name, call.args),
    client: req.client,
    caller: req.caller,
    clientId: req.clientId,
    signal: req.signal,
    progress: req.progress,
  }, {
    store: rt.approvals!,
    client: call.deps.client,
    logger: call.deps.logger,
    clock: rt.clock,
    waitMs: approvals.waitSeconds * 1000,
    ttlMs: approvals.ttlSeconds * 1000,
    ...(rt.consoleUrl && { consoleUrl: rt.consoleUrl }),
    ...(rt.webhook && { webhook: rt.webhook }),
    maxPendingPerCaller: approvals.maxPendingPerCaller,
    maxPending: approvals.maxPending,
  });
}

function consoleGate(call: Call, o: ConsoleOutcome): GateOutcome {
  const channel = 'console';
  if (o.kind === 'approved') return { kind: 'approved', channel, answer: 'approved', approvedBy: o.approval.decidedBy ?? 'console', ...(o.approval.snapshot && { snapshot: o.approval.snapshot }) };
  if (o.kind === 'refused') return { kind: 'refused', channel, answer: o.answer, reason: o.reason };
  return { kind: 'pending', channel, answer: 'pending', result: pendingResult(call.def, o.approval, call.rt.consoleUrl) };
}
