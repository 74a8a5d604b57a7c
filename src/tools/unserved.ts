// A call to a catalog tool this server does not serve gets an answer a model can act on: which
// toolset holds it and how an operator turns it on, instead of the SDK's bare "Tool … not found".
//
// The SDK keeps one tools/call handler per server and offers no hook for unknown names, so the
// registered handler is wrapped where the protocol layer stores it. If a future SDK stores it
// elsewhere, nothing is wrapped and the SDK's own message stands (test/mcp/wording.test.ts notices).
import type { McpServer } from '@modelcontextprotocol/server';
import { DEFAULT_SELECTION, isDefaultTool, TOOLSETS, toolsetOf } from './toolsets.js';
import type { ToolDef } from './types.js';

type Handler = (request: { params?: { name?: unknown } }, ctx: unknown) => Promise<unknown>;

/**
 * The --toolsets entries the served tools cover in full ('default' when every default tool is
 * served, then each toolset every tool of which is served); with --read-only (no writes served)
 * only reads count. Naming these plus the missing toolset keeps what is served today.
 */
export function coveredSelections(catalog: readonly ToolDef[], served: readonly ToolDef[]): string[] {
  const names = new Set(served.map((d) => d.name as string));
  const readOnly = served.every((d) => d.effect === 'read');
  const counted = (defs: readonly ToolDef[]) => (readOnly ? defs.filter((d) => d.effect === 'read') : defs);
  const covered = (defs: readonly ToolDef[]) => counted(defs).length > 0 && counted(defs).every((d) => names.has(d.name));
  const withDefault = covered(catalog.filter(isDefaultTool));
  const sets = Object.keys(TOOLSETS).filter((set) => {
    const inSet = catalog.filter((d) => toolsetOf(d) === set);
    // A toolset wholly inside the default (feed) needs no entry of its own beside 'default'.
    return covered(inSet) && !(withDefault && counted(inSet).every(isDefaultTool));
  });
  return [...(withDefault ? [DEFAULT_SELECTION] : []), ...sets];
}

export function unservedToolHint(def: ToolDef, served: readonly ToolDef[], deniedByPolicy: boolean, catalog: readonly ToolDef[] = served): string {
  if (deniedByPolicy) {
    return `${def.name} is not offered: the operator's policy denies it whatever the arguments. Nothing was done.`;
  }
  const toolset = toolsetOf(def);
  const covered = coveredSelections(catalog, served);
  const partlyServed = served.some((d) => toolsetOf(d) === toolset);
  // Its toolset is on (or it is a default tool and the default is on), or an exact --tools list
  // chose part of the toolset: --read-only or that list left it out.
  if (covered.includes(toolset) || (isDefaultTool(def) && covered.includes(DEFAULT_SELECTION)) || (partlyServed && !covered.includes(DEFAULT_SELECTION))) {
    return `${def.name} is in the "${toolset}" toolset but this server does not offer it ` +
      `(${def.effect === 'read' ? 'an exact --tools list' : 'read-only mode or an exact --tools list'} leaves it out). Nothing was done. ` +
      'An operator can change the server\'s --tools / --read-only flags to offer it.';
  }
  const enable = [...covered, toolset].join(',');
  const where = partlyServed
    ? `is in the "${toolset}" toolset, of which this server offers only the default tools`
    : `is in the "${toolset}" toolset, which this server does not offer`;
  return `${def.name} ${where}. Nothing was done. ` +
    `An operator can enable it by starting the server with --toolsets ${enable} (or TENCENT_LIVE_TOOLSETS=${enable}), or --toolsets all.`;
}

/** Answers calls to catalog tools that are not served with unservedToolHint(); returns whether it could. */
export function explainUnservedTools(server: McpServer, catalog: readonly ToolDef[], served: readonly ToolDef[], denied: (def: ToolDef) => boolean): boolean {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })._requestHandlers;
  const inner = handlers instanceof Map ? handlers.get('tools/call') : undefined;
  if (!handlers || !inner) return false;
  // Looked up per call, not indexed per server: an HTTP server may live for one request only.
  handlers.set('tools/call', async (request, ctx) => {
    const name = request?.params?.name;
    const def = typeof name === 'string' && !served.some((d) => d.name === name && !denied(d))
      ? catalog.find((d) => d.name === name)
      : undefined;
    if (!def) return inner(request, ctx);
    // Shaped like every refusal (call/render.ts), built here: tools know nothing of the pipeline.
    return { content: [{ type: 'text', text: unservedToolHint(def, served, denied(def), catalog) }], isError: true };
  });
  return true;
}
