// The README's tool table, generated from the same rows the server registers. test/unit/docs.test.ts
// keeps the committed README in step; `npm run docs:update` rewrites it.
import { DEFAULT_POLICY, defaultAction } from '../policies/rules.js';
import type { Toolset } from '../catalog/endpoints.js';
import { DEFAULT_SELECTION, isDefaultTool, TOOLSETS } from './toolsets.js';
import type { ToolDef } from './types.js';

// A full stop inside an abbreviation ("e.g.", "i.e.", "etc.", "vs.") does not end the sentence.
const firstSentence = (s: string) => (s.match(/^(?:\b(?:e\.g|i\.e|etc|vs)\.|[^.!?]|[.!?](?!\s|$))*?[.!?](?=\s|$)/)?.[0] ?? s).trim();

export function toolTable(tools: readonly ToolDef[]): string {
  const rows = tools.map((t) => {
    const gate = defaultAction(DEFAULT_POLICY, t.effect) === 'confirm' ? (t.confirm?.retype ? `retype ${t.confirm.retype}` : 'confirm') : '—';
    const rate = `${t.endpoint.ratePerSecond}${t.endpoint.rateAssumed ? ' (assumed)' : ''}`;
    return `| \`${t.name}\`${isDefaultTool(t) ? ' *' : ''} | ${t.endpoint.family} | ${t.effect} | ${gate} | ${rate} | ${firstSentence(t.description).replace(/\|/g, '\\|')} |`;
  });
  const sets = (Object.entries(TOOLSETS) as Array<[Toolset, string]>).map(([name, what]) => {
    const inSet = tools.filter((t) => t.endpoint.family === name);
    const byDefault = inSet.filter(isDefaultTool).length;
    return `| \`${name}\` | ${inSet.length}${byDefault === 0 ? '' : byDefault === inSet.length ? ' (all by default)' : ` (${byDefault} by default)`} | ${what} |`;
  });
  return [
    `${tools.length} tools in ${sets.length} toolsets. Tools marked * are listed by default ` +
      `(${tools.filter(isDefaultTool).length} tools, also \`--toolsets ${DEFAULT_SELECTION}\`); \`--toolsets a,b\` turns on whole toolsets ` +
      `(\`--toolsets ${DEFAULT_SELECTION},gifts\` adds one to the default), \`--toolsets all\` every one.`,
    '',
    '| Toolset | Tools | What it covers |',
    '|---|---|---|',
    ...sets,
    '',
    '| Tool | Toolset | Effect | Human gate | Tencent rate/s | What it does |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const TABLE_START = '<!-- tools:start (generated from src/tools; npm run docs:update rewrites it) -->';
export const TABLE_END = '<!-- tools:end -->';
