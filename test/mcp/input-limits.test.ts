// Bad input never reaches Tencent: the exact inputs an attacker sent upstream are refused by the
// shared field schemas, before any policy step, form or request. Every list in every tool input
// has a cap a person can read in a confirmation form.
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest } from '../helpers/harness.js';

const start = harnessPerTest();
const MUSIC = 'live_music_night';
const robots = (n: number) => Array.from({ length: n }, (_, i) => `bot_${i}`);

const cases: Array<[string, string, Record<string, unknown>]> = [
  ['a 1 MB Member_Account', 'kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'a'.repeat(1 << 20) }],
  ['a 33-byte Member_Account', 'kick_user_off_seat', { RoomId: MUSIC, Member_Account: 'a'.repeat(33) }],
  ['a user ID with a newline', 'ban_member', { RoomId: MUSIC, MemberList_Account: ['guest\nadmin'], Duration: 60 }],
  ['a user ID with NUL', 'ban_member', { RoomId: MUSIC, MemberList_Account: ['guest\u0000'], Duration: 60 }],
  ['a user ID with a bidi override', 'mute_member', { RoomId: MUSIC, MemberList_Account: ['\u202Eevil'], MuteTime: 60 }],
  ['a RoomId of U+202E characters', 'get_member_list', { RoomId: '\u202E'.repeat(10) }],
  ['a RoomId with a newline', 'destroy_room', { RoomId: 'vip-1\n' }],
  ['a RoomId with NUL', 'get_room_info', { RoomId: 'room\u0000' }],
  ['a non-ASCII RoomId', 'get_room_info', { RoomId: 'é' }],
  ['a RoomId with a trailing space', 'get_room_info', { RoomId: `${MUSIC} ` }],
  ['Sender_Account with a trailing space', 'send_text_msg', { RoomId: MUSIC, Sender_Account: 'host_anna ', TextContent: 'hi' }],
  ['del_robot with 5,000 robots', 'del_robot', { RoomId: MUSIC, RobotList_Account: robots(5000) }],
  ['add_robot with 21 robots', 'add_robot', { RoomId: MUSIC, RobotList_Account: robots(21) }],
  ['MuteTime: -0', 'mute_member', { RoomId: MUSIC, MemberList_Account: ['guest_tom'], MuteTime: -0 }],
  ['send_gift to 21 receivers', 'send_gift', { RoomId: MUSIC, GiftId: 'rose', From_Account: 'host_anna', ReceiverList_Account: robots(21) }],
];

describe('bad input is refused before anything is sent', () => {
  it.each(cases)('%s', async (_what, tool, args) => {
    const h = await start({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const before = h.sandbox.requests.length;
    const r = await h.call(tool, args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/invalid|must|too (big|long)|at most|Too big/i);
    expect(h.mcp.forms).toHaveLength(0);
    expect(h.sandbox.requests.length).toBe(before);
  });

  it('valid IDs at the limits still go through', async () => {
    const h = await start();
    const r = await h.call('get_room_info', { RoomId: MUSIC });
    expect(r.isError).toBeFalsy();
    const long = await h.call('send_text_msg', { RoomId: MUSIC, Sender_Account: 'a@b.c-'.padEnd(32, 'x'), TextContent: 'hi' });
    // Accepted by the schema and sent: 32 bytes of visible ASCII is a valid user ID.
    expect(h.sent('send_text_msg')).toHaveLength(1);
    expect(long.text).not.toMatch(/at most 32/);
  });
});

describe('every list in every tool input is capped', () => {
  it('no input array is unbounded, and none exceeds 100 entries', () => {
    const unbounded: string[] = [];
    const walk = (tool: string, path: string, s: Record<string, unknown> | undefined): void => {
      if (!s || typeof s !== 'object') return;
      if (s.type === 'array' && (typeof s.maxItems !== 'number' || s.maxItems > 100)) unbounded.push(`${tool} ${path}`);
      for (const [k, v] of Object.entries((s.properties as Record<string, Record<string, unknown>>) ?? {})) walk(tool, `${path}.${k}`, v);
      if (s.items) walk(tool, `${path}[]`, s.items as Record<string, unknown>);
      for (const alt of ['anyOf', 'oneOf', 'allOf']) for (const x of (s[alt] as Array<Record<string, unknown>>) ?? []) walk(tool, path, x);
    };
    for (const def of TOOLS) walk(def.name, '', def.input.toJSONSchema() as Record<string, unknown>);
    expect(unbounded).toEqual([]);
  });
});
