// send_broadcast_msg: one message into every live room, through a real MCP client, the signed REST
// client and the sandbox over loopback; and the sandbox's documented semantics (same Random within
// five minutes is one message, 1 call per second).
import { afterEach, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/catalog/endpoints.js';
import { TOOLS } from '../../src/tools/index.js';
import { startHarness } from '../helpers/harness.js';
import type { ElicitAnswer, Era } from '../helpers/mcp.js';
import { sandboxSession } from '../helpers/sandbox.js';

const accept = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });
const decline = (): ElicitAnswer => ({ action: 'decline' });
const TEXT = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'Maintenance at 02:00 UTC' } }];

let open: Awaited<ReturnType<typeof startHarness>> | undefined;
const start = async (...args: Parameters<typeof startHarness>) => (open = await startHarness(...args));
afterEach(async () => { await open?.close(); open = undefined; });

describe('send_broadcast_msg', () => {
  it('is destructive with a form, in the messages toolset, at the documented 1 call/s', () => {
    const def = TOOLS.find((t) => t.name === 'send_broadcast_msg')!;
    expect([def.effect, def.idempotent, Boolean(def.confirm), def.endpoint.family]).toEqual(['destructive', false, true, 'messages']);
    expect(ENDPOINTS.send_broadcast_msg).toMatchObject({ service: 'group_open_http_svc', ratePerSecond: 1 });
  });

  it.each<Era>(['legacy', 'modern'])('confirmed over the %s era, it lands in every live room once', async (era) => {
    const h = await start({ era, elicit: accept });
    const rooms = [...h.sandbox.state.rooms.values()];
    const before = rooms.map((r) => r.messages.length);
    const r = await h.call('send_broadcast_msg', { Random: 42, MsgBody: TEXT });
    expect(r.isError, r.text).toBeFalsy();
    expect(h.mcp.forms[0]!.message).toMatch(/EVERY live room/);
    expect(h.mcp.forms[0]!.message).toContain('Maintenance at 02:00 UTC');
    expect(h.sent('send_broadcast_msg').map((s) => s.body)).toEqual([{ Random: 42, MsgBody: TEXT }]);
    rooms.forEach((room, i) => {
      expect(room.messages.length, room.info.RoomId).toBe(before[i]! + 1);
      expect(room.messages.at(-1)!.payload).toMatchObject({ broadcast: true, TextContent: 'Maintenance at 02:00 UTC' });
    });
  });

  it('declined: nothing is sent; bad input: refused before sending', async () => {
    const h = await start({ elicit: decline });
    expect((await h.call('send_broadcast_msg', { Random: 1, MsgBody: TEXT })).isError).toBe(true);
    for (const args of [
      { Random: -1, MsgBody: TEXT },
      { Random: 4294967296, MsgBody: TEXT },
      { Random: 1, MsgBody: [] },
      { Random: 1, MsgBody: [{ MsgType: 'TIMFaceElem', MsgContent: {} }] },
      { Random: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x'.repeat(12_001) } }] },
      { Random: 1, MsgBody: TEXT, CloudCustomData: 'y'.repeat(12_000) },
    ]) {
      const r = await h.call('send_broadcast_msg', args);
      expect(r.isError, JSON.stringify(args).slice(0, 80)).toBe(true);
    }
    expect(h.sent('send_broadcast_msg')).toHaveLength(0);
  });

  it('sandbox: the same Random within five minutes is one message; an unknown sender is refused; 1 call per second', () => {
    const { sb, c, clock } = sandboxSession();
    const room = sb.state.rooms.values().next().value!;
    const n = room.messages.length;
    expect(c('send_broadcast_msg', { Random: 7, MsgBody: TEXT }).ErrorCode).toBe(0);
    expect(c('send_broadcast_msg', { Random: 7, MsgBody: TEXT }).ErrorCode).toBe(0);
    expect(room.messages.length).toBe(n + 1);
    clock.advance(5 * 60_000);
    expect(c('send_broadcast_msg', { Random: 7, MsgBody: TEXT }).ErrorCode).toBe(0);
    expect(room.messages.length).toBe(n + 2);
    expect(c('send_broadcast_msg', { Random: 8, MsgBody: TEXT, From_Account: 'nobody_at_all' }).ErrorInfo).toMatch(/does not exist/);
    expect(c('send_broadcast_msg', { Random: 8 }).ErrorInfo).toMatch(/MsgBody/);

    const limited = sandboxSession(true);
    expect(limited.c('send_broadcast_msg', { Random: 1, MsgBody: TEXT }).ErrorCode).toBe(0);
    expect(limited.c('send_broadcast_msg', { Random: 2, MsgBody: TEXT }).ErrorCode).toBe(60007);
    limited.clock.advance(1000);
    expect(limited.c('send_broadcast_msg', { Random: 3, MsgBody: TEXT }).ErrorCode).toBe(0);
  });
});
