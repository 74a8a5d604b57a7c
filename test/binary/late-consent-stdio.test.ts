// Late consent through the built binary over stdio, with the official 1.x client and a short
// request timeout: the person accepts after the client gave up, nothing is sent then, and the
// agent's identical retry runs once without a new form.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, onTestFinished } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
type Answer = { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' };

describe('late consent over stdio (built binary, 1.x client)', { timeout: 90_000 }, () => {
  it('an accept after the client timed out sends nothing; the identical retry is sent once without a form', async () => {
    const env = {
      ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))) as Record<string, string>),
      XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tlm-late-')),
    };
    // No simulated viewers: the seat list changes only by what this test does.
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--sandbox', '--no-traffic'], env, stderr: 'pipe' });
    // The server's log lines, as they come: what the test waits on instead of a clock.
    let log = '';
    const logWaiters: Array<() => void> = [];
    transport.stderr!.on('data', (d) => { log += String(d); logWaiters.splice(0).forEach((w) => w()); });
    const logged = async (what: RegExp) => { while (!what.test(log)) await new Promise<void>((r) => logWaiters.push(r)); };

    const forms: Array<(a: Answer) => void> = [];
    const formWaiters: Array<() => void> = [];
    const client = new Client({ name: 'late-agent', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, () => new Promise<Answer>((resolve) => {
      forms.push(resolve);
      formWaiters.splice(0).forEach((w) => w());
    }) as never);
    const formOpen = async (n: number) => { while (forms.length < n) await new Promise<void>((r) => formWaiters.push(r)); return forms[n - 1]!; };
    await client.connect(transport);
    onTestFinished(() => client.close());

    const seats = await client.callTool({ name: 'get_seat_list', arguments: { RoomId: 'live_music_night' } });
    const seated = ((seats.structuredContent as { SeatList: Array<{ Member_Account?: string }> }).SeatList.find((s) => s.Member_Account))!.Member_Account!;
    const kick = { name: 'kick_user_off_seat', arguments: { RoomId: 'live_music_night', Member_Account: seated, Data: 'spam' } };

    // The client gives up after 1 s; the form is still on screen.
    const first = client.callTool(kick, undefined, { timeout: 1000 });
    const form = await formOpen(1);
    await expect(first).rejects.toThrow(/timed out/i);
    form({ action: 'accept', content: { confirm: true } });
    await logged(/"reason":"late-accept-kept"/);

    // Nothing was sent: the user is still seated.
    const still = await client.callTool({ name: 'get_seat_list', arguments: { RoomId: 'live_music_night' } });
    expect(JSON.stringify(still.structuredContent)).toContain(`"${seated}"`);

    const retry = await client.callTool(kick);
    expect(retry.isError).toBeFalsy();
    expect(forms).toHaveLength(1);
    const after = await client.callTool({ name: 'get_seat_list', arguments: { RoomId: 'live_music_night' } });
    expect(JSON.stringify(after.structuredContent)).not.toContain(`"${seated}"`);
  });
});
