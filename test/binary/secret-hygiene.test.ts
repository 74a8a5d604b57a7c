// Secret hygiene of the real binary, end to end. The spawned server signs with a distinctive
// test-only secret key against an in-process sandbox (TENCENT_LIVE_ENDPOINT), at debug log level,
// and is driven through success, Tencent errors, a gateway that echoes the request URL, resets,
// 5xx, malformed answers, a real timeout, a wrong key (70009) and the audit subcommand. Every byte
// it wrote (stdout, stderr, the audit file, the audit subcommand's output) is then searched for the
// secret keys and for every UserSig the sandbox saw. The approval console's token appears nowhere,
// not even on stderr: the agent that started the server can read its stderr.
// Needs `npm run build` (npm test does it).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { serveHttp, type SandboxServer } from '../../src/sandbox/http.js';
import { CLI, envWithoutTencent, RawStdioSession, requireBuild } from '../helpers/raw-stdio.js';

const SECRET = `TEST-ONLY-secret-${randomBytes(16).toString('hex')}`;
const WRONG_SECRET = `TEST-ONLY-wrong-${randomBytes(16).toString('hex')}`;

/** A raw stdio session (every byte the server writes is kept, elicitations are accepted) that numbers its own requests. */
class Session {
  private nextId = 1;

  constructor(readonly raw: RawStdioSession) {}

  get stdout() { return this.raw.stdout; }
  get stderr() { return this.raw.stderr; }

  async open() {
    const init = await this.raw.request(this.nextId++, 'initialize', {
      protocolVersion: '2025-06-18', capabilities: { elicitation: { form: {} } }, clientInfo: { name: 'secret-hygiene', version: '1' },
    });
    expect(init.result?.serverInfo).toBeDefined();
    this.raw.send({ method: 'notifications/initialized' });
    return this;
  }

  /** tools/call → { isError, text } */
  async call(name: string, args: Record<string, unknown>) {
    const m = await this.raw.request(this.nextId++, 'tools/call', { name, arguments: args });
    expect(m.error, JSON.stringify(m.error)).toBeUndefined();
    const text = ((m.result?.content as Array<{ text?: string }>)[0]?.text) ?? '';
    return { isError: Boolean(m.result?.isError), text };
  }

  stop() { return this.raw.stop(); }
}

let sandbox: Sandbox;
let server: SandboxServer;
/** Every usersig the sandbox saw, from both the right key and the wrong one. */
const sigs = new Set<string>();
const stateDir = mkdtempSync(join(tmpdir(), 'tlm-secrets-'));
const auditLog = join(stateDir, 'audit.jsonl');
/** Everything any server process wrote, by where it went. */
const captured: Array<{ where: string; text: string; consoleTokenAllowed?: boolean }> = [];

function env(secret: string, extra: Record<string, string> = {}) {
  return {
    ...envWithoutTencent(),
    XDG_STATE_HOME: stateDir,
    TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId),
    TENCENT_LIVE_SECRET_KEY: secret,
    TENCENT_LIVE_ENDPOINT: server.url,
    TENCENT_LIVE_LOG_LEVEL: 'debug',
    TENCENT_LIVE_AUDIT_LOG: auditLog,
    ...extra,
  };
}

// A non-JSON line on stdout throws (collectJunk off): stdout is the MCP channel.
const start = (secret: string) =>
  new Session(RawStdioSession.spawn(['--toolsets', 'all'], env(secret), { acceptElicitations: true, timeoutMs: 30_000 })).open();

beforeAll(async () => {
  requireBuild();
  sandbox = createSandbox({ secretKey: SECRET, rateLimits: false });
  // The sandbox's own HTTP layer (faults included), with a tap that records the usersig of every
  // request, and a "gateway" that echoes the request URL back for one command, as some proxies do.
  server = await serveHttp((input) => {
    const sig = input.query.get('usersig');
    if (sig) sigs.add(sig);
    if (input.path.endsWith('/get_robot')) {
      const url = `${input.path}?${input.query.toString()}`;
      return { status: 200, body: { ActionStatus: 'FAIL', ErrorCode: 60009, ErrorInfo: `gateway could not route ${url} (usersig=${sig})`, RequestId: `echo-${sig}` } };
    }
    return sandbox.handle(input);
  }, { port: 0 }, sandbox.faults);
});

afterAll(async () => {
  await server?.close();
});

