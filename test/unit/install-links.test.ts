// The README's install links decode to a configuration the server accepts, and are the ones the
// generator (scripts/install-links.mjs, documented URL formats) produces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP, loadConfig } from '../../src/config.js';
// @ts-expect-error a plain .mjs script without types
import { LINKS, REAL, SANDBOX } from '../../scripts/install-links.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
type Cfg = { name?: string; command: string; args: string[]; env?: Record<string, string>; inputs?: Array<{ id: string; password?: boolean }> };

const decodeVscode = (link: string): Cfg => {
  const inner = decodeURIComponent(new URL(link).searchParams.get('url')!);
  expect(inner.startsWith('vscode:mcp/install?')).toBe(true);
  return JSON.parse(decodeURIComponent(inner.slice('vscode:mcp/install?'.length)));
};
const decodeCursor = (link: string): Cfg => {
  const url = new URL(link);
  expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('cursor://anysphere.cursor-deeplink/mcp/install');
  expect(url.searchParams.get('name')).toBe('tencent-live');
  return JSON.parse(Buffer.from(url.searchParams.get('config')!, 'base64').toString('utf8'));
};

describe('install links', () => {
  it('are in the README as generated', () => {
    for (const link of Object.values(LINKS) as string[]) expect(readme).toContain(`(${link})`);
  });

  it('decode to npx tencent-live-mcp with arguments the server accepts', () => {
    const configs = [decodeVscode(LINKS.vscodeSandbox), decodeVscode(LINKS.vscodeReal), decodeCursor(LINKS.cursorSandbox)];
    expect(configs[0]).toEqual({ name: 'tencent-live', ...SANDBOX });
    expect(configs[1]).toEqual({ name: 'tencent-live', ...REAL });
    expect(configs[2]).toEqual(SANDBOX);
    for (const c of configs) {
      expect(c.command).toBe('npx');
      expect(c.args.slice(0, 2)).toEqual(['-y', 'tencent-live-mcp']);
      const env = Object.fromEntries(Object.keys(c.env ?? {}).map((k) => [k, k === 'TENCENT_LIVE_SDKAPPID' ? '1400000000' : k === 'TENCENT_LIVE_REGION' ? 'singapore' : 'x']));
      expect(loadConfig(c.args.slice(2), env).command).toBe('serve');
      for (const k of Object.keys(c.env ?? {})) expect(HELP).toContain(k);
    }
    // Every ${input:…} has its input, and the secret key's input is a password field.
    const real = configs[1]!;
    for (const v of Object.values(real.env!)) expect(real.inputs!.map((i) => `\${input:${i.id}}`)).toContain(v);
    expect(real.inputs!.find((i) => real.env!.TENCENT_LIVE_SECRET_KEY === `\${input:${i.id}}`)?.password).toBe(true);
  });
});
