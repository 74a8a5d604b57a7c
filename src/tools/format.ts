// Wording shared by confirmation forms and result summaries. A value is shown as it is sent
// (seconds, milliseconds, ids) with what a human reads beside it, so the form can be checked
// against the request and never says something the call does not do.
import type { FactLine } from './types.js';

type Unit = readonly [name: string, size: number];

const DAY_TO_SECOND: readonly Unit[] = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];

/** Whole units, largest first: the non-zero parts ('1 h', '30 min') and what is left below the last unit. */
function splitUnits(amount: number, units: readonly Unit[]): { parts: string[]; rest: number } {
  const parts: string[] = [];
  let rest = amount;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${unit}`);
    rest -= n * size;
  }
  return { parts, rest };
}

/** Live-room bans and mutes: '45 s', '3600 s (1 h)', '90061 s (1 d 1 h 1 min 1 s)'. */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  return `${seconds} s (${splitUnits(seconds, DAY_TO_SECOND).parts.join(' ')})`;
}

/**
 * Conference bans: '1 s (1 s)', '90 s (1 min 30 s)', '172805 s (2 d 5 s)'. Unlike humanDuration it
 * always brackets and keeps at most the three largest units; the conference forms (and their tests)
 * read that way, so the two stay separate rather than change what a human is shown.
 */
export function conferenceDuration(seconds: number): string {
  return `${seconds} s (${splitUnits(seconds, DAY_TO_SECOND).parts.slice(0, 3).join(' ') || '0 s'})`;
}

/** PK battle lengths: '60000 ms (1 min)', '90500 ms (1 min 30.5 s)'; the seconds keep their fraction. */
export function humanMillis(ms: number): string {
  const { parts, rest } = splitUnits(ms / 1000, [['h', 3600], ['min', 60]]);
  if (rest > 0 || parts.length === 0) parts.push(`${Number(rest.toFixed(3))} s`);
  return `${ms} ms (${parts.join(' ')})`;
}

/**
 * One fact line per value, numbered when there are several, so the human sees every target rather
 * than a count, and an id containing a comma cannot blur a joined list. `sep` keeps the numbering
 * each family's forms already show: live moderation 'User 2/3', conference and gifts 'User 2 of 3'.
 */
export function numberedLines(label: string, values: readonly string[], sep: '/' | ' of ' = ' of '): FactLine[] {
  return values.map((v, i) => [values.length === 1 ? label : `${label} ${i + 1}${sep}${values.length}`, v] as const);
}

/** How many items a list field of the payload holds; 0 when Tencent left it out. */
export function countOf(list: unknown): number {
  return Array.isArray(list) ? list.length : 0;
}

/** The end of a summary of a page read with a Next cursor. */
export function nextPageNote(next: unknown): string {
  return next ? 'more pages follow (pass Next).' : 'this is the last page.';
}
