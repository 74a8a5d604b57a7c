// A call to a catalog tool this server does not serve gets an answer a model can act on: which
// toolset holds it and how an operator turns it on, instead of the SDK's bare "Tool … not found".
//
// The SDK keeps one tools/call handler per server and offers no hook for unknown names, so the
// registered handler is wrapped where the protocol layer stores it. If a future SDK stores it
// elsewhere, nothing is wrapped and the SDK's own message stands (test/mcp/wording.test.ts notices).
import type { McpServer } from '@modelcontextprotocol/server';
import { TOOLSETS, toolsetOf } from './toolsets.js';
import type { ToolDef } from './types.js';

type Handler = (request: { params?: { name?: unknown } }, ctx: unknown) => Promise<unknown>;

export function unservedToolHint(def: ToolDef, served: readonly ToolDef[], deniedByPolicy: boolean): string {
  if (deniedByPolicy) {
    return `${def.name} is not offered: the operator's policy denies it whatever the arguments. Nothing was done.`;
  }
  const toolset = toolsetOf(def);
  const servedToolsets = [...new Set(served.map(toolsetOf))];
  if (servedToolsets.includes(toolset)) {
    // Its toolset is on, so an exact --tools list or --read-only left it out.
    return `${def.name} is in the "${toolset}" toolset but this server does not offer it ` +
      `(${def.effect === 'read' ? 'an exact --tools list' : 'read-only mode or an exact --tools list'} leaves it out). Nothing was done. ` +
      'An operator can change the server\'s --tools / --read-only flags to offer it.';
  }
  const order = Object.keys(TOOLSETS);
  const enable = [...servedToolsets, toolset].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(',');
  return `${def.name} is in the "${toolset}" toolset, which this server does not offer. Nothing was done. ` +
    `An operator can enable it by starting the server with --toolsets ${enable} (or TENCENT_LIVE_TOOLSETS=${enable}), or --toolsets all.`;
}

/** Answers calls to catalog tools that are not served with unservedToolHint(); returns whether it could. */
export function explainUnservedTools(server: McpServer, catalog: readonly ToolDef[], served: readonly ToolDef[], denied: (def: ToolDef) => boolean): boolean {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })._requestHandlers;
  const inner = handlers instanceof Map ? handlers.get('tools/call') : undefined;
  if (!handlers || !inner) return false;
  const servedNames = new Set(served.filter((d) => !denied(d)).map((d) => d.name as string));
  const unserved = new Map(catalog.filter((d) => !servedNames.has(d.name)).map((d) => [d.name as string, d]));
  handlers.set('tools/call', async (request, ctx) => {
    const name = request?.params?.name;
    const def = typeof name === 'string' ? unserved.get(name) : undefined;
    if (!def) return inner(request, ctx);
    // Shaped like every refusal (call/render.ts), built here: tools know nothing of the pipeline.
    return { content: [{ type: 'text', text: unservedToolHint(def, served.filter((d) => !denied(d)), denied(def)) }], isError: true };
  });
  return true;
}
