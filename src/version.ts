// Kept in step with package.json by test/binary/package.test.ts: the packed package's `--version` and the
// serverInfo it reports over MCP must both equal package.json's version.
export const VERSION = '0.1.0';
