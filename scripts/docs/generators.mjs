// The generated documents, each owned by one generator: the tool surface files in docs/tools/ and
// the README's tool tables. A generator computes the files it owns from the project's own modules,
// which are passed in: `npm run docs:update` passes the build (dist/), the staleness test passes
// the sources, so both run the same code. To generate one more document, add a generator to the
// list; the update script and the test pick it up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';

/** The command that rewrites every generated document. */
export const UPDATE_COMMAND = 'npm run docs:update';

/**
 * @typedef {{ path: string, text: string }} GeneratedFile  path relative to the repository root
 * @typedef {{ name: string, dir?: string, files(root: string): Promise<GeneratedFile[]> }} Generator
 *   `dir`: a folder the generator owns whole (files it no longer produces there are stale).
 */

/** @returns {Generator[]} */
export function generators(m) {
  return [
    toolSurfaceFiles(m),
    readmeSection('README tool tables', m.TABLE_START, m.TABLE_END, () => m.toolTable(m.TOOLS)),
    readmeRewrite('README options section', m.updateOptionsSection),
  ];
}

/** README.md as a function of itself (the option table's section, src/config/readme.ts). */
function readmeRewrite(name, rewrite) {
  return {
    name,
    async files(root) {
      return [{ path: 'README.md', text: rewrite(readFileSync(join(root, 'README.md'), 'utf8')) }];
    },
  };
}

/**
 * One file per tool, exactly as tools/list gives it to a client (name, title, description, input
 * and output schemas, annotations): what the model reads. One file each, so a change to one tool
 * is a diff in one file, and branches that touch different tools do not collide.
 */
function toolSurfaceFiles(m) {
  const dir = 'docs/tools';
  return {
    name: 'tool surface files',
    dir,
    async files() {
      const tools = await listTools(m);
      return tools.map((t) => ({ path: `${dir}/${t.name}.json`, text: JSON.stringify(t, null, 2) + '\n' }));
    },
  };
}

/** The tools a server with every tool lists, through a real MCP client; no call reaches Tencent. */
export async function listTools(m) {
  const unreachable = { async call() { throw new Error('listing tools sends nothing'); }, async close() {} };
  const server = m.createServer({ client: unreachable, tools: m.TOOLS });
  const client = new Client({ name: 'docs', version: '1.0.0' }, { capabilities: {} });
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await server.connect(st);
  await client.connect(ct);
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
    await server.close();
  }
}

/** A section of README.md between two marker lines, replaced whole. */
function readmeSection(name, start, end, render) {
  return {
    name,
    async files(root) {
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      const from = readme.indexOf(start);
      const to = readme.indexOf(end);
      if (from < 0 || to < from) throw new Error(`README.md lacks the markers of the ${name} (${start} … ${end})`);
      return [{ path: 'README.md', text: readme.slice(0, from) + `${start}\n${render()}\n${end}` + readme.slice(to + end.length) }];
    },
  };
}
