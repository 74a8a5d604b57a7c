// Human confirmation through MCP elicitation, written once in the SDK's input-required style:
// the handler returns `inputRequired(...)` with a form; 2026-era clients answer and retry, and the
// SDK's shim turns it into `elicitation/create` for 2025-era clients.
//
// Consent is only taken from a form this server asked: the answer must arrive together with the
// signed requestState we minted when asking, bound to a digest of the exact arguments. Answers a
// client pre-fills on a first call, or replays with other arguments, are ignored.
import { createHash, randomBytes } from 'node:crypto';
import {
  acceptedContent,
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  type InputRequiredResult,
} from '@modelcontextprotocol/server';
import * as z from 'zod/v4';
import type { LiveClient } from '../client/types.js';
import type { ConfirmSpec, ToolDef } from '../tools/types.js';
import { memoryOnceStore, type OnceStore } from './once.js';
import { escapeInvisible, quoteText } from './show-text.js';

export const FORM_KEY = 'confirm';

export interface ConfirmState {
  digest: string;
  /** Spent when the human's answer is used, so one consent runs one call. */
  nonce: string;
  snapshot?: Record<string, string>;
}

export type ConfirmOutcome =
  | { kind: 'approved'; channel: 'elicitation'; snapshot?: Record<string, string> }
  | { kind: 'ask'; result: InputRequiredResult }
  | { kind: 'refused'; reason: string; answer: 'decline' | 'cancel' | 'mismatch' | 'replayed' };

export function argsDigest(tool: string, args: unknown): string {
  return createHash('sha256').update(JSON.stringify([tool, canonical(args)])).digest('hex');
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export interface ConfirmStateCodec {
  mint(state: ConfirmState): Promise<string>;
  verify: ReturnType<typeof createRequestStateCodec<ConfirmState>>['verify'];
  /**
   * Spends each consent once. It travels with the codec because whoever accepts the codec's
   * signatures must also share the record of which consents were used: servers that share a codec
   * (one per 2026-era request, or replicas sharing its key through Redis) share this store too.
   */
  once: OnceStore;
  /** How long a minted state is valid; a spent consent is remembered at least that long. */
  ttlMs: number;
}

/**
 * The key signs the confirmation state that travels through the client. A random key lives and
 * dies with this process; replicas share one key (and a shared `once` store) through Redis.
 */
export function createConfirmStateCodec(key: Uint8Array = randomBytes(32), opts: { ttlSeconds?: number; once?: OnceStore } = {}): ConfirmStateCodec {
  const ttlSeconds = opts.ttlSeconds ?? 600;
  const codec = createRequestStateCodec<ConfirmState>({ key, ttlSeconds });
  return { mint: (state) => codec.mint(state), verify: codec.verify, once: opts.once ?? memoryOnceStore(), ttlMs: ttlSeconds * 1000 };
}

/** The client may answer a form: it declared elicitation (form mode, or the bare capability). */
export function clientCanElicit(caps: Record<string, unknown> | undefined): boolean {
  // 2026-era requests carry their capabilities, 2025-era sessions declared them at initialize:
  // the caller (call/request.ts) hands over whichever this request has.
  const elicitation = caps?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation) return false;
  // `{}` means form mode (the 2025-06 meaning); a client that lists modes must list `form`.
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

/**
 * What a confirmation shows. Destructive tools declare it; any other tool that an operator's rule
 * puts behind a human gets a plain rendering of its arguments.
 */
export function confirmSpecOf(def: ToolDef): ConfirmSpec<Record<string, unknown>> {
  if (def.confirm) return def.confirm as ConfirmSpec<Record<string, unknown>>;
  return {
    action: () => `Run ${def.name} (${def.title.toLowerCase()}) with the arguments below.`,
    facts: (args) =>
      Object.entries(args)
        .filter(([k, v]) => k !== 'MaxPages' && v !== undefined)
        .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const),
  };
}

/**
 * What a person calls a retyped field. The field keeps the API's name (the answer is matched by
 * it); its title is for the human, who should not have to know Tencent's parameter names.
 */
const RETYPE_TITLES: Record<string, string> = {
  NewOwner_Account: "the new owner's user ID",
};
export function retypeLabel(field: string): string {
  return RETYPE_TITLES[field] ?? `the value of ${field}`;
}

