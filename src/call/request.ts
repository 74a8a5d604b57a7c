// The edge between the SDK and the call pipeline. The SDK's request context (`ctx.mcpReq`,
// `ctx.http`) is read here, once per call, into the small interface below; the pipeline and the
// policy modules it calls see only that. An SDK change to the context touches this file alone.
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, type ServerContext } from '@modelcontextprotocol/server';
import { progressSender, type ProgressSender } from './progress.js';

/** What one tool call's request tells the pipeline. */
export interface CallRequest {
  /** Aborted when the client cancels the call (or its connection goes). */
  readonly signal: AbortSignal;
  /** "name version" of the client, from the request (2026-era) or the session (2025-era). */
  readonly client: string;
  /** The authenticated caller (HTTP token subject), when there is one. */
  readonly caller: string | undefined;
  /** The authenticated OAuth client, when there is one. */
  readonly clientId: string | undefined;
  /** The capabilities the client declared, on the request (2026-era) or at initialize (2025-era). */
  capabilities(): Record<string, unknown> | undefined;
  /** The verified requestState this server minted when it asked a question, if echoed. */
  requestState<T>(): T | undefined;
  /** The client's answers to this server's questions (elicitation forms), if any. */
  readonly inputResponses: ServerContext['mcpReq']['inputResponses'];
  /** Sends a progress notification; undefined when the client asked for none. */
  readonly progress: ProgressSender | undefined;
  /** The SDK's own context, handed on untouched to a tool's own `run` (tools/types.ts). */
  readonly sdk: ServerContext;
}

/** What the edge needs from the server that is not in the request. */
export interface RequestSources {
  /** What the 2025-era session declared at initialize (capabilities, client name). */
  sessionCapabilities: () => Record<string, unknown> | undefined;
  sessionClient: () => { name?: string; version?: string } | undefined;
  /** The authenticated caller (HTTP token subject), when there is one. */
  caller?: (ctx: ServerContext) => string | undefined;
}

export function adaptRequest(ctx: ServerContext, sources: RequestSources): CallRequest {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  // Read lazily: a plain read never needs the client's name or capabilities.
  let client: string | undefined;
  let progress: ProgressSender | undefined | null = null;
  return {
    signal: ctx.mcpReq.signal,
    get client() {
      return (client ??= clientName(envelope, sources));
    },
    caller: sources.caller?.(ctx),
    clientId: ctx.http?.authInfo?.clientId,
    capabilities: () => (envelope?.[CLIENT_CAPABILITIES_META_KEY] as Record<string, unknown> | undefined) ?? sources.sessionCapabilities(),
    requestState: <T>() => ctx.mcpReq.requestState<T>(),
    inputResponses: ctx.mcpReq.inputResponses,
    get progress() {
      if (progress === null) progress = progressSender(ctx);
      return progress;
    },
    sdk: ctx,
  };
}

function clientName(envelope: Record<string, unknown> | undefined, sources: RequestSources): string {
  const info = (envelope?.[CLIENT_INFO_META_KEY] ?? sources.sessionClient()) as { name?: string; version?: string } | undefined;
  return info?.name ? `${info.name}${info.version ? ` ${info.version}` : ''}` : 'unknown client';
}
