// The build converts every tool's schemas once (scripts/listed-schemas.mjs) and the server lists
// those instead of converting at start. They must be exactly what converting the compiled schemas
// gives, and what the built server lists.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = new URL('../../dist/', import.meta.url);

describe('the schemas the build converted', () => {
  it('cover every tool and equal a fresh conversion of the compiled schemas', async () => {
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('tools/listed-schemas.json', DIST)), 'utf8')) as Record<string, { input: unknown; output: unknown }>;
    const { TOOLS } = await import(new URL('tools/index.js', DIST).href) as typeof import('../../src/tools/index.js');
    const { convertForListing } = await import(new URL('tools/listed-schema.js', DIST).href) as typeof import('../../src/tools/listed-schema.js');
    expect(Object.keys(file).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    for (const def of TOOLS) {
      expect(file[def.name], def.name).toEqual({ input: convertForListing(def.input, 'input'), output: convertForListing(def.output, 'output') });
    }
  });

  it('are what the built server lists', async () => {
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('tools/listed-schemas.json', DIST)), 'utf8')) as Record<string, { input: unknown; output: unknown }>;
    const docs = new URL('../../docs/tools/', import.meta.url);
    // docs/tools/<tool>.json is what `--toolsets all` lists over stdio (test/unit/docs.test.ts keeps it current).
    for (const name of ['get_seat_list', 'kick_user_off_seat', 'create_room', 'get_room_events']) {
      const listed = JSON.parse(readFileSync(fileURLToPath(new URL(`${name}.json`, docs)), 'utf8')) as { inputSchema: unknown; outputSchema?: unknown };
      expect(listed.inputSchema, name).toEqual(file[name]!.input);
      if (listed.outputSchema) expect(listed.outputSchema, name).toEqual(file[name]!.output);
    }
  });
});
