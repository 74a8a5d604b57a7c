// Operator rules: precedence, conditions, caps, and the policy file's errors.
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { parsePolicy, PolicyError } from '../../src/policies/policy-file.js';
import { alwaysDenied, decide, memoryCapCounter, PolicySchema } from '../../src/policies/rules.js';
import { targetsOf } from '../../src/policies/targets.js';
import { TOOLS } from '../../src/tools/index.js';
import { selectTools } from '../../src/tools/toolsets.js';
import type { Effect } from '../../src/tools/types.js';

const NAMES = TOOLS.map((t) => t.name);
const tool = (name: keyof typeof ENDPOINTS, effect: Effect) => ({ name, endpoint: ENDPOINTS[name], effect });
const KICK = tool('kick_user_off_seat', 'destructive');
const PICK = tool('pick_user_on_seat', 'write');
const LIST = tool('get_room_list', 'read');
const BAN = tool('ban_member', 'destructive');
const policy = (p: unknown) => PolicySchema.parse(p);

describe('decisions', () => {
  it('defaults: reads allow, writes allow, destructive confirm', async () => {
    const p = policy({});
    const c = memoryCapCounter();
    expect((await decide(LIST, {}, p, c, 0)).kind).toBe('allow');
    expect((await decide(PICK, {}, p, c, 0)).kind).toBe('allow');
    const d = await decide(KICK, {}, p, c, 0);
    expect(d.kind).toBe('confirm');
    expect(d.rule).toBe('default for destructive');
  });

  it('deny beats confirm beats allow, whatever the order of the rules', async () => {
    const c = memoryCapCounter();
    const rules = [
      { tools: ['kick_user_off_seat'], action: 'allow' },
      { toolsets: ['seats'], action: 'confirm' },
      { toolsets: ['all'], action: 'deny', rooms: ['locked-*'] },
    ];
    for (const order of [rules, [...rules].reverse()]) {
      const p = policy({ rules: order });
      expect((await decide(KICK, { RoomId: 'open-1' }, p, c, 0)).kind).toBe('confirm');
      expect((await decide(KICK, { RoomId: 'locked-1' }, p, c, 0)).kind).toBe('deny');
    }
    expect((await decide(KICK, { RoomId: 'r' }, policy({ rules: [rules[0]] }), c, 0)).kind).toBe('allow');
  });

  it('room patterns and exceptions decide whether a rule applies', async () => {
    const p = policy({ rules: [{ toolsets: ['seats'], action: 'allow', rooms: ['live_*'], exceptRooms: ['live_vip*'] }] });
    const c = memoryCapCounter();
    expect((await decide(KICK, { RoomId: 'live_1' }, p, c, 0)).kind).toBe('allow');
    expect((await decide(KICK, { RoomId: 'live_vip_1' }, p, c, 0)).kind).toBe('confirm');
    expect((await decide(KICK, { RoomId: 'other' }, p, c, 0)).kind).toBe('confirm');
  });

  it('caps: duration and accounts per call turn allow into the over action', async () => {
    const p = policy({ rules: [{ tools: ['ban_member'], action: 'allow', maxDurationSeconds: 3600, maxAccounts: 2, over: 'deny' }] });
    const c = memoryCapCounter();
    const ban = (Duration: number, MemberList_Account: string[]) => decide(BAN, { RoomId: 'r', Duration, MemberList_Account }, p, c, 0);
    expect((await ban(3600, ['a', 'b'])).kind).toBe('allow');
    const long = await ban(3601, ['a']);
    expect(long.kind).toBe('deny');
    expect(long.reason).toMatch(/3601s exceeds 3600s/);
    expect((await ban(60, ['a', 'b', 'c'])).reason).toMatch(/3 accounts exceed 2/);
  });

  it('caps: a rate per room lets N through per window, then asks', async () => {
    const p = policy({ rules: [{ tools: ['kick_user_off_seat'], action: 'allow', rate: { max: 3, windowSeconds: 60 } }] });
    const c = memoryCapCounter();
    const kick = async (room: string, t: number) => {
      const d = await decide(KICK, { RoomId: room, Member_Account: 'u', Data: '' }, p, c, t);
      // The wrapper hits the counters only when the call goes out.
      if (d.kind === 'allow') for (const k of d.capKeys) await c.hit(k.key, k.windowMs, t);
      return d.kind;
    };
    expect([await kick('a', 0), await kick('a', 1), await kick('a', 2), await kick('a', 3)]).toEqual(['allow', 'allow', 'allow', 'confirm']);
    expect(await kick('b', 4)).toBe('allow');
    expect(await kick('a', 60_001)).toBe('allow');
  });

  it('targets come from Tencent field names', () => {
    expect(targetsOf({ RoomId: 'r', MemberList_Account: ['a', 'b'], Duration: 30, From_Account: 'admin' })).toEqual({ rooms: ['r'], accounts: ['a', 'b'], durationSeconds: 30 });
    expect(targetsOf({ RoomInfo: { RoomId: 'x', Owner_Account: 'o' } })).toEqual({ rooms: ['x'], accounts: [] });
    expect(targetsOf({ RoomId: 'c', MemberList: [{ Member_Account: 'a' }, { Member_Account: 'b' }] }).accounts).toEqual(['a', 'b']);
    expect(targetsOf({ FromRoomId: 'r1', ToRoomIdList: ['r2', 'r3'], Duration: 90_000 }, 'create_battle')).toEqual({ rooms: ['r1', 'r2', 'r3'], accounts: [], durationSeconds: 90 });
  });

  it('a tool denied whatever the arguments is not listed; a room-conditional deny still is', () => {
    expect(alwaysDenied(tool('destroy_room', 'destructive'), policy({ rules: [{ tools: ['destroy_room'], action: 'deny' }] }))).toBe(true);
    expect(alwaysDenied(tool('destroy_room', 'destructive'), policy({ rules: [{ tools: ['destroy_room'], action: 'deny', rooms: ['x'] }] }))).toBe(false);
    expect(alwaysDenied(KICK, policy({ defaults: { destructive: 'deny' } }))).toBe(true);
    expect(alwaysDenied(KICK, policy({ defaults: { destructive: 'deny' }, rules: [{ tools: ['kick_user_off_seat'], action: 'confirm' }] }))).toBe(false);
  });

  it('--read-only beats every rule: write tools are not even selected', () => {
    const selected = selectTools(TOOLS, { toolsets: ['all'], readOnly: true });
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.every((t) => t.effect === 'read')).toBe(true);
    expect(selectTools(TOOLS, { tools: ['kick_user_off_seat', 'get_room_list'], readOnly: true }).map((t) => t.name)).toEqual(['get_room_list']);
  });
});

describe('policy file', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = parsePolicy('rules:\n  - tools: [destroy_room]\n    action: deny\n', 'p.yaml', NAMES);
    const json = parsePolicy('{"rules":[{"tools":["destroy_room"],"action":"deny"}]}', 'p.json', NAMES);
    expect(yaml).toEqual(json);
    expect(yaml.channels).toEqual(['elicitation', 'console']);
  });

  it.each([
    ['rules:\n  - tools: [destory_room]\n    action: deny\n', /unknown tool "destory_room"/],
    ['rules:\n  - toolsets: [seatz]\n    action: deny\n', /unknown toolset "seatz"/],
    ['rules:\n  - tools: [destroy_room]\n    action: maybe\n', /rules\.0\.action/],
    ['rules:\n  - action: deny\n', /needs "tools" or "toolsets"/],
    ['rules: [\n', /not valid YAML/],
    ['bogus: 1\n', /bogus/],
    ['breaker:\n  max: -1\n', /breaker\.max/],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parsePolicy(text, 'policy.yaml', NAMES)).toThrow(PolicyError);
    expect(() => parsePolicy(text, 'policy.yaml', NAMES)).toThrow(message);
  });
});
