// MCP annotations are derived from the classification, never written by hand, so a tool cannot
// claim to be read-only while it writes. The title is listed once, as the tool's own `title`
// (clients fall back to it before `annotations.title`), not repeated here.
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { ToolDef } from './types.js';
import { worstEffect } from './argument-effects.js';

export function annotationsFor(def: Pick<ToolDef, 'effect' | 'idempotent'> & { name?: string }): ToolAnnotations {
  return {
    readOnlyHint: def.effect === 'read',
    // The worst case: a write that some arguments make destructive says so (argument-effects.ts).
    destructiveHint: worstEffect(def) === 'destructive',
    idempotentHint: def.idempotent,
    // Every tool talks to Tencent's service (or the sandbox standing in for it).
    openWorldHint: true,
  };
}
