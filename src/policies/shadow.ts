// Shadow mode: trial an agent on live rooms without letting it act. A call covered by a `shadow`
// rule, or any non-read call while --shadow is on, goes through every step as for real (rules,
// consent, caps, breaker, the audit log's decision record) and stops where it would be sent. The
// audit log records the outcome `shadow`, and the answer says, in words and in `_meta`, that
// nothing was sent, so the operator can read what the agent would have done. The answer itself
// is rendered with every other in call/render.ts.
import type { ToolDef } from '../tools/types.js';

export const SHADOW_META_KEY = 'tencent-live-mcp/shadow';

/** Why this call is shadowed ("rule 2", "--shadow"), or undefined when it is sent for real. */
export function shadowedBy(def: Pick<ToolDef, 'effect'>, decisionShadow: string | undefined, global: boolean | undefined): string | undefined {
  if (def.effect === 'read') return undefined;
  return decisionShadow ?? (global ? '--shadow' : undefined);
}
