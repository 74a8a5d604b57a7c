// `tencent-live-mcp audit`: the audit log for people. One line per call: when, tool, target,
// who decided and how, and what happened. Calls with an intent but no outcome (a crash or a lost
// answer) are flagged, since those are the ones to check by hand.
import type { AuditReadResult, AuditRecord } from './audit.js';

/**
 * Every field of the report comes from someone else (a client's self-declared name, an approver
 * label, Tencent's error text): control characters (\r, ESC and the rest of C0/C1, DEL), line and
 * paragraph separators and bidi controls are shown escaped, so none can move the cursor, erase a
 * line, recolour the terminal or reorder text to forge another record.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface AuditFilter { sinceMs?: number; tool?: string }

export function filterAudit(records: AuditRecord[], f: AuditFilter): AuditRecord[] {
  return records.filter((r) => (f.sinceMs === undefined || Date.parse(r.time) >= f.sinceMs) && (f.tool === undefined || r.tool === f.tool));
}

function target(args: Record<string, unknown> | undefined): string {
  if (!args) return '';
  return Object.entries(args)
    .filter(([k]) => k === 'RoomId' || k.endsWith('_Account') || k === 'Duration' || k === 'MuteTime' || k === 'Index')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
}

export function formatAudit(records: AuditRecord[], torn: AuditReadResult['torn'] = []): string {
  const calls = new Map<string, AuditRecord[]>();
  for (const r of records) calls.set(r.callId, [...(calls.get(r.callId) ?? []), r]);
  const lines: string[] = [];
  for (const recs of calls.values()) {
    const first = recs[0]!;
    const decision = recs.filter((r) => r.event === 'decision').at(-1);
    const intent = recs.find((r) => r.event === 'intent');
    const outcome = recs.find((r) => r.event === 'outcome');
    const how = decision
      ? [decision.decision, decision.rule && `(${decision.rule})`, decision.channel && `via ${decision.channel}`, decision.answer, decision.approvedBy && `by ${decision.approvedBy}`].filter(Boolean).join(' ')
      : '';
    let result: string;
    if (outcome?.result === 'shadow') {
      result = `SHADOW: not sent (${outcome.reason ?? 'shadow mode'}); this is what the agent would have done`;
    } else if (outcome) {
      result = outcome.result === 'ok' ? `ok ${outcome.requestId ?? ''}` : `${outcome.result}${outcome.code ? ` ${outcome.code}` : ''}${outcome.requestId ? ` ${outcome.requestId}` : ''}${outcome.reason ? `: ${outcome.reason}` : outcome.error ? `: ${outcome.error}` : ''}`;
    } else if (intent) {
      result = 'NO OUTCOME RECORDED (sent, then the server stopped or lost the answer): check the room';
    } else if (decision?.answer === 'asked') {
      // A round that only put the question to a human: the answer, and the call, come with the
      // client's next round (its own callId). Nothing was sent, so there is nothing to check.
      result = 'asked a human; nothing sent in this round';
    } else {
      result = 'no outcome';
    }
    lines.push(printable(`${first.time}  ${first.tool}  ${target(first.args)}  [${how}]  → ${result.trim()}${first.caller ? `  caller=${first.caller}` : ''}  client=${first.client ?? '?'}`));
  }
  // A torn line is a record the disk did not take whole: its call may have been refused (nothing
  // sent) or its outcome lost; either way a person should look.
  for (const t of torn) lines.push(printable(`TORN LINE ${t.file}:${t.line} (not a whole record; check it by hand): ${t.text}`));
  return lines.length ? lines.join('\n') + '\n' : 'No audit records match.\n';
}
