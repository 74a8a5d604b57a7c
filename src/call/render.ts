// The one place where outcomes become MCP tool results: successes carry the vendor payload in
// structuredContent, failures say what failed, Tencent's code and meaning, the RequestId, what did
// not happen and what to do next; refusals, calls waiting for the console and shadowed calls say
// that nothing was sent and why.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { isRateLimitCode, isSignatureCode } from '../catalog/error-codes.js';
import { missingRoomAdvice } from '../catalog/outcomes.js';
import { LiveError } from '../client/errors.js';
import type { CallResult } from '../client/types.js';
import type { Approval } from '../policies/approvals.js';
import { SHADOW_META_KEY } from '../policies/shadow.js';
import type { ToolDef } from '../tools/types.js';
import { reversalOf, reversalSentence } from '../tools/reversal.js';
import { redactPayload } from '../tools/redact.js';

/** What sits under `Response`, or the documented top-level fields, plus RequestId. */
export function payloadOf(result: CallResult): Record<string, unknown> {
  const { Response, ...rest } = result.body;
  const base = Response && typeof Response === 'object' && !Array.isArray(Response) ? (Response as Record<string, unknown>) : {};
  return redactPayload({ ...rest, ...base, RequestId: result.requestId });
}

export function successResult(def: ToolDef, args: Record<string, unknown>, result: CallResult): CallToolResult {
  const payload = payloadOf(result);
  if (def.effect !== 'read' && !def.output.safeParse(payload).success) {
    // The write happened. An answer shaped unlike Tencent's docs must not turn it into a failure
    // (the SDK would reject structuredContent that breaks the output schema, inviting a resend):
    // every write's schema accepts the RequestId alone, and the raw answer goes along as data.
    return {
      content: [{ type: 'text', text: `${def.name} succeeded (RequestId ${JSON.stringify(result.requestId)}). Tencent's answer is not shaped as documented; here it is as data:\n${JSON.stringify(payload)}` }],
      structuredContent: { RequestId: result.requestId },
    };
  }
  const summary = def.summarize?.(args, payload) ?? `${def.name} succeeded.`;
  const reverse = reversalOf(def.name, args, payload);
  return {
    // User content (room names, chat text) stays inside the JSON data, never in the sentence.
    content: [{ type: 'text', text: `${summary}${reverse ? ` ${reversalSentence(reverse)}` : ''}\n${JSON.stringify(payload)}` }],
    structuredContent: payload,
    ...(reverse && { _meta: { 'tencent-live-mcp/reverse': reverse } }),
  };
}

/** A paged read: every item read, the resume cursor, and why it stopped early if a page failed. */
export function pagedResult(
  def: ToolDef,
  paged: { payload: Record<string, unknown>; requestId: string; stoppedBy?: unknown },
): CallToolResult {
  const { payload } = paged;
  const items = def.paging ? payload[def.paging.items] : undefined;
  const count = Array.isArray(items) ? items.length : 0;
  const cursor = def.paging ? payload[def.paging.response] : undefined;
  let summary = `${count} item(s) from ${payload.Pages} page(s); ` +
    (cursor && cursor !== '0' ? `more remain: pass ${def.paging?.request}=${JSON.stringify(cursor)} to continue.` : 'that is all of them.');
  if (paged.stoppedBy !== undefined) {
    const why = paged.stoppedBy instanceof LiveError ? readFailureWording(paged.stoppedBy.message) : String(paged.stoppedBy);
    summary += ` Stopped early because a page failed (${why}); the items above were read before it.`;
  }
  return { content: [{ type: 'text', text: `${summary}\n${JSON.stringify(payload)}` }], structuredContent: payload };
}

/** A failed read's message without the clauses about effects a read cannot have. */
export function readFailureWording(message: string): string {
  return message
    .replace(/; the request may have taken effect/g, '')
    .replace(/; the request reached it and may have taken effect/g, '; the request reached it')
    .replace(/, and whether anything behind it acted is not known/g, '')
    .replace(/, but an earlier one may have taken effect/g, '')
    .replace(/ An earlier attempt may have taken effect\./g, '');
}

/** Where an error result carries Tencent's code, meaning, RequestId and the outcome, for programs. */
export const ERROR_META_KEY = 'tencent-live-mcp/error';

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function nextStep(def: ToolDef, err: LiveError): string {
  if (err.delivery === 'unknown' && def.effect !== 'read') {
    return def.checkWith
      ? `Check with ${def.checkWith} before trying again.`
      : 'Check the current state before trying again.';
  }
  if (err.kind === 'api') {
    if (err.code === 100004) return missingRoomAdvice(def.name);
    if (err.code !== undefined && isRateLimitCode(err.code)) {
      return 'Tencent is rate-limiting this call; wait a moment and try again.';
    }
    if (err.code !== undefined && isSignatureCode(err.code)) {
      return 'The server\'s credentials were rejected; an operator must check TENCENT_LIVE_SDKAPPID, TENCENT_LIVE_SECRET_KEY, TENCENT_LIVE_ADMIN and the region.';
    }
    if (err.code === 100001) return 'Tencent had an internal error; trying again later may succeed.';
    if (err.code === 60021) return 'An operator must add this server\'s public IP address to the app\'s REST API IP allowlist in the Chat console (or remove the allowlist), then try again.';
    return 'Correct the request according to the error and try again.';
  }
  if (def.effect === 'read') {
    return err.delivery === 'unknown'
      ? 'The read failed and changed nothing; it is worth trying again in a moment.'
      : 'The read failed and changed nothing; nothing reached Tencent, so it is safe to try again.';
  }
  if (err.delivery === 'unknown') {
    return def.checkWith
      ? `The outcome is unknown: Tencent may have done it. Check with ${def.checkWith} before trying again.`
      : 'The outcome is unknown: Tencent may have done it. Check the current state before trying again.';
  }
  if (err.kind === 'http') return 'The request reached the endpoint but was refused before Tencent\'s API answered; check the endpoint and any proxy in front of it before trying again.';
  return 'Nothing reached Tencent; it is safe to try again.';
}

