// MCP annotations are derived from the classification, never written by hand, so a tool cannot
// claim to be read-only while it writes.
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { ToolDef } from './types.js';

export function annotationsFor(def: Pick<ToolDef, 'title' | 'effect' | 'idempotent'>): ToolAnnotations {
  return {
    title: def.title,
    readOnlyHint: def.effect === 'read',
    destructiveHint: def.effect === 'destructive',
    idempotentHint: def.idempotent,
    // Every tool talks to Tencent's service (or the sandbox standing in for it).
    openWorldHint: true,
  };
}
