// Late consent: a human's answer to a confirmation form that arrives after the client stopped
// waiting for the call (it cancelled, or its request timed out: 60 s by default in 1.x clients).
//
// Without this, the SDK's 2025-era shim ties the form (an `elicitation/create` request) to the tool
// call's abort signal: when the call is cancelled the SDK cancels the form too, the client drops
// the person's answer, and the agent's retry asks the same person the same question again.
//
// Here the form outlives the call's cancellation (for the late window), and an `accept` that comes
// after the client gave up is kept as a single-use approval bound to the tool, a digest of the exact
// arguments and the caller, for the late window. It never runs anything by itself: only the
// agent's identical call, from the same caller, within the window, uses it, once. A late decline
// or dismissal keeps nothing. While a form is open and the call is still waited for, progress
// notifications go to a client that gave a progress token, so clients that reset their timeout on
// progress keep waiting.
import { createHash } from 'node:crypto';
import type { McpServer, ServerContext } from '@modelcontextprotocol/server';

/** How long a form stays answerable, and how long a late accept is kept (the "short window"). */
export const LATE_WINDOW_MS = 10 * 60_000;
/** How often a waiting client hears that the form is still open (well under 1.x clients' 60 s). */
export const FORM_PROGRESS_EVERY_MS = 5_000;

export interface LateConsentOptions {
  windowMs?: number;
  progressEveryMs?: number;
  store?: LateApprovalStore;
}

export interface KeptApproval {
  tool: string;
  digest: string;
  caller: string;
  approvedBy: string;
  /** What the human saw (e.g. the current owner), re-checked before the retry is sent. */
  snapshot?: Record<string, string>;
  acceptedAt: number;
  until: number;
}

export interface LateApprovalStore {
  keep(key: string, approval: KeptApproval): Promise<void>;
  /** Removes and returns the approval if it is still valid at `now`: one approval, one call. */
  take(key: string, now: number): Promise<KeptApproval | undefined>;
}

export function memoryLateApprovals(): LateApprovalStore {
  const kept = new Map<string, KeptApproval>();
  return {
    async keep(key, approval) {
      for (const [k, a] of kept) if (a.until <= approval.acceptedAt) kept.delete(k);
      kept.set(key, approval);
    },
    async take(key, now) {
      const a = kept.get(key);
      kept.delete(key);
      return a && a.until > now ? a : undefined;
    },
  };
}

// One store and one set of options per policy runtime (the runtime is shared by every server of a
// process), made on first use so the runtime's shape does not change; a deployment with shared
// state sets its own store, tests set short intervals.
const settings = new WeakMap<object, Required<LateConsentOptions>>();
function settingsOf(runtime: object): Required<LateConsentOptions> {
  let s = settings.get(runtime);
  if (!s) settings.set(runtime, (s = { windowMs: LATE_WINDOW_MS, progressEveryMs: FORM_PROGRESS_EVERY_MS, store: memoryLateApprovals() }));
  return s;
}
export function configureLateConsent(runtime: object, opts: LateConsentOptions): void {
  Object.assign(settingsOf(runtime), opts);
}
export function lateApprovalsOf(runtime: object): LateApprovalStore {
  return settingsOf(runtime).store;
}

export interface Who {
  client: string;
  caller?: string;
  clientId?: string;
}

/** The caller an approval is bound to: the authenticated subject, its OAuth client, and the MCP client. */
export function callerOf(who: Who): string {
  return JSON.stringify([who.caller ?? null, who.clientId ?? null, who.client]);
}

function keyOf(tool: string, digest: string, caller: string): string {
  return 'late:' + createHash('sha256').update(JSON.stringify([tool, digest, caller])).digest('hex');
}

/** Keeps a late accept; answers with the sentence for the audit log. */
export async function keepLateAccept(
  runtime: object,
  a: { tool: string; digest: string; who: Who; approvedBy: string; snapshot?: Record<string, string>; now: number },
): Promise<string> {
  const { store, windowMs } = settingsOf(runtime);
  const caller = callerOf(a.who);
  const until = a.now + windowMs;
  await store.keep(keyOf(a.tool, a.digest, caller), {
    tool: a.tool, digest: a.digest, caller, approvedBy: a.approvedBy, acceptedAt: a.now, until, ...(a.snapshot && { snapshot: a.snapshot }),
  });
  return 'The human accepted after the client had stopped waiting, so nothing was sent. The acceptance is kept, once, ' +
    `for the same call with the same arguments from the same caller until ${new Date(until).toISOString()}.`;
}

