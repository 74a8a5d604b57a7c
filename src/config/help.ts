// `--help`, rendered from the option table: flags with their help lines per section, then the
// environment variables (those that only mirror a flag say "as --flag").
import { OPTIONS, SECTION_TITLES, type OptionRow, type Section } from './options.js';

const USAGE = `tencent-live-mcp: an MCP server for administering Tencent Cloud live rooms.

Usage:
  tencent-live-mcp [options]              serve MCP over stdio
  tencent-live-mcp --http [options]       serve MCP over Streamable HTTP at /mcp
  tencent-live-mcp sandbox [--port N]     run the embedded Tencent REST emulator alone
  tencent-live-mcp audit [options]        print the audit log for people
  tencent-live-mcp approvers add|list|remove [NAME]   who may decide approvals (passkeys)
`;

const WIDTH = 100;

/** Wraps `text` to WIDTH columns, every line after the first indented by `indent`. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function entries(pairs: Array<[string, string]>): string {
  const col = Math.max(...pairs.map(([k]) => k.length)) + 2;
  return pairs.map(([k, v]) => `  ${k.padEnd(col)}${wrap(v, col + 2)}`).join('\n');
}

// "(default X)", folded into a closing parenthesis the help line already has.
const withDefault = (r: OptionRow) =>
  r.default === undefined ? r.help : r.help.endsWith(')') ? `${r.help.slice(0, -1)}; default ${r.default})` : `${r.help} (default ${r.default})`;
const flagText = (r: OptionRow) => `${r.short ? `-${r.short}, ` : ''}--${r.flag}${r.arg ? ` ${r.arg}` : ''}`;

/** What an environment variable line says: its own help, or "as --flag" for a flag's mirror. */
function envText(r: OptionRow): string {
  if (r.flag === undefined) return withDefault(r);
  const as = `as --${r.flag}${r.section === 'http' ? ' with --http' : ''}`;
  return r.type === 'boolean' ? `"1" or "true" ${as}` : as;
}

export function renderHelp(rows: readonly OptionRow[] = OPTIONS): string {
  const flagSection = (s: Section) => `${SECTION_TITLES[s]}:\n${entries(rows.filter((r) => r.section === s && r.flag).map((r) => [flagText(r), withDefault(r)]))}\n`;
  // Each variable once, in table order: the audit subcommand's --audit-log repeats the serve one.
  const seen = new Set<string>();
  const envRows = (pick: (r: OptionRow) => boolean) => rows.filter((r) => r.env !== undefined && pick(r) && !seen.has(r.env) && seen.add(r.env));
  const credentials = envRows((r) => r.section === 'credentials');
  const optional = envRows(() => true);
  return [
    USAGE,
    flagSection('serve'),
    flagSection('http'),
    flagSection('audit'),
    flagSection('sandbox'),
    `${SECTION_TITLES.credentials}:\n${entries(credentials.map((r) => [r.env!, envText(r)]))}\n`,
    `${SECTION_TITLES.environment}:\n${entries(optional.map((r) => [r.env!, envText(r)]))}\n`,
  ].join('\n');
}
