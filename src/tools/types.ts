// What one tool is: a declarative row. The server registers every row the same way, and the
// policy layer reads `effect`, `idempotent` and `confirm` to decide what stands between the
// model and Tencent.
import type * as z from 'zod/v4';
import type { Endpoint, EndpointName } from '../catalog/endpoints.js';
import type { CallResult, LiveClient } from '../client/types.js';
import type { ServerContext } from '@modelcontextprotocol/server';
import type { Feed } from '../feed/index.js';
import type { Paging } from './paging.js';

export type Effect = 'read' | 'write' | 'destructive';

/** One row of a confirmation form's "what will happen" list. */
export type FactLine = readonly [label: string, value: string];

export interface ConfirmSpec<A> {
  /** One sentence: what will happen if the human accepts. Values are quoted, never spliced bare. */
  action(args: A): string;
  /** The concrete target, shown line by line: room, user(s), duration, reason. */
  facts(args: A): FactLine[];
  /**
   * Instead of a checkbox, the human retypes this argument (e.g. the new owner); the form field
   * carries the argument's name and the answer must match it exactly.
   */
  retype?: keyof A & string;
  /**
   * Reads the target's current state before asking, to show it in the form and to compare after
   * consent: if the state changed meanwhile, nothing is sent. Returns label → value.
   */
  snapshot?(args: A, client: LiveClient): Promise<Record<string, string>>;
}

/** A tool as a toolset file writes it: its name is its endpoint's, so the row does not repeat it. */
export interface ToolRow<I extends z.ZodObject = z.ZodObject, N extends EndpointName = EndpointName> {
  title: string;
  /** When to use it, what it changes, and what to call first. */
  description: string;
  endpoint: Endpoint & { readonly name: N };
  input: I;
  /** The vendor payload (under `Response`, or documented top-level fields) plus RequestId. */
  output: z.ZodObject;
  effect: Effect;
  /** True when repeating the call cannot change the outcome: reads, and set-to-value writes. */
  idempotent: boolean;
  /** Present on tools that need a human's consent by default (all destructive tools). */
  confirm?: ConfirmSpec<z.infer<I>>;
  /** A one-line summary for the text rendering; the payload follows it as JSON data. */
  summarize?(args: z.infer<I>, payload: Record<string, unknown>): string;
  /** What did not happen, for failure messages ("the user was not removed from the seat"). */
  notDone: string;
  /** The read tool that tells the truth after an unknown outcome (e.g. get_seat_list). */
  checkWith?: EndpointName;
  /** For list tools whose API pages with a cursor: how to follow it (input gets MaxPages). */
  paging?: Paging;
  /**
   * Replaces the single REST call of step 5 for tools that read the feed or do more than one
   * call (release a held message). Runs after decide, confirm, limit and audit like any call.
   */
  run?(args: Record<string, unknown>, rc: RunContext): Promise<CallResult>;
}

/** A registered tool: its row, named by its endpoint. */
export interface ToolDef<I extends z.ZodObject = z.ZodObject, N extends EndpointName = EndpointName> extends ToolRow<I, N> {
  readonly name: N;
}

/** What a tool's own `run` gets: the client, the feed, the call's context. */
export interface RunContext {
  client: LiveClient;
  feed?: Feed;
  ctx: ServerContext;
  /** Who decided (approver or client), for the held queue's record. */
  actor: string;
}

/** Names a row by its endpoint; the row keeps its own input type (args in confirm and summarize). */
export function defineTool<I extends z.ZodObject, N extends EndpointName>(row: ToolRow<I, N>): ToolDef<I, N> {
  return { name: row.endpoint.name, ...row };
}
