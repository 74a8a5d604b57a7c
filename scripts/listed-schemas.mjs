// Part of `npm run build`: converts every tool's input and output schema to the JSON Schema
// tools/list shows, once, and writes them to dist/tools/listed-schemas.json. The server seeds its
// schema cache from that file (src/tools/listed-schema.ts), so a cold start converts nothing
// before its first tools/list. Written from the schemas just compiled, so the two always agree.
import { writeFileSync } from 'node:fs';
import { TOOLS } from '../dist/tools/index.js';
import { convertForListing } from '../dist/tools/listed-schema.js';

const out = {};
for (const def of TOOLS) out[def.name] = { input: convertForListing(def.input, 'input'), output: convertForListing(def.output, 'output') };
writeFileSync(new URL('../dist/tools/listed-schemas.json', import.meta.url), `${JSON.stringify(out)}\n`);
