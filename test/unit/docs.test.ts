// Every generated document is up to date: the tool surface files in docs/tools/ (the tool surface a
// client lists, descriptions included) and the README's generated sections. Each is rewritten on
// purpose with `npm run docs:update`; a stale one fails here and names that command.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generators, UPDATE_COMMAND } from '../../scripts/docs/generators.mjs';
import { createServer } from '../../src/server.js';
import { TOOLS } from '../../src/tools/index.js';
import { TABLE_END, TABLE_START, toolTable } from '../../src/tools/table.js';
import { updateOptionsSection } from '../../src/config/readme.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const all = generators({ createServer, TOOLS, toolTable, TABLE_START, TABLE_END, updateOptionsSection });

describe('generated documents', () => {
  it.each(all.map((g) => [g.name, g] as const))('%s are up to date', async (_name, g) => {
    const files = await g.files(root);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const path = join(root, f.path);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      expect(committed, `${f.path} is stale: run ${UPDATE_COMMAND} and review the diff`).toBe(f.text);
    }
    if (g.dir) {
      const extra = readdirSync(join(root, g.dir)).filter((n) => !files.some((f) => f.path === `${g.dir}/${n}`));
      expect(extra, `${g.dir} holds files no generator writes: run ${UPDATE_COMMAND}`).toEqual([]);
    }
  });

  it('a tool surface file is the tool as listed, description included', async () => {
    const [surface] = all;
    const files = await surface!.files(root);
    expect(files).toHaveLength(TOOLS.length);
    const kick = JSON.parse(files.find((f) => f.path === 'docs/tools/kick_user_off_seat.json')!.text);
    const def = TOOLS.find((t) => t.name === 'kick_user_off_seat')!;
    expect(kick).toMatchObject({ name: def.name, title: def.title, description: def.description, annotations: { destructiveHint: true } });
    expect(Object.keys(kick.inputSchema.properties)).toEqual(Object.keys(def.input.shape));
  });
});
