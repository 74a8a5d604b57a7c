// A held message is never lost and never released twice, even when the server (the built binary)
// is killed with SIGKILL at each step of a release: before Tencent has it, after Tencent delivered
// it but before the answer was recorded, and after. The emulator runs in this process (it is
// "Tencent" and outlives the server); the server is restarted on the same feed file each time.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxServer } from '../../src/sandbox/index.js';
import type { LiveRoom } from '../../src/sandbox/state.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOM = 'live_music_night';
const TOKEN = 'sigkill-callback-token';
const TEXT = 'free coins, held';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

let sandbox: Sandbox;
let listening: SandboxServer | undefined;
let server: { client: Client; transport: StdioClientTransport } | undefined;
afterEach(async () => {
  try { process.kill(server?.transport.pid ?? -1, 'SIGKILL'); } catch { /* already gone */ }
  await server?.client.close().catch(() => {});
  await listening?.close();
  server = undefined; listening = undefined;
});

async function startServer(dir: string, port: number) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--callback-port', String(port), '--feed-db', join(dir, 'feed.sqlite'), '--policy', join(dir, 'policy.json')],
    env: {
      PATH: process.env.PATH ?? '', XDG_STATE_HOME: dir, TENCENT_LIVE_ENDPOINT: listening!.url,
      TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId), TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
      TENCENT_LIVE_CALLBACK_TOKEN: TOKEN, TENCENT_LIVE_TOOLSETS: 'feed',
    },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'sigkill-test', version: '1' });
  await client.connect(transport);
  server = { client, transport };
  return server;
}

async function until(cond: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const call = async (name: string, args: Record<string, unknown>) => {
  const r = await server!.client.callTool({ name, arguments: args });
  return { isError: Boolean(r.isError), text: (r.content as Array<{ text: string }>)[0]!.text, structured: r.structuredContent as Record<string, any> | undefined };
};
const delivered = () => (sandbox.state.requireRoom(ROOM) as LiveRoom).messages.filter((m) => m.payload.TextContent === TEXT).length;

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'feed-kill-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ holds: { words: ['free coins'] } }));
  sandbox = createSandbox({ seed: 'demo', rateLimits: false });
  listening = await sandbox.listen({ port: 0 });
  const port = await freePort();
  sandbox.callbacks.setTarget({ url: `http://127.0.0.1:${port}/tencent/callback`, token: TOKEN });
  await startServer(dir, port);
  const room = sandbox.state.requireRoom(ROOM) as LiveRoom;
  sandbox.state.addMember(room, 'viewer_k', 0);
  expect(await sandbox.callbacks.viewerSend(room, 'viewer_k', TEXT)).toEqual({ delivered: false });
  const held = (await call('list_held_messages', {})).structured!.Held as Array<{ HeldId: number }>;
  expect(held).toHaveLength(1);
  return { dir, port, id: held[0]!.HeldId };
}

const kill = async () => {
  process.kill(server!.transport.pid!, 'SIGKILL');
  await server!.client.close().catch(() => {});
  server = undefined;
};

describe('SIGKILL during a release', { timeout: 90_000 }, () => {
  it('killed before Tencent has the send: the message stays in the queue (releasing), never sent twice', async () => {
    const { dir, port, id } = await setup();
    sandbox.faults.set('send_group_msg', { latencyMs: 60_000 });
    void call('release_held_message', { HeldId: id }).catch(() => {});
    await until(() => sandbox.faults.arrived('send_group_msg') === 1, 'the send to arrive');
    await kill();
    sandbox.faults.clear();
    await startServer(dir, port);
    const list = (await call('list_held_messages', {})).structured!.Held as Array<{ HeldId: number; Status: string }>;
    expect(list).toMatchObject([{ HeldId: id, Status: 'releasing' }]);
    const again = await call('release_held_message', { HeldId: id });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/releasing, not held/);
    expect(delivered()).toBe(0);
    expect(sandbox.requests.filter((r) => r.command === 'send_group_msg')).toHaveLength(0);
  });

  it('killed after Tencent delivered but before the answer was recorded: the after-send callback settles it; delivered once', async () => {
    const { dir, port, id } = await setup();
    // The answer never comes back, and the after-send callback is lost with the dying server.
    sandbox.faults.set('send_group_msg', { hangMs: 60_000 });
    const target = { url: `http://127.0.0.1:${port}/tencent/callback`, token: TOKEN };
    sandbox.callbacks.setTarget(undefined);
    void call('release_held_message', { HeldId: id }).catch(() => {});
    await until(() => delivered() === 1, 'Tencent to deliver');
    await kill();
    sandbox.faults.clear();
    await startServer(dir, port);
    sandbox.callbacks.setTarget(target);
    expect(((await call('list_held_messages', {})).structured!.Held as Array<{ Status: string }>)[0]!.Status).toBe('releasing');
    expect((await call('release_held_message', { HeldId: id })).isError).toBe(true);
    // Tencent retries the after-send callback; it names the Random the release used.
    const sent = sandbox.requests.find((r) => r.command === 'send_group_msg')!.body as Record<string, unknown>;
    const msg = (sandbox.state.requireRoom(ROOM) as LiveRoom).messages.find((m) => m.payload.TextContent === TEXT)!;
    await sandbox.callbacks.post('Group.CallbackAfterSendMsg', { GroupId: ROOM, Type: 'AVChatRoom', From_Account: 'viewer_k', Random: sent.Random, MsgSeq: msg.payload.MsgSeq, MsgBody: sent.MsgBody });
    const all = (await call('list_held_messages', { Status: ['released'] })).structured!.Held as Array<{ HeldId: number; MsgSeq: number }>;
    expect(all).toMatchObject([{ HeldId: id, MsgSeq: msg.payload.MsgSeq }]);
    expect(delivered()).toBe(1);
  });

  it('killed after the release was recorded: released, and a second release is refused', async () => {
    const { dir, port, id } = await setup();
    expect((await call('release_held_message', { HeldId: id })).isError).toBe(false);
    await kill();
    await startServer(dir, port);
    expect((await call('list_held_messages', { Status: ['released'] })).structured!.Held).toMatchObject([{ HeldId: id, Status: 'released' }]);
    expect((await call('release_held_message', { HeldId: id })).isError).toBe(true);
    expect(delivered()).toBe(1);
  });
});
