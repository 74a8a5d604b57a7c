// Hold rules: which chat messages the before-send callback holds for review instead of letting
// through. They live in the policy file under `holds` and are evaluated synchronously, in
// microseconds, inside Tencent's 2 s before-send budget. The operator writes them (including the
// regular expressions), so they are trusted; chat text is bounded by the receiver's body limit.
import * as z from 'zod/v4';
import { roomPatternMatches } from '../policies/targets.js';

export const HoldRulesSchema = z.strictObject({
  all: z.boolean().default(false).describe('Hold every message in every room (the raid switch).'),
  rooms: z.array(z.string().min(1)).default([]).describe('Hold every message in rooms matching these patterns (* is a wildcard).'),
  users: z.array(z.string().min(1)).default([]).describe('Watch list: hold every message from these accounts.'),
  words: z.array(z.string().min(1)).default([]).describe('Hold messages containing any of these words (case-insensitive).'),
  patterns: z.array(z.string().min(1)).default([]).describe('Hold messages matching any of these regular expressions (JavaScript syntax, case-insensitive).'),
  answer: z.enum(['refuse', 'silent']).default('refuse')
    .describe('How a held message is blocked at Tencent: "refuse" answers ErrorCode 1 (the sender is told it failed), "silent" ErrorCode 2 (the sender sees it as sent).'),
}).superRefine((h, ctx) => {
  for (const [i, p] of h.patterns.entries()) {
    try {
      new RegExp(p, 'iu');
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['patterns', i], message: `not a valid regular expression: ${(err as Error).message}` });
    }
  }
});
export type HoldRules = z.infer<typeof HoldRulesSchema>;

export const NO_HOLDS: HoldRules = HoldRulesSchema.parse({});

export interface HoldInput { room: string; sender: string; text?: string }

/** Compiled once per policy; `holdAll` can be flipped at run time (a raid) without a reload. */
export class HoldEvaluator {
  private readonly regexes: RegExp[];
  private readonly words: string[];
  holdAll: boolean;

  constructor(readonly rules: HoldRules = NO_HOLDS) {
    this.regexes = rules.patterns.map((p) => new RegExp(p, 'iu'));
    this.words = rules.words.map((w) => w.toLowerCase());
    this.holdAll = rules.all;
  }

  /** The reason to hold, or undefined to let it through. */
  reason(m: HoldInput): string | undefined {
    if (this.holdAll) return 'hold all is on';
    const room = this.rules.rooms.find((p) => roomPatternMatches(p, m.room));
    if (room) return `room matches ${JSON.stringify(room)}`;
    if (this.rules.users.includes(m.sender)) return 'sender is on the watch list';
    if (m.text !== undefined) {
      const lower = m.text.toLowerCase();
      const word = this.words.find((w) => lower.includes(w));
      if (word) return `contains ${JSON.stringify(word)}`;
      const re = this.regexes.find((r) => r.test(m.text!));
      if (re) return `matches /${re.source}/`;
    }
    return undefined;
  }
}
