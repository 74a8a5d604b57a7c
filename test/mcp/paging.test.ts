// Paged reads: MaxPages follows the cursor for several pages in one call, bounded, paced by the
// limiter, with progress notifications and a resumable cursor; MaxPages itself is never sent.
import { describe, expect, it, onTestFinished } from 'vitest';
import { LiveError } from '../../src/client/errors.js';
import { seedRooms } from '../../src/sandbox/seed.js';
import { createServer } from '../../src/server.js';
import { connect } from '../helpers/mcp.js';
import { harnessPerTest } from '../helpers/harness.js';
import { recordingClient } from '../helpers/recording-client.js';

describe('paged reads', () => {
  const start = harnessPerTest();

  it('follows get_room_list for MaxPages pages and returns a cursor that resumes exactly', async () => {
    const h = await start({ seed: 'empty' });
    seedRooms(h.sandbox.state, 100, Date.now());
    const first = await h.call('get_room_list', { Count: 20, MaxPages: 3 });
    expect(first.isError, first.text).toBeFalsy();
    const rooms = first.structured!.RoomList as Array<{ RoomId: string; ViewCount: number }>;
    expect(rooms).toHaveLength(60);
    expect(first.structured!.Pages).toBe(3);
    expect(first.structured!.Next).toBeTruthy();
    expect(first.text).toMatch(/60 item\(s\) from 3 page\(s\); more remain/);
    const sent = h.sent('get_room_list');
    expect(sent).toHaveLength(3);
    expect(sent.every((r) => !('MaxPages' in (r.body as object)))).toBe(true);

    const rest = await h.call('get_room_list', { Count: 20, Next: first.structured!.Next, MaxPages: 50 });
    const more = rest.structured!.RoomList as Array<{ RoomId: string }>;
    expect(rest.structured!.Next).toBe('');
    expect(rest.structured!.Pages).toBe(2);
    const ids = [...rooms, ...more].map((r) => r.RoomId);
    expect(new Set(ids).size).toBe(ids.length);
    const visible = [...h.sandbox.state.rooms.values()].filter((r) => r.info.IsPublicVisible).length;
    expect(ids).toHaveLength(visible);
  });

  it('sends a progress notification per page when the client asks for progress', async () => {
    const h = await start({ seed: 'empty' });
    seedRooms(h.sandbox.state, 50, Date.now());
    const progress: number[] = [];
    await h.mcp.client.callTool({ name: 'get_room_list', arguments: { Count: 10, MaxPages: 4 } }, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('MaxPages is bounded and 1 by default', async () => {
    const h = await start();
    expect((await h.call('get_room_list', { Count: 20, MaxPages: 51 })).isError).toBe(true);
    expect(h.sent('get_room_list')).toEqual([]);
    const one = await h.call('get_member_list', { RoomId: 'live_music_night' });
    expect(one.structured!.Pages).toBeUndefined();
    expect(h.sent('get_member_list')).toHaveLength(1);
  });

  it('offset-paged lists follow NextOffset', async () => {
    const h = await start();
    const room = h.sandbox.state.rooms.get('live_music_night')!;
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 25; i++) room.bans.set(`spammer_${i}`, { until: now + 3600, reason: 'test' } as never);
    const r = await h.call('get_banned_member_list', { RoomId: 'live_music_night', Limit: 10, MaxPages: 10 });
    expect(r.isError, r.text).toBeFalsy();
    expect((r.structured!.BannedAccountList as unknown[]).length).toBeGreaterThanOrEqual(25);
    expect(r.structured!.NextOffset).toBe(0);
    expect(h.sent('get_banned_member_list').map((x) => (x.body as { Offset?: number }).Offset ?? 0)).toEqual([0, 10, 20]);
  });

  it('a page that fails after others keeps what was read and the cursor to resume from', async () => {
    let n = 0;
    const { client } = recordingClient(() => {
      n++;
      if (n === 3) throw new LiveError({ kind: 'api', message: 'Tencent rejected get_room_list: 100001', code: 100001, retryable: true, delivery: 'no' });
      return { Response: { RoomList: [{ RoomId: `r${n}` }], Next: `cursor-${n}` } };
    });
    const c = await connect(() => createServer({ client }));
    onTestFinished(() => c.close());
    const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 1, MaxPages: 5 } });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { RoomList: Array<{ RoomId: string }>; Next: string; Pages: number };
    expect(s.RoomList.map((x) => x.RoomId)).toEqual(['r1', 'r2']);
    expect(s.Next).toBe('cursor-2');
    expect(s.Pages).toBe(2);
    expect(JSON.stringify(r.content)).toMatch(/Stopped early because a page failed/);
  });
});
