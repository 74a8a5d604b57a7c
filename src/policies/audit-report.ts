// `tencent-live-mcp audit`: the audit log for people. One line per call: when, tool, target,
// who decided and how, and what happened. Calls with an intent but no outcome (a crash or a lost
// answer) are flagged, since those are the ones to check by hand.
import type { AuditRecord } from './audit.js';

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

export function formatAudit(records: AuditRecord[]): string {
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
    if (outcome) {
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
    lines.push(`${first.time}  ${first.tool}  ${target(first.args)}  [${how}]  → ${result.trim()}${first.caller ? `  caller=${first.caller}` : ''}  client=${first.client ?? '?'}`);
  }
  return lines.length ? lines.join('\n') + '\n' : 'No audit records match.\n';
}