function formSchema(def: ToolDef) {
  const retype = def.confirm?.retype;
  if (retype) {
    const label = retypeLabel(retype);
    return z.object({
      [retype]: z.string().meta({ title: `Retype ${label} to confirm`, description: `Type ${label} exactly as it appears in the request above.` }),
    });
  }
  return z.object({ confirm: z.boolean().meta({ title: 'Yes, do it', description: 'Tick to let this action go ahead.' }) });
}

function formMessage(def: ToolDef, args: Record<string, unknown>, snapshot?: Record<string, string>): string {
  const spec = confirmSpecOf(def);
  const lines = [...spec.facts(args), ...Object.entries(snapshot ?? {})];
  const width = Math.max(...lines.map(([l]) => l.length));
  return [
    `Please confirm: ${def.title} (${def.name})`,
    escapeInvisible(spec.action(args)),
    '',
    ...lines.map(([label, value]) => `${label.padEnd(width)} : ${quoteText(value)}`),
    '',
    spec.retype ? `To go ahead, retype ${retypeLabel(spec.retype)} exactly.` : 'Nothing is sent unless you confirm.',
  ].join('\n');
}

/** What the elicitation channel reads of the request: the state it minted, and the answers. */
export interface AnsweredRequest {
  requestState<T>(): T | undefined;
  readonly inputResponses: Parameters<typeof inputResponse>[0];
}

export interface ConfirmDeps {
  client: LiveClient;
  codec: ConfirmStateCodec;
  clock: () => number;
  /** The read tool to name when a consent is sent again (the first call may have run). */
  checkWith?: string;
}

export async function confirmByElicitation(
  def: ToolDef,
  args: Record<string, unknown>,
  req: AnsweredRequest,
  deps: ConfirmDeps,
): Promise<ConfirmOutcome> {
  const digest = argsDigest(def.name, args);
  const state = req.requestState<ConfirmState>();

  // Answers count only on the round that follows our own question for these same arguments.
  if (state && state.digest === digest) {
    const view = inputResponse(req.inputResponses, FORM_KEY);
    if (view.kind === 'elicit') {
      // One question, one answer: the consent is spent by whatever the human answered, so a
      // "no" cannot be turned into a "yes" by sending the same state again.
      const fresh = typeof state.nonce === 'string' && state.nonce.length > 0
        && (await deps.codec.once.use(`consent:${state.nonce}`, deps.codec.ttlMs + 60_000, deps.clock()));
      if (!fresh) {
        return {
          kind: 'refused',
          answer: 'replayed',
          reason: 'This confirmation was already answered for an earlier call (each confirmation decides one call). ' +
            `That call may already have run: ${deps.checkWith ? `check with ${deps.checkWith}` : 'check the current state'} before calling again, which asks anew.`,
        };
      }
      if (view.action !== 'accept') {
        return { kind: 'refused', answer: view.action === 'decline' ? 'decline' : 'cancel', reason: `The human ${view.action === 'decline' ? 'declined' : 'dismissed'} the confirmation.` };
      }
      const retype = def.confirm?.retype;
      if (retype) {
        const answer = acceptedContent(req.inputResponses, FORM_KEY, z.object({ [retype]: z.string() }));
        if (answer?.[retype] !== args[retype]) {
          return { kind: 'refused', answer: 'mismatch', reason: `The retyped ${retype} did not match the request.` };
        }
      } else {
        const answer = acceptedContent(req.inputResponses, FORM_KEY, z.object({ confirm: z.boolean() }));
        if (answer?.confirm !== true) {
          return { kind: 'refused', answer: 'decline', reason: 'The confirmation box was left unticked.' };
        }
      }
      return { kind: 'approved', channel: 'elicitation', ...(state.snapshot && { snapshot: state.snapshot }) };
    }
    // No answer with our state: ask again below.
  }

  const snapshot = def.confirm?.snapshot ? await def.confirm.snapshot(args, deps.client) : undefined;
  return {
    kind: 'ask',
    result: inputRequired({
      inputRequests: {
        [FORM_KEY]: inputRequired.elicit({ message: formMessage(def, args, snapshot), requestedSchema: formSchema(def) }),
      },
      requestState: await deps.codec.mint({ digest, nonce: randomBytes(12).toString('base64url'), ...(snapshot && { snapshot }) }),
    }),
  };
}