describe('no secret leaves the server', () => {
  it('runs the server through success, errors, faults and a timeout, with the right key', async () => {
    const s = await start(SECRET);
    try {
      // A real timeout (the client's default 10 s headers timeout) runs in the background meanwhile.
      sandbox.faults.set('send_custom_msg', { hangMs: 12_000, times: 1 });
      const slow = s.call('send_custom_msg', { RoomId: 'live_music_night', Sender_Account: 'host_lena', BusinessId: 'poll', Data: '{}' });

      expect((await s.call('get_room_list', { Count: 5 })).isError).toBe(false);
      expect((await s.call('get_seat_list', { RoomId: 'live_music_night' })).isError).toBe(false);
      expect((await s.call('pick_user_on_seat', { RoomId: 'live_music_night', Member_Account: 'viewer_ada', Index: 3 })).isError).toBe(false);
      const kick = await s.call('kick_user_off_seat', { RoomId: 'live_music_night', Member_Account: 'viewer_ada', Data: 'hygiene' });
      // Either confirmed by elicitation and done, or parked for the console; never a secret either way.
      expect(kick.text.length).toBeGreaterThan(0);
      // Tencent errors.
      expect((await s.call('get_seat_list', { RoomId: 'no_such_room' })).isError).toBe(true);
      expect((await s.call('pick_user_on_seat', { RoomId: 'live_music_night', Member_Account: 'nobody_here', Index: 4 })).isError).toBe(true);
      // A gateway that echoes the URL (and so the usersig) in its error text and RequestId.
      const echo = await s.call('get_robot', { RoomId: 'voice_chat_lounge' });
      expect(echo.isError).toBe(true);
      expect(echo.text).toMatch(/\[redacted\]/);
      // Transport faults on a write: reset after, 5xx, malformed answer; and a read that resets.
      for (const fault of [{ resetAfter: true }, { status5xx: 502 }, { malformedJson: true }] as const) {
        sandbox.faults.set('send_text_msg', { ...fault, times: 1 });
        const r = await s.call('send_text_msg', { RoomId: 'live_music_night', Sender_Account: 'host_lena', TextContent: 'hello' });
        expect(r.isError, r.text).toBe(true);
      }
      sandbox.faults.set('get_room_info', { resetBefore: true });
      expect((await s.call('get_room_info', { RoomId: 'live_music_night' })).isError).toBe(true);
      sandbox.faults.clear('get_room_info');

      const timedOut = await slow;
      expect(timedOut.isError).toBe(true);
      expect(timedOut.text).toMatch(/did not answer send_custom_msg in time/);
    } finally {
      sandbox.faults.clear();
      await s.stop();
      captured.push({ where: 'stdout (right key)', text: s.stdout.join('') });
      captured.push({ where: 'stderr (right key)', text: s.stderr.join('') });
    }
  }, 60_000);

  it('a wrong secret key gets 70009 and is not printed either', async () => {
    const s = await start(WRONG_SECRET);
    try {
      const r = await s.call('get_room_list', { Count: 5 });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/70009/);
      expect(r.text).toMatch(/credentials were rejected/);
      const w = await s.call('pick_user_on_seat', { RoomId: 'live_music_night', Member_Account: 'viewer_bo', Index: 5 });
      expect(w.isError).toBe(true);
    } finally {
      await s.stop();
      captured.push({ where: 'stdout (wrong key)', text: s.stdout.join('') });
      captured.push({ where: 'stderr (wrong key)', text: s.stderr.join('') });
    }
  }, 120_000);

  it('the audit file and the audit subcommand hold none of them', () => {
    const file = readFileSync(auditLog, 'utf8');
    expect(file).toMatch(/pick_user_on_seat/);
    captured.push({ where: 'audit file', text: file });
    for (const args of [['--audit-log', auditLog], ['--audit-log', auditLog, '--json']]) {
      const r = spawnSync(process.execPath, [CLI, 'audit', ...args], { env: env(SECRET), encoding: 'utf8', timeout: 45_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/pick_user_on_seat/);
      captured.push({ where: `audit ${args.join(' ')} stdout`, text: r.stdout });
      captured.push({ where: `audit ${args.join(' ')} stderr`, text: r.stderr });
    }
  });

  it('nothing captured contains the secret keys, any UserSig, or (outside stderr) the console token', () => {
    // The two keys signed different sigs, and the sandbox saw both.
    expect(sigs.size).toBeGreaterThanOrEqual(2);
    expect(captured.length).toBeGreaterThanOrEqual(7);
    const tokenFile = join(stateDir, 'tencent-live-mcp', 'console-token');
    const token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined;
    const needles: Array<[string, string]> = [
      ['the secret key', SECRET],
      ['the wrong secret key', WRONG_SECRET],
      ...[...sigs].flatMap((sig, i): Array<[string, string]> => [[`UserSig #${i + 1}`, sig], [`UserSig #${i + 1} (URL-encoded)`, encodeURIComponent(sig)]]),
    ];
    for (const { where, text, consoleTokenAllowed } of captured) {
      for (const [what, needle] of needles) expect(text.includes(needle), `${what} appears in ${where}`).toBe(false);
      if (token && !consoleTokenAllowed) expect(text.includes(token), `the console token appears in ${where}`).toBe(false);
    }
    // The captures are real: the servers did talk, and logged at debug level.
    expect(captured.find((c) => c.where === 'stderr (right key)')?.text).toMatch(/tencent call/);
  });
});