export async function takeLateAccept(runtime: object, tool: string, digest: string, who: Who, now: number): Promise<KeptApproval | undefined> {
  return lateApprovalsOf(runtime).take(keyOf(tool, digest, callerOf(who)), now);
}

interface OpenForm {
  signal: AbortSignal;
  progressToken?: string | number;
  notify: FormRequest['notify'];
}

/** What the form's request tells this module, read at the pipeline's edge (call/request.ts). */
export interface FormRequest {
  id: string | number;
  signal: AbortSignal;
  progressToken?: string | number;
  notify: (n: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; message: string } }) => Promise<void>;
}

export interface LateForms {
  /** The confirmation step is about to ask through this request: its form may outlive the call. */
  opened(req: FormRequest): void;
}

/** The private SDK member this module wraps (see installLateConsent). */
type ElicitationLeg = (params: unknown, options?: LegOptions, behavior?: unknown) => Promise<unknown>;
interface LegOptions {
  relatedRequestId?: string | number;
  signal?: AbortSignal;
  timeout?: number;
  [k: string]: unknown;
}

/**
 * Lets the forms of one server (one session) outlive their call's cancellation. The SDK's 2025-era
 * shim sends each form through the server's `_sendElicitationLeg` with the call's id as
 * `relatedRequestId` and a signal linked to the call's: for the forms our confirmation step opened,
 * that signal is replaced by one the call's cancellation does not reach, and the form's timeout
 * becomes at least the late window. When the answer comes, the shim runs the handler again with
 * the call's (now aborted) signal, and the confirmation step keeps an accept instead of acting.
 * The SDK exposes no public seam for this; if the member is gone, forms end with their call as
 * before (the late-consent tests fail loudly on such an SDK update).
 */
export function installLateConsent(server: McpServer, runtime: object): LateForms {
  const { windowMs, progressEveryMs: every } = settingsOf(runtime);
  const open = new Map<string | number, OpenForm>();
  const inner = server.server as unknown as { _sendElicitationLeg?: ElicitationLeg };
  const original = inner._sendElicitationLeg?.bind(server.server);
  if (!original) return { opened: () => {} };

  inner._sendElicitationLeg = async (params, options = {}, behavior) => {
    const form = options.relatedRequestId !== undefined ? open.get(options.relatedRequestId) : undefined;
    if (!form) return original(params, options, behavior);
    open.delete(options.relatedRequestId!);
    const own = new AbortController();
    // The shim's signal also aborts when a sibling request fails: pass that on, but not the
    // call's own cancellation (the call's signal is already aborted when that one arrives).
    const legSignal = options.signal;
    const onLegAbort = () => {
      if (!form.signal.aborted) own.abort(legSignal?.reason);
    };
    legSignal?.addEventListener('abort', onLegAbort, { once: true });
    let sent = 0;
    const ticker = form.progressToken === undefined ? undefined : setInterval(() => {
      if (form.signal.aborted) return clearInterval(ticker);
      sent += 1;
      form.notify({
        method: 'notifications/progress',
        params: { progressToken: form.progressToken!, progress: sent, message: 'Waiting for a person to answer the confirmation form.' },
      }).catch(() => {});
    }, every);
    ticker?.unref?.();
    try {
      return await original(params, { ...options, signal: own.signal, timeout: Math.max(options.timeout ?? 0, windowMs) }, behavior);
    } finally {
      if (ticker) clearInterval(ticker);
      legSignal?.removeEventListener('abort', onLegAbort);
    }
  };

  return {
    opened(req) {
      const { progressToken } = req;
      open.set(req.id, { signal: req.signal, notify: req.notify, ...(progressToken !== undefined && { progressToken }) });
      // A 2026-era request has no leg to pick the entry up; drop it with its call.
      const forget = () => open.delete(req.id);
      req.signal.addEventListener('abort', forget, { once: true });
      setTimeout(forget, windowMs).unref?.();
    },
  };
}
