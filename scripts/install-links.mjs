#!/usr/bin/env node
// The README's one-click install links for VS Code and Cursor, in the formats their docs give:
//   VS Code: vscode:mcp/install?<URL-encoded JSON {name, command, args, env, inputs}>, behind
//            https://vscode.dev/redirect?url=… because GitHub does not link vscode: URLs;
//   Cursor:  cursor://anysphere.cursor-deeplink/mcp/install?name=<name>&config=<base64 JSON>.
// `node scripts/install-links.mjs` prints them; test/unit/install-links.test.ts keeps README in step.
const NAME = 'tencent-live';

export const SANDBOX = { command: 'npx', args: ['-y', 'tencent-live-mcp', '--sandbox'] };
export const REAL = {
  command: 'npx',
  args: ['-y', 'tencent-live-mcp'],
  env: {
    TENCENT_LIVE_SDKAPPID: '${input:tencent_live_sdkappid}',
    TENCENT_LIVE_SECRET_KEY: '${input:tencent_live_secret_key}',
    TENCENT_LIVE_REGION: '${input:tencent_live_region}',
  },
  inputs: [
    { id: 'tencent_live_sdkappid', type: 'promptString', description: 'Tencent live SDKAppID' },
    { id: 'tencent_live_secret_key', type: 'promptString', description: 'Tencent live secret key', password: true },
    { id: 'tencent_live_region', type: 'promptString', description: 'Region: china, singapore, usa, indonesia, korea, germany, japan or saudi-arabia', default: 'singapore' },
  ],
};

export const vscodeLink = (config, name = NAME) =>
  `https://vscode.dev/redirect?url=${encodeURIComponent(`vscode:mcp/install?${encodeURIComponent(JSON.stringify({ name, ...config }))}`)}`;
export const cursorLink = (config, name = NAME) =>
  `cursor://anysphere.cursor-deeplink/mcp/install?name=${encodeURIComponent(name)}&config=${Buffer.from(JSON.stringify(config)).toString('base64')}`;

export const LINKS = {
  vscodeSandbox: vscodeLink(SANDBOX),
  vscodeReal: vscodeLink(REAL),
  cursorSandbox: cursorLink(SANDBOX),
};

if (import.meta.url === `file://${process.argv[1]}`) for (const [k, v] of Object.entries(LINKS)) console.log(`${k}: ${v}`);
