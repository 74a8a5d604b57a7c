// MCP annotations are derived from the classification, never written by hand, so a tool cannot
// claim to be read-only while it writes. The title is listed once, as the tool's own `title`
// (clients fall back to it before `annotations.title`), not repeated here.
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { ToolDef } from './types.js';

export function annotationsFor(def: Pick<ToolDef, 'effect' | 'idempotent'>): ToolAnnotations {
  return {
    readOnlyHint: def.effect === 'read',
    destructiveHint: def.effect === 'destructive',
    idempotentHint: def.idempotent,
    // Every tool talks to Tencent's service (or the sandbox standing in for it).
    openWorldHint: true,
  };
}
