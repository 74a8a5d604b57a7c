// The suite-wide secret guard itself: it must find a leak when there is one, or it proves nothing.
import { describe, expect, it } from 'vitest';
import { findLeaks, guard } from '../setup/secret-guard.js';
import { startHarness } from '../helpers/harness.js';

describe('secret guard', () => {
  it('finds a secret in an output, raw or URL-encoded, and ignores clean outputs', () => {
    const secrets = new Set(['s3cret+key/with=chars']);
    expect(findLeaks({ secrets, outputs: ['nothing here', 'still nothing'] })).toEqual([]);
    expect(findLeaks({ secrets, outputs: ['log: s3cret+key/with=chars'] })).toHaveLength(1);
    expect(findLeaks({ secrets, outputs: [`url?usersig=${encodeURIComponent('s3cret+key/with=chars')}`] })).toHaveLength(1);
  });

  it('a harness feeds it: the sandbox key, the UserSigs the sandbox saw, results, logs and audit records', async () => {
    const before = { secrets: guard.secrets.size, outputs: guard.outputs.length };
    const h = await startHarness({ elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    await h.call('get_room_list', { Count: 2 });
    await h.call('pick_user_on_seat', { RoomId: 'no_such_room', Member_Account: 'x', Index: 0 });
    // The Tencent Cloud API 3.0 side (TRTC tools) signs with a second secret key: guarded too.
    const now = Math.floor(Date.now() / 1000);
    await h.call('describe_room_info', { StartTime: now - 60, EndTime: now });
    await h.close();
    expect(guard.secrets.has(h.sandbox.credentials.secretKey)).toBe(true);
    expect(guard.secrets.has(h.sandbox.cloudApi.credentials.secretKey)).toBe(true);
    expect(guard.secrets.size).toBeGreaterThanOrEqual(before.secrets + 2);
    expect(guard.outputs.length).toBeGreaterThan(before.outputs + 3);
    expect(guard.outputs.some((o) => o.includes('"event":"outcome"'))).toBe(true);
    expect(guard.outputs.some((o) => o.includes('"level":"debug"'))).toBe(true);
    expect(findLeaks(guard)).toEqual([]);
  });
});
