// The vendor reference in docs/reference/ is the source the catalog is read from: every catalog row
// has a reference entry with the same path and rate, and every entry says where it was read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, endpointPath } from '../../src/catalog/endpoints.js';
import { cloudApiPath } from '../../src/client/cloud-api.js';

interface RefEntry { path: string; rateLimitPerSecond: number | null; source?: string; notes?: string }

const REF = JSON.parse(readFileSync(fileURLToPath(new URL('../../docs/reference/tencent-live-api.json', import.meta.url)), 'utf8')) as RefEntry[];
const MD = readFileSync(fileURLToPath(new URL('../../docs/reference/tencent-live-api.md', import.meta.url)), 'utf8');

describe('docs/reference/tencent-live-api', () => {
  it('has one entry per path', () => {
    const paths = REF.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('has an entry for every catalog endpoint, with the catalog\'s rate where the docs state one', () => {
    const byPath = new Map(REF.map((e) => [e.path, e]));
    for (const [name, ep] of Object.entries(ENDPOINTS)) {
      // The feed's own tools read this server's store; no Tencent page describes them.
      if ((ep as { local?: boolean }).local) continue;
      const entry = byPath.get((ep as { cloudApi?: boolean }).cloudApi ? cloudApiPath(ep) : endpointPath(ep));
      expect(entry, name).toBeDefined();
      const assumed = (ep as { rateAssumed?: boolean }).rateAssumed === true;
      if (entry!.rateLimitPerSecond === null) expect(assumed, `${name}: the reference states no rate, so the catalog must mark it assumed`).toBe(true);
      else expect(ep.ratePerSecond, name).toBe(entry!.rateLimitPerSecond);
    }
  });

  it('says where every entry was read, and the Markdown names every path', () => {
    for (const e of REF) {
      expect(e.source ?? '', e.path).toMatch(/trtc\.io|tencentcloud\.com|cloud\.tencent\.com|TUILiveKit_Manager|seed doc/);
      expect(MD, e.path).toContain(`\`${e.path}\``);
    }
  });
});
