// Rewrites every generated document from the build (`npm run docs:update` builds first): the
// per-tool surface files in docs/tools/ and the README's generated sections. The generators live in
// scripts/docs/generators.mjs; test/unit/docs.test.ts fails while any of them is stale.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generators } from './docs/generators.mjs';
import { createServer } from '../dist/server.js';
import { TOOLS } from '../dist/tools/index.js';
import { TABLE_END, TABLE_START, toolTable } from '../dist/tools/table.js';
import { updateOptionsSection } from '../dist/config/readme.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const modules = { createServer, TOOLS, toolTable, TABLE_START, TABLE_END, updateOptionsSection };

for (const g of generators(modules)) {
  const files = await g.files(root);
  let changed = 0;
  for (const f of files) {
    const path = join(root, f.path);
    let old;
    try { old = readFileSync(path, 'utf8'); } catch { old = undefined; }
    if (old === f.text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
    changed += 1;
  }
  let removed = 0;
  if (g.dir) {
    const kept = new Set(files.map((f) => f.path));
    for (const name of readdirSync(join(root, g.dir))) {
      if (!kept.has(`${g.dir}/${name}`)) { rmSync(join(root, g.dir, name)); removed += 1; }
    }
  }
  process.stderr.write(`${g.name}: ${files.length} file(s), ${changed} rewritten${removed ? `, ${removed} removed` : ''}\n`);
}
