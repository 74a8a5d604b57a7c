// Shadow mode: trial an agent on live rooms without letting it act. A call covered by a `shadow`
// rule, or any non-read call while --shadow is on, goes through every step as for real (rules,
// consent, caps, breaker, the audit log's decision record) and stops where it would be sent. The
// audit log records the outcome `shadow`, and the answer says, in words and in `_meta`, that
// nothing was sent, so the operator can read what the agent would have done.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolDef } from '../tools/types.js';

export const SHADOW_META_KEY = 'tencent-live-mcp/shadow';

/** Why this call is shadowed ("rule 2", "--shadow"), or undefined when it is sent for real. */
export function shadowedBy(def: Pick<ToolDef, 'effect'>, decisionShadow: string | undefined, global: boolean | undefined): string | undefined {
  if (def.effect === 'read') return undefined;
  return decisionShadow ?? (global ? '--shadow' : undefined);
}

/**
 * The answer to a shadowed call. Not an error (the agent is meant to carry on as it would), with
 * structuredContent only where the tool's output schema accepts an empty RequestId, which every
 * write's does; the flag itself travels in `_meta`, outside the schema a 1.x client validates.
 */
export function shadowResult(def: ToolDef, by: string, how: string): CallToolResult {
  const text = `Shadow mode (${by}): ${def.name} was ${how} and recorded in the audit log, but NOT sent to Tencent; ` +
    'nothing changed. The operator is reviewing what this agent would do; there is no RequestId and nothing to check.';
  const structured = { RequestId: '' };
  const fits = def.output.safeParse(structured).success;
  return {
    content: [{ type: 'text', text }],
    ...(fits ? { structuredContent: structured } : { isError: true }),
    _meta: { [SHADOW_META_KEY]: { shadow: true, by } },
  };
}
