// The tool surface as clients see it: the tool surface files in docs/tools/ (checked by
// test/unit/docs.test.ts, rewritten by `npm run docs:update`) hold each tool's name, title, description,
// annotations and schemas. Here: the order tools/list gives them, and the README table's wording.
import { describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import { toolTable } from '../../src/tools/table.js';
import { connect } from '../helpers/mcp.js';
import { recordingClient } from '../helpers/recording-client.js';

describe('tool surface', () => {
  it('lists every tool in the catalog order', async () => {
    const { client } = recordingClient();
    const c = await connect(() => createServer({ client }));
    const { tools } = await c.client.listTools();
    await c.close();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
  });

  it('table rows keep a whole first sentence: an abbreviation such as "e.g." does not end it', () => {
    const cut = toolTable(TOOLS).split('\n').filter((row) => /\b(e\.g|i\.e|etc|vs)\. \|$/.test(row));
    expect(cut).toEqual([]);
    expect(toolTable(TOOLS)).toContain('Restarts the cloud stream-mixing task of a live room, e.g. after it stopped. |');
  });
});
