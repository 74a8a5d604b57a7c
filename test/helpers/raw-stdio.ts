// The built binary (dist/cli.js) over raw stdio, with no MCP SDK in between: for tests that must
// see every byte the server writes, or write bytes no SDK client would. Needs `npm run build`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Fails early, with the fix in the message, instead of a spawn that dies on a missing file. */
export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does).');
}

/** process.env minus any TENCENT_LIVE_* of the developer's shell, so only what a test sets applies. */
export const envWithoutTencent = (): Record<string, string> =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENT_LIVE_'))) as Record<string, string>;

export type Message = {
  jsonrpc?: string;
  id?: unknown;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
};

export interface RawStdioOptions {
  /**
   * Answer the server's elicitation/create requests with accept ({ confirm: true } where the form
   * asks for it) instead of listing them in messages: for runs that must get past confirmations.
   */
  acceptElicitations?: boolean;
  /**
   * Keep stdout lines that are not JSON in junkOut for the test to assert on. Off, such a line
   * throws from the stdout handler, which fails the run: stdout belongs to the protocol.
   */
  collectJunk?: boolean;
  /** How long answer() waits for a response before it throws (default 10 s). */
  timeoutMs?: number;
}

export class RawStdioSession {
  /** Every stdout chunk as it arrived, parsed or not (to search for leaks). */
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  /** Every JSON-RPC message from the server, except elicitations answered automatically. */
  readonly messages: Message[] = [];
  /** Lines on stdout that were not JSON (only with collectJunk). */
  readonly junkOut: string[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];

  /** Spawns dist/cli.js with `args` under exactly `env`. */
  static spawn(args: string[], env: Record<string, string>, options: RawStdioOptions = {}): RawStdioSession {
    return new RawStdioSession(spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] }), options);
  }

  constructor(readonly proc: ChildProcessWithoutNullStreams, private readonly options: RawStdioOptions = {}) {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      this.stdout.push(chunk);
      this.buffer += chunk;
      let i;
      while ((i = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 1);
        if (line.trim()) this.receive(line);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    proc.stderr.on('data', (d) => this.stderr.push(String(d)));
  }

  private receive(line: string): void {
    let m: Message;
    if (!this.options.collectJunk) m = JSON.parse(line) as Message;
    else {
      try { m = JSON.parse(line) as Message; } catch { this.junkOut.push(line); return; }
    }
    if (this.options.acceptElicitations && m.method === 'elicitation/create') {
      const props = Object.keys((m.params?.requestedSchema as { properties?: object } | undefined)?.properties ?? {});
      const content = props.includes('confirm') ? { confirm: true } : {};
      this.send({ id: m.id, result: { action: 'accept', content } });
    } else this.messages.push(m);
  }

  /** Writes one raw line (a newline is added to a string that lacks one; a Buffer goes as is). */
  write(line: string | Buffer): void {
    this.proc.stdin.write(line);
    if (typeof line === 'string' && !line.endsWith('\n')) this.proc.stdin.write('\n');
  }

  send(msg: Record<string, unknown>): void {
    this.write(JSON.stringify({ jsonrpc: '2.0', ...msg }));
  }

  /** The answer to request `id`, matched by its JSON form so string, number and null ids all work. */
  async answer(id: unknown, what = JSON.stringify(id)): Promise<Message> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 30_000);
    for (;;) {
      const m = this.messages.find((x) => JSON.stringify(x.id) === JSON.stringify(id) && ('result' in x || 'error' in x));
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no answer to ${what}; stderr: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 200); });
    }
  }

  async request(id: string | number, method: string, params?: unknown): Promise<Message> {
    this.send({ id, method, ...(params !== undefined && { params }) });
    return this.answer(id, `${method} (id ${JSON.stringify(id)})`);
  }

  /** Closes stdin (the server's cue to exit) and waits for the exit, killing it after 5 s. */
  async stop(): Promise<void> {
    this.proc.stdin.end();
    await new Promise<void>((done) => {
      if (this.proc.exitCode !== null) return done();
      const t = setTimeout(() => { this.proc.kill(); done(); }, 5000);
      this.proc.once('exit', () => { clearTimeout(t); done(); });
    });
  }
}
