// The README's options section, generated from the option table. test/unit/options.test.ts fails when
// the committed README differs; `npm run docs:update` rewrites it.
import { OPTIONS, SECTION_TITLES, type OptionRow, type Section } from './options.js';

export const OPTIONS_START = '<!-- options:start (generated from src/config/options.ts; npm run docs:update rewrites it) -->';
export const OPTIONS_END = '<!-- options:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const code = (s: string) => `\`${s}\``;

function row(r: OptionRow): string {
  const flag = r.flag === undefined ? '' : code(`${r.short ? `-${r.short}, ` : ''}--${r.flag}${r.arg ? ` ${r.arg}` : ''}`);
  const env = r.env === undefined ? '' : code(r.env);
  // A value reads as code; a default described in words stays prose ("<" escaped, not a tag).
  const def = r.default === undefined ? '' : /\s/.test(r.default) ? cell(r.default.replace(/</g, '&lt;')) : code(r.default);
  const meaning = `${r.help}.${r.more ? ` ${r.more}` : ''}`;
  return `| ${flag} | ${env} | ${def} | ${cell(meaning)} |`;
}

/** The section's Markdown, without the markers. */
export function optionsMarkdown(rows: readonly OptionRow[] = OPTIONS): string {
  const order: Section[] = ['serve', 'http', 'credentials', 'environment', 'audit', 'sandbox'];
  return order
    .map((s) => [`**${SECTION_TITLES[s]}**`, '', '| Flag | Variable | Default | Meaning |', '|---|---|---|---|', ...rows.filter((r) => r.section === s).map(row)].join('\n'))
    .join('\n\n');
}

/** `readme` with the text between the markers replaced; throws when a marker is missing. */
export function updateOptionsSection(readme: string): string {
  const start = readme.indexOf(OPTIONS_START);
  const end = readme.indexOf(OPTIONS_END);
  if (start < 0 || end < start) throw new Error(`README lacks the markers ${OPTIONS_START} … ${OPTIONS_END}`);
  return `${readme.slice(0, start)}${OPTIONS_START}\n${optionsMarkdown()}\n${readme.slice(end)}`;
}
