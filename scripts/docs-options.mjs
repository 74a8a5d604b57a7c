// `npm run docs:options`: rewrites the README's options section from the option table
// (src/config/options.ts, built into dist). test/options.test.ts fails until the committed README
// matches; this is the command its message names.
import { readFileSync, writeFileSync } from 'node:fs';
import { updateOptionsSection } from '../dist/config/readme.js';

const README = new URL('../README.md', import.meta.url);
const before = readFileSync(README, 'utf8');
const after = updateOptionsSection(before);
if (after !== before) writeFileSync(README, after);
process.stdout.write(`README.md options section ${after === before ? 'already up to date' : 'rewritten'}\n`);
