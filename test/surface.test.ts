// The tool surface as clients see it (names, annotations, input and output JSON Schemas) is
// committed in test/tool-surface.json; any drift fails until it is updated on purpose with
// `UPDATE_SURFACE=1 npx vitest run test/surface.test.ts`. The README's tool table is checked the
// same way (UPDATE_DOCS=1).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { TOOLS } from '../src/tools/index.js';
import { TABLE_END, TABLE_START, toolTable } from '../src/tools/table.js';
import { connect } from './helpers/mcp.js';
import { recordingClient } from './helpers/recording-client.js';

const SURFACE = new URL('./tool-surface.json', import.meta.url);
const README = new URL('../README.md', import.meta.url);

describe('tool surface', () => {
  it('matches the committed snapshot', async () => {
    const { client } = recordingClient();
    const c = await connect(() => createServer({ client }));
    const { tools } = await c.client.listTools();
    await c.close();
    const surface = tools.map((t) => ({ name: t.name, title: t.title, annotations: t.annotations, inputSchema: t.inputSchema, outputSchema: t.outputSchema }));
    const text = JSON.stringify(surface, null, 2) + '\n';
    if (process.env.UPDATE_SURFACE) writeFileSync(SURFACE, text);
    expect(text, 'tool surface drifted: run UPDATE_SURFACE=1 npx vitest run test/surface.test.ts and review the diff').toBe(readFileSync(SURFACE, 'utf8'));
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
  });

  it('README tool table is generated from the definitions', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start, 'README lacks the tools:start marker').toBeGreaterThan(-1);
    const want = `${TABLE_START}\n${toolTable(TOOLS)}\n${TABLE_END}`;
    if (process.env.UPDATE_DOCS) writeFileSync(README, readme.slice(0, start) + want + readme.slice(end + TABLE_END.length));
    expect(readFileSync(README, 'utf8').slice(start, start + want.length)).toBe(want);
  });

  it('table rows keep a whole first sentence: an abbreviation such as "e.g." does not end it', () => {
    const cut = toolTable(TOOLS).split('\n').filter((row) => /\b(e\.g|i\.e|etc|vs)\. \|$/.test(row));
    expect(cut).toEqual([]);
    expect(toolTable(TOOLS)).toContain('Restarts the cloud stream-mixing task of a live room, e.g. after it stopped. |');
  });
});
