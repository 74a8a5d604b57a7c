// Types of generators.mjs for the TypeScript test that runs it against the sources.
import type { McpServer } from '@modelcontextprotocol/server';

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
}

export interface Generator {
  name: string;
  /** A folder the generator owns whole: files it no longer produces there are stale. */
  dir?: string;
  files(root: string): Promise<GeneratedFile[]>;
}

/** The project modules the generators read, from the sources (tests) or the build (the script). */
export interface DocModules {
  createServer(opts: { client: never; tools: never }): McpServer;
  TOOLS: readonly unknown[];
  toolTable(tools: readonly never[]): string;
  TABLE_START: string;
  TABLE_END: string;
  /** Rewrites the README's options section from the option table (src/config/readme.ts). */
  updateOptionsSection(readme: string): string;
}

export const UPDATE_COMMAND: string;
export function generators(m: DocModules): Generator[];
export function listTools(m: DocModules): Promise<Array<{ name: string } & Record<string, unknown>>>;
