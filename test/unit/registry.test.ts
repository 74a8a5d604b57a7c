// The MCP registry entry (server.json) against the registry's published schema, vendored in
// docs/reference/server.schema.json, and kept in step with package.json and the CLI.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/config.js';

const read = (p: string) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
const schema = read('../../docs/reference/server.schema.json');
const server = read('../../server.json');
const pkg = read('../../package.json');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// strict: false because the published schema carries OpenAPI keywords (example, discriminator).
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

type Pkg = { registryType: string; identifier: string; version?: string; environmentVariables?: Array<{ name: string; isSecret?: boolean }> };

describe('server.json (MCP registry entry)', () => {
  it('validates against the published schema it names', () => {
    expect(server.$schema).toBe(schema.$id);
    const ok = validate(server);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator does reject entries that break the schema', () => {
    for (const broken of [
      { ...server, name: 'no slash here' },
      { ...server, description: 'x'.repeat(101) },
      { ...server, packages: [{ ...server.packages[0], version: 'latest' }] },
      { ...server, packages: [{ registryType: 'mcpb', identifier: 'https://github.com/x/y/releases/download/v1/a.mcpb', transport: { type: 'stdio' } }] },
    ]) {
      expect(validate(broken), JSON.stringify(broken).slice(0, 120)).toBe(false);
    }
  });

  it('names and versions match package.json', () => {
    expect(server.name).toBe(pkg.mcpName);
    expect(server.version).toBe(pkg.version);
    const npm = (server.packages as Pkg[]).find((p) => p.registryType === 'npm')!;
    expect(npm.identifier).toBe(pkg.name);
    expect(npm.version).toBe(pkg.version);
    const oci = (server.packages as Pkg[]).find((p) => p.registryType === 'oci')!;
    expect(oci.identifier.endsWith(`:${pkg.version}`)).toBe(true);
    expect(server.repository.url).toBe(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''));
  });

  it('lists only environment variables the server reads, the secret key marked secret', () => {
    for (const p of server.packages as Pkg[]) {
      for (const v of p.environmentVariables ?? []) expect(HELP, v.name).toContain(v.name);
      expect(p.environmentVariables?.find((v) => v.name === 'TENCENT_LIVE_SECRET_KEY')?.isSecret).toBe(true);
    }
  });
});
