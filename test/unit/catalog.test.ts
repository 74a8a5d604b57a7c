// The catalog's invariants: every tool is a Tencent command with a classification that matches its
// harm, a description, strict inputs and derived annotations; every endpoint declares its name,
// budget, duration unit and room check once, has a sandbox handler when it reaches Tencent, and
// the catalog and client import nothing from the layers above them.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/v4';
import { budgetGroup, ENDPOINTS, type EndpointName, type RemoteEndpointName } from '../../src/catalog/endpoints.js';
import { missingRoomAdvice, roomLookupFor } from '../../src/catalog/outcomes.js';
import { budgetKey } from '../../src/policies/rate-limit.js';
import { targetsOf } from '../../src/policies/targets.js';
import { HANDLERS, type Handler } from '../../src/sandbox/handlers/index.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { rateRule } from '../../src/sandbox/rate-limit.js';
import { annotationsFor } from '../../src/tools/annotations.js';
import { TOOLS } from '../../src/tools/index.js';

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

describe('endpoint catalog', () => {
  const names = Object.keys(ENDPOINTS) as EndpointName[];

  it('every entry carries its own name, and every tool is named by its endpoint', () => {
    for (const name of names) expect(ENDPOINTS[name].name).toBe(name);
    for (const def of TOOLS) expect(def.name).toBe(def.endpoint.name);
  });

  it('every endpoint but the internal ones is a tool, and the sandbox emulates every one that reaches Tencent', () => {
    // Internal endpoints (send_group_msg, used by release_held_message) have no tool of their own;
    // local ones (the feed) are served by this server, not emulated. The registry's type makes a
    // missing handler a compile error (see below); this checks the values behind the keys.
    expect(TOOLS.map((t) => t.name).sort()).toEqual(names.filter((n) => !('internal' in ENDPOINTS[n])).sort());
    const handlers = HANDLERS as Partial<Record<EndpointName, unknown>>;
    // API 3.0 actions are answered by the sandbox's cloud API side (POST / with X-TC-Action).
    const cloudActions = createSandbox({ seed: 'empty' }).cloudApi.actions;
    for (const name of names) {
      if ('local' in ENDPOINTS[name]) expect(handlers[name], name).toBeUndefined();
      else if ('cloudApi' in ENDPOINTS[name]) expect(cloudActions, name).toContain(ENDPOINTS[name].command);
      else expect(handlers[name], name).toBeTypeOf('function');
    }
    const { get_seat_list: _dropped, ...withoutOne } = HANDLERS;
    // @ts-expect-error a registry missing one endpoint's handler does not type-check
    const incomplete: Record<RemoteEndpointName, Handler> = withoutOne;
    expect(Object.keys(incomplete)).toHaveLength(Object.keys(HANDLERS).length - 1);
  });

  it('declares shared budgets once: the client pacer and the sandbox count mixing together', () => {
    const mix = names.filter((n) => budgetGroup(ENDPOINTS[n]) === 'mix');
    expect(mix.sort()).toEqual(['resume_mcu_task', 'set_mix_stream']);
    expect(budgetKey(1400000001, ENDPOINTS.set_mix_stream)).toBe(budgetKey(1400000001, ENDPOINTS.resume_mcu_task));
    expect(rateRule('set_mix_stream').bucket).toBe(rateRule('resume_mcu_task').bucket);
    // Everything else has a budget of its own, on both sides; conference add_robot is not live add_robot.
    const others = names.filter((n) => !mix.includes(n));
    expect(new Set(others.map((n) => budgetKey(1, ENDPOINTS[n]))).size).toBe(others.length);
    expect(new Set(others.map((n) => rateRule(n as RemoteEndpointName).bucket)).size).toBe(others.length);
  });

  it('declares duration units: a PK battle\'s Duration is in milliseconds, every other one in seconds', () => {
    expect(names.filter((n) => 'durationUnit' in ENDPOINTS[n])).toEqual(['create_battle']);
    expect(targetsOf({ Duration: 90_000 }, 'create_battle').durationSeconds).toBe(90);
    expect(targetsOf({ Duration: 90_000 }, 'ban_member').durationSeconds).toBe(90_000);
    expect(targetsOf({ MuteTime: 60 }, 'mute_member').durationSeconds).toBe(60);
  });

  it('says how to check a room per toolset: live rooms with get_room_list, conference rooms with conference_get_room_info, TRTC rooms with describe_room_info', () => {
    const byToolset: Record<string, string> = { conference: 'conference_get_room_info', trtc: 'describe_room_info' };
    for (const name of names) {
      const want = byToolset[ENDPOINTS[name].family] ?? 'get_room_list';
      expect(roomLookupFor(name), name).toBe(want);
    }
    expect(missingRoomAdvice('kick_user_off_seat')).toBe('Check the RoomId with get_room_list; the room may have been dismissed.');
    expect(missingRoomAdvice('kick_user_out')).toBe('Check the RoomId with conference_get_room_info; the room may have been dismissed.');
    for (const read of new Set(names.map(roomLookupFor))) expect(TOOLS.find((t) => t.name === read)?.effect, read).toBe('read');
  });

  it('knows nothing of the layers above it, and neither does the client', () => {
    for (const dir of ['catalog', 'client']) {
      const folder = new URL(`../../src/${dir}/`, import.meta.url);
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
        const imports = [...readFileSync(new URL(file, folder), 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => m[1]!);
        // The catalog stands alone; the client may use shared utilities (the logger) and the catalog.
        const above = dir === 'catalog' ? /^\.\.\// : /^\.\.\/(tools|policies|call|console|sandbox|feed|http|server)\b/;
        for (const i of imports) expect(i, `src/${dir}/${file} imports ${i}`).not.toMatch(above);
      }
    }
  });
});