/** A call stopped before anything was sent (e.g. the read before asking failed). */
export function notSentResult(def: ToolDef, err: unknown, why: string): CallToolResult {
  const detail = err instanceof Error ? err.message : String(err);
  return errorResult(`Not performed: ${def.notDone} ${why} (${detail}) Nothing was sent.`);
}

export function failureResult(def: ToolDef, err: unknown): CallToolResult {
  if (!(err instanceof LiveError)) {
    // An unexpected failure while the call was under way: for a write, the outcome is unknown.
    return errorResult(`${def.name} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}. ` +
      (def.effect === 'read'
        ? def.notDone
        : `It is unknown whether Tencent carried it out.${def.checkWith ? ` Check with ${def.checkWith} before trying again.` : ''}`));
  }
  const parts: string[] = [];
  const unknownWrite = err.delivery === 'unknown' && def.effect !== 'read';
  // The client's messages speak for any call ("the request may have taken effect"); a read has no
  // effect, so for a read that clause is dropped and the next step says whether to retry.
  const said = def.effect === 'read' ? readFailureWording(err.message) : err.message;
  if (err.kind === 'api') {
    // An error that may come after the command ran (60008, 100001) is an answer, not a refusal.
    const meaning = unknownWrite ? err.meaning?.replace(/[;,]\s*retry\b.*$/i, '') : err.meaning;
    parts.push(`Tencent ${unknownWrite ? 'answered' : 'refused'} ${def.name}${unknownWrite ? ' with' : ':'} error ${err.code ?? err.codeName}${meaning ? ` (${meaning})` : ''}.`);
    // Tencent's own words are data (they may echo user input): quoted, never part of the sentence.
    if (err.info) parts.push(`Tencent says: ${JSON.stringify(err.info)}.`);
    if (!unknownWrite) parts.push(def.notDone);
  } else if (err.delivery === 'unknown') {
    parts.push(`${def.name} did not complete: ${said.replace(/\.$/, '')}.`);
    if (!unknownWrite) parts.push(def.notDone);
  } else if (err.kind === 'http') {
    parts.push(`${def.name} was refused: ${err.message.replace(/\.$/, '')}.`);
    parts.push(def.notDone);
  } else {
    parts.push(`${def.name} could not reach Tencent: ${said.replace(/\.$/, '')}.`);
    parts.push(def.notDone);
  }
  if (unknownWrite) parts.push(`It is unknown whether Tencent carried it out (${def.notDone.replace(/^The /, 'the ').replace(/\.$/, '')} — or it was).`);
  if (err.requestId) parts.push(`RequestId: ${err.requestId}.`);
  parts.push(nextStep(def, err));
  // No structuredContent on errors: clients on the 1.x SDK validate it against the tool's
  // outputSchema even when isError is set, and an error shape matches no tool's schema, so they
  // threw and the model never saw the code. Giving every output schema an error branch instead
  // would make each schema (and each success) weaker for every client. The facts stay in the text,
  // which every client shows, and go in _meta under our own key for programs that want them.
  return {
    content: [{ type: 'text', text: parts.join(' ') }],
    _meta: {
      [ERROR_META_KEY]: { kind: err.kind, code: err.code, meaning: err.meaning, requestId: err.requestId, outcome: unknownWrite ? 'unknown' : 'not_performed' },
    },
    isError: true,
  };
}

/** A call the policy (or a step before sending) stopped: what was not done, and why. */
export function notPerformed(def: ToolDef, reason: string): CallToolResult {
  return errorResult(`Not performed: ${def.notDone} ${reason}`);
}

/**
 * The answer to a call left waiting for the console. By default it comes at once (the policy's
 * approvals.waitSeconds is 0): a one-shot client would otherwise sit through the wait and exit
 * with the server, and its approval could never be used. It says what is pending, where the
 * operator approves it, that nothing was done, and that the same call runs once after approval.
 */
export function pendingResult(def: ToolDef, approval: Approval, consoleUrl?: string): CallToolResult {
  return errorResult(`Waiting for approval: nothing was done. ${def.notDone} ` +
    `Pending: ${approval.action} An operator must approve it in the approval console` +
    `${consoleUrl ? ` (${consoleUrl})` : ''} as approval ${approval.id}, before ${new Date(approval.expiresAt).toISOString()}. ` +
    'After it is approved, make the same call again with the same arguments; it then runs once.');
}

/**
 * The answer to a shadowed call (policies/shadow.ts). Not an error (the agent is meant to carry on
 * as it would), with structuredContent only where the tool's output schema accepts an empty
 * RequestId, which every write's does; the flag itself travels in `_meta`, outside the schema a
 * 1.x client validates.
 */
export function shadowResult(def: ToolDef, by: string, how: string): CallToolResult {
  const text = `Shadow mode (${by}): ${def.name} was ${how} and recorded in the audit log, but NOT sent to Tencent; ` +
    'nothing changed. The operator is reviewing what this agent would do; there is no RequestId and nothing to check.';
  const structured = { RequestId: '' };
  const fits = def.output.safeParse(structured).success;
  return {
    content: [{ type: 'text', text }],
    ...(fits ? { structuredContent: structured } : { isError: true }),
    _meta: { [SHADOW_META_KEY]: { shadow: true, by } },
  };
}
