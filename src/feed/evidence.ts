// Evidence for a person deciding an approval: the target users' recent events in the room, from
// the feed (their last messages, joins, seat changes), next to what the agent asked for. The
// approval console calls evidenceFor; its payload carries the result as data (the text is the
// users' own words, to be shown escaped, never as markup or instructions).
import type { FactLine } from '../tools/types.js';
import type { Feed } from './index.js';

export interface Evidence {
  RoomId: string;
  Member_Account: string;
  Recent: Array<{ Time: string; Type: string; Text?: string }>;
}

const unquote = (v: string) => {
  try {
    const p = JSON.parse(v) as unknown;
    return typeof p === 'string' ? p : v;
  } catch {
    return v;
  }
};

/** The room and the users an approval is about, read from its facts ("Room", "User", "User 1 of 3"…). */
export function targetsFromFacts(facts: readonly FactLine[]): { rooms: string[]; accounts: string[] } {
  const rooms: string[] = [];
  const accounts: string[] = [];
  for (const [label, value] of facts) {
    if (/^Room\b/.test(label)) rooms.push(unquote(value));
    else if (/^(User|Member|Account|Sender)\b/.test(label)) accounts.push(unquote(value));
  }
  return { rooms, accounts };
}

export async function evidenceFor(feed: Feed, target: { rooms: string[]; accounts: string[] }, perUser = 10): Promise<Evidence[]> {
  const out: Evidence[] = [];
  for (const room of target.rooms.slice(0, 2)) {
    for (const account of target.accounts.slice(0, 20)) {
      const recent = (await feed.store.recent(room, account, perUser)).map((e) => ({ Time: new Date(e.time).toISOString(), Type: e.type, ...(e.text !== undefined && { Text: e.text }) }));
      out.push({ RoomId: room, Member_Account: account, Recent: recent });
    }
  }
  return out;
}
