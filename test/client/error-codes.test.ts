// The code table against the vendor reference in docs/reference/ and the classifiers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  COMMON_CODES, describeCode, isRateLimitCode, isRetryableCode, isSignatureCode, PRIVATE_CODES, toolNameFor,
} from '../../src/catalog/error-codes.js';

import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { cloudApiPath } from '../../src/client/cloud-api.js';

const REF_DIR = fileURLToPath(new URL('../../docs/reference/', import.meta.url));

describe('coverage of the vendor reference', () => {
  it('knows every code in the md tables (sections 2 and 3)', () => {
    const md = readFileSync(`${REF_DIR}tencent-live-api.md`, 'utf8');
    const tables = md.slice(md.indexOf('## 2.'), md.indexOf('## 4.'));
    const codes = new Set<number>();
    for (const line of tables.split('\n')) {
      const first = line.match(/^\|\s*(\d[\d\s/–]*?)\s*\|/)?.[1];
      if (!first || first.includes('–')) continue; // 102100–102200 is a range, checked below
      for (const c of first.split('/')) codes.add(Number(c.trim()));
    }
    expect(codes.size).toBeGreaterThan(50);
    for (const c of codes) expect(describeCode(c), String(c)).toBeDefined();
  });

  it('knows every code each endpoint lists, under that endpoint', () => {
    const ref = JSON.parse(readFileSync(`${REF_DIR}tencent-live-api.json`, 'utf8')) as
      { path: string; errors?: { code: number; meaning: string }[] }[];
    const cloudPaths = new Set(Object.values(ENDPOINTS).filter((e) => (e as { cloudApi?: boolean }).cloudApi).map((e) => cloudApiPath(e)));
    for (const ep of ref) {
      // Tencent Cloud API 3.0 actions: string codes, rendered by the cloud API client, not this table.
      if (ep.path.startsWith('api3/')) { expect(cloudPaths.has(ep.path), ep.path).toBe(true); continue; }
      expect(toolNameFor(ep.path), ep.path).toBeDefined();
      for (const e of ep.errors ?? []) expect(describeCode(e.code, ep.path), `${ep.path} ${e.code}`).toBeDefined();
    }
  });
});

describe('describeCode', () => {
  it('prefers the endpoint\'s own meaning, whichever way the endpoint is named', () => {
    expect(describeCode(100012)).toBe('called too frequently');
    expect(describeCode(100012, 'create_room')).toMatch(/same room ID.*once per second/);
    expect(describeCode(100012, 'v4/live_engine_http_srv/get_gift')).toMatch(/gift-configuration/);
    expect(describeCode(100006, 'live_engine_http_srv/get_robot')).toBe('room must be of type Live');
    expect(describeCode(100006, 'conference_destroy_room')).toBe('insufficient operation permission');
    expect(describeCode(100006, 'room_engine_http_srv/destroy_room')).toBe('insufficient operation permission');
    expect(describeCode(100003, 'get_room_metadata')).toMatch(/copy-paste/);
    expect(describeCode(100004, 'get_room_metadata')).toBe(PRIVATE_CODES[100004]!.meaning);
  });

  it('covers common codes, the webhook range, and nothing else', () => {
    expect(describeCode(60006)).toBe('SDKAppID is invalid');
    expect(describeCode(70001)).toMatch(/expired/);
    expect(describeCode(102150)).toMatch(/webhook/);
    expect(describeCode(12345)).toBeUndefined();
    expect(describeCode(100004, 'no_such_tool')).toBe(PRIVATE_CODES[100004]!.meaning);
  });
});

describe('classification', () => {
  it('rate limits', () => {
    for (const c of [60007, 60011, 60018, 60019, 100012, 100422]) expect(isRateLimitCode(c), String(c)).toBe(true);
    for (const c of [60006, 100001, 70050, 0]) expect(isRateLimitCode(c), String(c)).toBe(false);
  });

  it('retryable transient failures', () => {
    for (const c of [100001, 60008, 60018, 60019]) expect(isRetryableCode(c), String(c)).toBe(true);
    for (const c of [100002, 100004, 60006, 70001]) expect(isRetryableCode(c), String(c)).toBe(false);
  });

  it('signature problems are the listed 70001–70020 codes', () => {
    const sig = Object.keys(COMMON_CODES).map(Number).filter(isSignatureCode);
    expect(sig).toEqual([70001, 70002, 70003, 70009, 70013, 70014, 70016, 70020]);
    expect(isSignatureCode(70050)).toBe(false);
    expect(isSignatureCode(60004)).toBe(false);
  });
});
