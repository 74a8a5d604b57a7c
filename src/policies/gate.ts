// The confirmation step: tries the decision's channels in the operator's order and reports one
// answer. A channel the client or the server cannot offer is skipped; a human's "no" is final and
// never falls through to another channel; with no channel left, nothing is done.
import type { CallToolResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.js';
import type { ToolDef } from '../tools/types.js';
import { confirmByConsole, pendingText } from './console-channel.js';
import { argsDigest, clientCanElicit, confirmByElicitation, type ConfirmDeps } from './confirm.js';
import type { PolicyRuntime } from './runtime.js';
import type { Channel } from './rules.js';
import { keepLateAccept, takeLateAccept, type LateForms } from './late-consent.js';

export type GateOutcome =
  | { kind: 'ask'; channel: Channel; result: InputRequiredResult }
  | { kind: 'approved'; channel: Channel; answer: string; approvedBy?: string; snapshot?: Record<string, string> }
  | { kind: 'refused'; channel: Channel | 'none'; answer: string; reason: string }
  | { kind: 'pending'; channel: Channel; answer: string; result: CallToolResult };

export interface GateDeps extends Omit<ConfirmDeps, 'clock' | 'checkWith'> {
  runtime: PolicyRuntime;
  logger: Logger;
  sessionCapabilities: () => Record<string, unknown> | undefined;
  /** This server's forms that may outlive their call (late-consent.ts). */
  lateForms?: LateForms;
}

export async function confirmGate(
  def: ToolDef,
  args: Record<string, unknown>,
  ctx: ServerContext,
  channels: readonly Channel[],
  who: { client: string; caller?: string; clientId?: string },
  deps: GateDeps,
): Promise<GateOutcome> {
  const rt = deps.runtime;
  // A human's accept that came after the client stopped waiting decides this identical call, once.
  const kept = await takeLateAccept(rt, def.name, argsDigest(def.name, args), who, rt.clock());
  if (kept) return { kind: 'approved', channel: 'elicitation', answer: 'late-accept', approvedBy: kept.approvedBy, ...(kept.snapshot && { snapshot: kept.snapshot }) };
  for (const channel of channels) {
    if (channel === 'elicitation') {
      if (!clientCanElicit(ctx, deps.sessionCapabilities())) continue;
      const o = await confirmByElicitation(def, args, ctx, { client: deps.client, codec: deps.codec, clock: rt.clock, ...(def.checkWith && { checkWith: def.checkWith }) });
      if (o.kind === 'ask') deps.lateForms?.opened(ctx);
      if (o.kind === 'ask') return { kind: 'ask', channel, result: o.result };
      if (o.kind === 'approved' && ctx.mcpReq.signal.aborted) {
        const reason = await keepLateAccept(rt, { tool: def.name, digest: argsDigest(def.name, args), who, approvedBy: `${who.client} user (elicitation, late)`, ...(o.snapshot && { snapshot: o.snapshot }), now: rt.clock() });
        return { kind: 'refused', channel, answer: 'late-accept-kept', reason };
      }
      if (o.kind === 'approved') return { kind: 'approved', channel, answer: 'accept', approvedBy: `${who.client} user (elicitation)`, ...(o.snapshot && { snapshot: o.snapshot }) };
      return { kind: 'refused', channel, answer: o.answer, reason: o.reason };
    }
    if (channel === 'console') {
      if (!rt.approvals) continue;
      const o = await confirmByConsole(def, args, argsDigest(def.name, args), who.client, who.caller, ctx, {
        store: rt.approvals,
        client: deps.client,
        logger: deps.logger,
        clock: rt.clock,
        waitMs: rt.policy.approvals.waitSeconds * 1000,
        ttlMs: rt.policy.approvals.ttlSeconds * 1000,
        ...(rt.consoleUrl && { consoleUrl: rt.consoleUrl }),
        ...(rt.webhook && { webhook: rt.webhook }),
        ...(who.clientId && { clientId: who.clientId }),
        maxPendingPerCaller: rt.policy.approvals.maxPendingPerCaller,
        maxPending: rt.policy.approvals.maxPending,
      });
      if (o.kind === 'approved') {
        return { kind: 'approved', channel, answer: 'approved', approvedBy: o.approval.decidedBy ?? 'console', ...(o.approval.snapshot && { snapshot: o.approval.snapshot }) };
      }
      if (o.kind === 'refused') return { kind: 'refused', channel, answer: o.answer, reason: o.reason };
      return {
        kind: 'pending',
        channel,
        answer: 'pending',
        result: {
          content: [{
            type: 'text',
            text: pendingText(def, o.approval, rt.consoleUrl),
          }],
          isError: true,
        },
      };
    }
  }
  const consoleOffered = channels.includes('console');
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
