// The option table (src/config/options.ts) is the one place flags and variables are declared:
// parsing, --help and the README's options section all come from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP, loadConfig } from '../../src/config.js';
import { OPTIONS, parseSpec } from '../../src/config/options.js';
import { OPTIONS_END, OPTIONS_START, optionsMarkdown, updateOptionsSection } from '../../src/config/readme.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const SOURCES = ['config.ts', 'config/http.ts', 'config/feed.ts', 'app.ts', 'cli.ts'].map((f) => readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8')).join('\n');

describe('option table', () => {
  it('README options section is generated from the table', () => {
    expect(README.includes(OPTIONS_START) && README.includes(OPTIONS_END), 'README lacks the options:start/options:end markers').toBe(true);
    expect(updateOptionsSection(README) === README, 'README options section is stale: run npm run docs:update and commit README.md').toBe(true);
  });

  it('every flag and variable appears in --help and in the README section', () => {
    const md = optionsMarkdown();
    for (const r of OPTIONS) {
      if (r.flag) {
        expect(HELP, r.flag).toContain(`--${r.flag}`);
        expect(md, r.flag).toContain(`--${r.flag}`);
      }
      if (r.env) {
        expect(HELP, r.env).toContain(r.env);
        expect(md, r.env).toContain(`\`${r.env}\``);
      }
    }
  });

  it('a flag listed in two sections is parsed the same way in both', () => {
    const byFlag = new Map<string, string>();
    for (const r of OPTIONS.filter((o) => o.flag)) {
      const shape = `${r.type}/${r.short ?? ''}`;
      expect(byFlag.get(r.flag!) ?? shape, `--${r.flag}`).toBe(shape);
      byFlag.set(r.flag!, shape);
    }
    expect(Object.keys(parseSpec()).sort()).toEqual([...byFlag.keys()].sort());
  });

  it('every variable the code reads is declared in the table, and every declared one is read', () => {
    const declared = new Set(OPTIONS.flatMap((r) => (r.env ? [r.env] : [])));
    const read = new Set([...SOURCES.matchAll(/\benv\.(TENCENT_LIVE_[A-Z_]+|XDG_STATE_HOME)\b/g)].map((m) => m[1]!));
    for (const name of read) expect(declared.has(name), `${name} is read but not in src/config/options.ts`).toBe(true);
    // Variables read through a flag's row (envOf) or in a helper module the table names.
    const elsewhere = ['TENCENT_CLOUD_SECRET_ID', 'TENCENT_CLOUD_SECRET_KEY', 'TENCENT_CLOUD_REGION', 'TENCENT_CLOUD_API_ENDPOINT', 'TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT', 'TENCENT_LIVE_AUDIT_MAX_BYTES', 'TENCENT_LIVE_AUDIT_KEEP', 'XDG_STATE_HOME'];
    for (const name of declared) {
      const viaFlag = OPTIONS.some((r) => r.env === name && r.flag);
      expect(viaFlag || read.has(name) || elsewhere.includes(name), `${name} is declared but never read`).toBe(true);
    }
  });

  it('the table drives parsing: an unknown flag is refused with a pointer to --help', () => {
    expect(() => loadConfig(['--sandbox', '--no-such-flag'], {})).toThrow(/Unknown option '--no-such-flag'.*--help/);
    expect(loadConfig(['-h'], {})).toEqual({ command: 'help' });
    expect(loadConfig(['sandbox', '--port', '0'], {})).toMatchObject({ command: 'sandbox', port: 0, host: '127.0.0.1' });
  });

  it('help shows the default the code uses, not a copy', () => {
    const names = (c: ReturnType<typeof loadConfig>) => (c.command === 'serve' ? c.tools.map((t) => t.name as string) : []);
    const row = OPTIONS.find((r) => r.flag === 'toolsets')!;
    const byDefault = names(loadConfig(['--sandbox'], {}));
    expect(names(loadConfig(['--sandbox', '--toolsets', row.default!], {}))).toEqual(byDefault);
    // The help line names every default tool, so --help and the listing agree.
    for (const n of byDefault) expect(row.help, n).toContain(n);
    expect(row.help).toContain(`the ${byDefault.length} moderation tools`);
  });
});

describe('Config tells the sandbox from a Tencent application', () => {
  it('a real-credential config carries its credentials and transport choice; the sandbox carries none', () => {
    const real = loadConfig([], { TENCENT_LIVE_SDKAPPID: '1400000001', TENCENT_LIVE_SECRET_KEY: 'k', TENCENT_LIVE_ALLOW_INSECURE_ENDPOINT: '1', TENCENT_LIVE_AUDIT_KEEP: '3' });
    expect(real).toMatchObject({ command: 'serve', sandbox: false, credentials: { sdkAppId: 1400000001, secretKey: 'k', admin: 'administrator' }, allowInsecureEndpoint: true, auditRotation: { keep: 3 } });
    const sandbox = loadConfig(['--sandbox'], { TENCENT_LIVE_OTEL: '1' });
    expect(sandbox).toMatchObject({ command: 'serve', sandbox: true, telemetry: true });
    expect(sandbox).not.toHaveProperty('credentials');
  });

  it('environment problems that used to surface mid-start are refused by loadConfig with the same message', () => {
    expect(() => loadConfig(['--sandbox'], { TENCENT_LIVE_AUDIT_KEEP: '0' })).toThrow('TENCENT_LIVE_AUDIT_KEEP must be an integer >= 1 (got "0").');
  });
});
