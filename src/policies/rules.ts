// Which tools need a human. The foundation's rule is the classification itself: reads and writes
// go through, destructive tools need a confirmation. Operator rules extend this decision.
import type { ToolDef } from '../tools/types.js';

export type Decision = { kind: 'allow' } | { kind: 'confirm' } | { kind: 'deny'; reason: string };

export function decide(def: Pick<ToolDef, 'effect' | 'confirm'>): Decision {
  if (def.effect === 'destructive') return { kind: 'confirm' };
  return { kind: 'allow' };
}
