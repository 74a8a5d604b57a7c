// The tool row a call is handled as: the row itself, or, when its arguments make it destructive
// (tools/argument-effects.ts), the row classed destructive, with a confirmation that names what
// the arguments do. Everything after (rules, defaults, breaker, audit) reads this one row.
import { effectOfCall } from '../tools/argument-effects.js';
import type { ToolDef } from '../tools/types.js';
import { confirmSpecOf } from './confirm.js';

export function callDef(def: ToolDef, args: Record<string, unknown>): ToolDef {
  const { effect, because } = effectOfCall(def, args);
  if (effect === def.effect) return def;
  const spec = confirmSpecOf(def);
  return {
    ...def,
    effect,
    confirm: { ...spec, action: (a) => `Destructive: ${because ?? def.name}. ${spec.action(a)}` },
  };
}
