// The confirmation gate, proven on what reaches the client layer: accept sends exactly one
// request; decline, cancel, mismatch, no elicitation, or a changed target send nothing.
import { describe, expect, it } from 'vitest';
import { createConfirmStateCodec } from '../../src/policies/confirm.js';
import { createServer } from '../../src/server.js';
import { connect, type Era } from '../helpers/mcp.js';
import { recordingClient } from '../helpers/recording-client.js';

const text = (r: { content?: unknown }) => ((r.content as Array<{ text?: string }>)?.[0]?.text ?? '');

describe.each<Era>(['legacy', 'modern'])('confirmation over the %s era', (era) => {
  // One codec per process: 2026-era HTTP builds a server per request, and they must share it.
  const codec = createConfirmStateCodec();

  it('kick: accept sends exactly one request with the validated body', async () => {
    const { client, calls } = recordingClient();
    const c = await connect(() => createServer({ client, codec }), { era, elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: 'spam' } });
    expect(r.isError).toBeFalsy();
    expect(calls).toEqual([{ command: 'kick_user_off_seat', body: { RoomId: 'room-1', Member_Account: 'bob', Data: 'spam' }, opts: expect.objectContaining({ idempotent: false }) }]);
    expect(c.forms).toHaveLength(1);
    expect(c.forms[0]!.message).toContain('"bob"');
    expect(c.forms[0]!.message).toContain('"room-1"');
    expect(c.forms[0]!.message).toContain('"spam"');
    await c.close();
  });

  it.each([
    ['decline', { action: 'decline' } as const, /declined/],
    ['cancel', { action: 'cancel' } as const, /dismissed/],
    ['unticked box', { action: 'accept', content: { confirm: false } } as const, /unticked/],
  ])('kick: %s sends nothing and says so', async (_name, answer, why) => {
    const { client, calls } = recordingClient();
    const c = await connect(() => createServer({ client, codec }), { era, elicit: () => answer });
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: '' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/Not performed: The user was not removed from the seat\./);
    expect(text(r)).toMatch(why);
    expect(calls).toEqual([]);
    await c.close();
  });

  it('a client without elicitation gets an error naming another channel, and nothing is sent', async () => {
    const { client, calls } = recordingClient();
    const c = await connect(() => createServer({ client, codec }), { era });
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: '' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/does not support MCP elicitation/);
    expect(text(r)).toMatch(/approval console/);
    expect(calls).toEqual([]);
    await c.close();
  });

  it('owner change: the form shows current and new owner; a matching retype sends once after a re-read', async () => {
    const { client, calls } = recordingClient((cmd) => (cmd === 'get_room_info' ? { Response: { RoomInfo: { RoomId: 'r', Owner_Account: 'alice' } } } : {}));
    const c = await connect(() => createServer({ client, codec }), { era, elicit: () => ({ action: 'accept', content: { NewOwner_Account: 'carol' } }) });
    const r = await c.client.callTool({ name: 'change_room_owner', arguments: { RoomId: 'r', NewOwner_Account: 'carol' } });
    expect(r.isError).toBeFalsy();
    expect(c.forms[0]!.message).toContain('"alice"');
    expect(c.forms[0]!.message).toContain('"carol"');
    expect(JSON.stringify(c.forms[0]!.requestedSchema)).toContain('NewOwner_Account');
    expect(calls.map((x) => x.command)).toEqual(['get_room_info', 'get_room_info', 'change_room_owner']);
    await c.close();
  });

  it('owner change: a mismatched retype sends nothing', async () => {
    const { client, calls } = recordingClient((cmd) => (cmd === 'get_room_info' ? { Response: { RoomInfo: { Owner_Account: 'alice' } } } : {}));
    const c = await connect(() => createServer({ client, codec }), { era, elicit: () => ({ action: 'accept', content: { NewOwner_Account: 'caro1' } }) });
    const r = await c.client.callTool({ name: 'change_room_owner', arguments: { RoomId: 'r', NewOwner_Account: 'carol' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/did not match/);
    expect(calls.map((x) => x.command)).not.toContain('change_room_owner');
    await c.close();
  });

  it('owner change: refused when the owner changed while the human was deciding', async () => {
    let owner = 'alice';
    const { client, calls } = recordingClient((cmd) => (cmd === 'get_room_info' ? { Response: { RoomInfo: { Owner_Account: owner } } } : {}));
    const c = await connect(() => createServer({ client, codec }), {
      era,
      elicit: () => { owner = 'mallory'; return { action: 'accept', content: { NewOwner_Account: 'carol' } }; },
    });
    const r = await c.client.callTool({ name: 'change_room_owner', arguments: { RoomId: 'r', NewOwner_Account: 'carol' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/changed after the question was asked/);
    expect(calls.map((x) => x.command)).not.toContain('change_room_owner');
    await c.close();
  });

  it('a model-supplied confirm argument is rejected by the schema and sends nothing', async () => {
    const { client, calls } = recordingClient();
    const c = await connect(() => createServer({ client, codec }), { era });
    const r = await c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: '', confirm: true } });
    expect(r.isError).toBe(true);
    expect(calls).toEqual([]);
    await c.close();
  });
});
