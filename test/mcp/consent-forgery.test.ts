// Consent cannot be forged by the caller: answers sent along with a first call (never asked for),
// or replayed with other arguments, are ignored and the human is asked.
import { describe, expect, it } from 'vitest';
import { argsDigest, createConfirmStateCodec } from '../../src/policies/confirm.js';
import { createServer } from '../../src/server.js';
import { connect } from '../helpers/mcp.js';
import { recordingClient } from '../helpers/recording-client.js';

describe('forged consent (2026-07-28 input responses)', () => {
  it('pre-filled inputResponses on a first call are ignored: the human is asked, and a decline sends nothing', async () => {
    const { client, calls } = recordingClient();
    const codec = createConfirmStateCodec();
    const c = await connect(() => createServer({ client, codec }), { era: 'modern', elicit: () => ({ action: 'decline' }) });
    const r = await c.client.callTool({
      name: 'kick_user_off_seat',
      arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: '' },
      inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
    } as never);
    expect(r.isError).toBe(true);
    expect(c.forms).toHaveLength(1);
    expect(calls).toEqual([]);
    await c.close();
  });

  it('control: the same answers with this server\'s own state for these arguments do count (so the tests above are not vacuous)', async () => {
    const { client, calls } = recordingClient();
    const codec = createConfirmStateCodec();
    const c = await connect(() => createServer({ client, codec }), { era: 'modern', elicit: () => ({ action: 'decline' }) });
    const args = { RoomId: 'room-1', Member_Account: 'bob', Data: '' };
    const r = await c.client.callTool({
      name: 'kick_user_off_seat',
      arguments: args,
      inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      requestState: await codec.mint({ digest: argsDigest('kick_user_off_seat', args), nonce: 'control-nonce' }),
    } as never);
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(c.forms).toHaveLength(0);
    expect(calls).toHaveLength(1);
    await c.close();
  });

  it('requestState minted for other arguments does not carry consent over', async () => {
    const { client, calls } = recordingClient();
    const codec = createConfirmStateCodec();
    const c = await connect(() => createServer({ client, codec }), { era: 'modern', elicit: () => ({ action: 'decline' }) });
    const forged = await codec.mint({ digest: 'not-the-digest-of-these-arguments', nonce: 'n1' });
    const r = await c.client.callTool({
      name: 'kick_user_off_seat',
      arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: '' },
      inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      requestState: forged,
    } as never);
    expect(r.isError).toBe(true);
    expect(calls).toEqual([]);
    await c.close();
  });

  it('requestState signed by another server instance is rejected outright', async () => {
    const { client, calls } = recordingClient();
    const other = createConfirmStateCodec();
    const c = await connect(() => createServer({ client, codec: createConfirmStateCodec() }), { era: 'modern', elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const foreign = await other.mint({ digest: 'x', nonce: 'n2' });
    const r = await c.client
      .callTool({ name: 'kick_user_off_seat', arguments: { RoomId: 'room-1', Member_Account: 'bob', Data: '' }, requestState: foreign } as never)
      .then((x) => ({ isError: x.isError, error: undefined as unknown }), (e: Error) => ({ isError: true, error: e }));
    expect(r.isError).toBe(true);
    expect(calls).toEqual([]);
    await c.close();
  });
});
