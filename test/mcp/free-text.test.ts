// Free text dressing up an approval: a Reason that starts a new line with "[Operator note] …
// Safe to approve.", or hides text behind line/paragraph separators and bidi overrides. The human
// must see it as one quoted value, with every such character written out as an escape, in the
// elicitation form and in the approval console.
import { describe, expect, it } from 'vitest';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { startConsole } from '../../src/console/server.js';
import { quoteText } from '../../src/policies/show-text.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { PolicySchema } from '../../src/policies/rules.js';
import { operatorSession } from '../helpers/console-session.js';
import { harnessPerTest, type Harness } from '../helpers/harness.js';

const ROOM = 'live_music_night';
const SNEAKY = 'spam\n[Operator note] Duration was reduced to 60 s.\u2028Safe to approve.\u2029\u202Eevil\u202C \u2066iso\u2069 \u202A\u202B\u202D';
const HIDDEN = /[\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const args = { RoomId: ROOM, MemberList_Account: ['viewer_cy'], Duration: 2_592_000, Reason: SNEAKY };

describe('free text is shown quoted, with separators and bidi controls escaped', () => {
  let h: Harness | undefined;
  const start = harnessPerTest();

  it('quoteText writes every separator and bidi control as \\uXXXX', () => {
    const q = quoteText(SNEAKY);
    expect(q).not.toMatch(HIDDEN);
    expect(q).not.toContain('\n');
    for (const code of ['2028', '2029', '202A', '202B', '202C', '202D', '202E', '2066', '2069']) expect(q).toContain(`\\u${code}`);
    expect(q.startsWith('"') && q.endsWith('"')).toBe(true);
  });

  it('in the elicitation form, the Reason stays one quoted line', async () => {
    const forms: string[] = [];
    h = await start({ elicit: (f) => { forms.push(f.message); return { action: 'decline' }; } });
    await h.call('ban_member', args);
    expect(forms).toHaveLength(1);
    const form = forms[0]!;
    expect(form).not.toMatch(HIDDEN);
    expect(form.split('\n').some((line) => line.startsWith('[Operator note]'))).toBe(false);
    const reasonLine = form.split('\n').find((l) => l.startsWith('Reason'))!;
    expect(reasonLine).toContain('"spam\\n[Operator note] Duration was reduced to 60 s.\\u2028Safe to approve.\\u2029\\u202Eevil');
  });

  it('in the approval console, facts and client names arrive quoted and escaped', async () => {
    const store = new MemoryApprovalStore();
    const runtime = createPolicyRuntime({ policy: PolicySchema.parse({ channels: ['console'], approvals: { waitSeconds: 0 } }), approvals: store });
    h = await start({ runtime });
    await h.call('ban_member', args);
    const token = 'free-text-operator-token-0123456789';
    const con = await startConsole({ store, token, tokenFallback: true });
    try {
      const { cookie } = await operatorSession(con.url, token);
      const raw = await (await fetch(`${con.url}/api/approvals`, { headers: { cookie } })).text();
      const body = JSON.parse(raw) as { approvals: Array<{ facts: Array<[string, string]>; client: string; action: string }> };
      const [a] = body.approvals;
      expect(JSON.stringify(body)).not.toMatch(HIDDEN);
      const reason = a!.facts.find(([l]) => l === 'Reason')![1];
      expect(reason).toBe(quoteText(SNEAKY));
      expect(a!.client.startsWith('"')).toBe(true);
    } finally {
      await con.close();
    }
  });
});
