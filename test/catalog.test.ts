// The catalog's invariants: every tool is a Tencent command with a classification that matches its
// harm, a description, strict inputs and derived annotations.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/v4';
import { ENDPOINTS } from '../src/client/endpoints.js';
import { annotationsFor } from '../src/tools/annotations.js';
import { TOOLS } from '../src/tools/index.js';

describe('tool catalog', () => {
  it('has no duplicate names', () => {
    const names = TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(TOOLS.map((t) => [t.name, t] as const))('%s is a Tencent command, classified and described', (name, def) => {
    const ep = ENDPOINTS[name];
    expect(ep, 'name must be a catalog endpoint').toBeDefined();
    expect(def.endpoint).toBe(ep);
    // The tool name is the Tencent command, prefixed only where a conference command collides; an
    // API 3.0 Action (RemoveUser) is named in snake_case like every other tool (remove_user).
    const snake = ep.command.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase();
    expect([ep.command, `conference_${ep.command}`, ...((ep as { cloudApi?: boolean }).cloudApi ? [snake] : [])]).toContain(name);
    if (name.startsWith('conference_')) expect(ep.service).toBe('room_engine_http_srv');
    expect(['read', 'write', 'destructive']).toContain(def.effect);
    expect(typeof def.idempotent).toBe('boolean');
    expect(def.description.length).toBeGreaterThan(40);
    expect(def.title.length).toBeGreaterThan(3);
    expect(def.notDone.length).toBeGreaterThan(5);
    if (def.effect === 'read') expect(def.idempotent).toBe(true);
    if (def.effect === 'destructive') expect(def.confirm, 'destructive tools need a confirmation form').toBeDefined();
  });

  it.each(TOOLS.map((t) => [t.name, t] as const))('%s rejects unknown keys and describes every field', (_name, def) => {
    const json = z.toJSONSchema(def.input, { io: 'input' }) as { additionalProperties?: unknown; properties?: Record<string, { description?: string }> };
    expect(json.additionalProperties).toBe(false);
    for (const [field, schema] of Object.entries(json.properties ?? {})) {
      expect(schema.description, `${field} needs a description`).toBeTruthy();
    }
    expect(def.input.safeParse({ __unexpected: 1 }).success).toBe(false);
  });

  it('derives annotations from the classification', () => {
    expect(annotationsFor({ effect: 'read', idempotent: true })).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    expect(annotationsFor({ effect: 'destructive', idempotent: false })).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(annotationsFor({ effect: 'write', idempotent: false })).toMatchObject({ readOnlyHint: false, destructiveHint: false });
  });

  it('keeps the five founding endpoints with their classification', () => {
    const effect = Object.fromEntries(TOOLS.map((t) => [t.name, t.effect]));
    expect(effect).toMatchObject({
      get_room_list: 'read',
      pick_user_on_seat: 'write',
      kick_user_off_seat: 'destructive',
      change_room_owner: 'destructive',
      resume_mcu_task: 'write',
    });
  });
});
