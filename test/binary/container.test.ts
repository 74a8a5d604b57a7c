// The Dockerfile, without a container engine: linted (dockerfile-utils, the VS Code Docker
// extension's validator), its structure checked (multi-stage, non-root, health check, the MCP
// registry's OCI label, the sources it copies exist and pass .dockerignore), and its ENTRYPOINT +
// CMD run on the host with the image's paths mapped onto the checkout. Needs `npm run build`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, type Label } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { envWithoutTencent, requireBuild } from '../helpers/raw-stdio.js';
import { connectHttp, raw } from '../helpers/http.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const lastFrom = dockerfile.getFROMs().at(-1)!;
const finalStage = instructions.filter((i) => i.getRange().start.line > lastFrom.getRange().start.line);
const jsonArgs = (keyword: string) => {
  const found = finalStage.filter((i) => i.getKeyword() === keyword);
  expect(found, keyword).toHaveLength(1);
  return JSON.parse(found[0]!.getArgumentsContent()!) as string[];
};
const work = mkdtempSync(join(tmpdir(), 'tlm-container-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Dockerfile', () => {
  it('passes the linter, which does flag a broken file', () => {
    expect(validate(text)).toEqual([]);
    expect(validate('FROM node:24-bookworm-slim\nEXPOSE port\nHEALTHCHECK CMD\n').length).toBeGreaterThan(0);
  });

  it('builds in stages and runs as a non-root user with a health check and the registry label', () => {
    expect(dockerfile.getFROMs().length).toBeGreaterThanOrEqual(2);
    const user = finalStage.filter((i) => i.getKeyword() === 'USER').at(-1)?.getArgumentsContent();
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    const labels = Object.fromEntries(
      finalStage.filter((i) => i.getKeyword() === 'LABEL').flatMap((i) => (i as Label).getProperties().map((p) => [p.getName(), p.getValue()])),
    );
    expect(labels['io.modelcontextprotocol.server.name']).toBe(pkg.mcpName);
    const health = finalStage.find((i) => i.getKeyword() === 'HEALTHCHECK')!.getArgumentsContent()!;
    expect(health).toContain('/healthz');
    const cmd = [...jsonArgs('ENTRYPOINT'), ...jsonArgs('CMD')];
    expect(cmd).toEqual(expect.arrayContaining(['--http', '--host', '0.0.0.0', '--http-token-file']));
    // The token comes from a secret file, never from the image or its command line.
    expect(cmd[cmd.indexOf('--http-token-file') + 1]).toMatch(/^\/run\/secrets\//);
    expect(text).not.toMatch(/TENCENT_LIVE_(SECRET_KEY|HTTP_TOKEN)=/);
  });

  it('copies only sources that exist and that .dockerignore lets into the context', () => {
    const allowed = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const copies = instructions.filter((i) => i.getKeyword() === 'COPY' && !/--from=/.test(i.getTextContent()));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const parts = copy.getArgumentsContent()!.split(/\s+/);
      for (const src of parts.slice(0, -1)) {
        expect(existsSync(join(root, src)), src).toBe(true);
        expect(allowed, `${src} is not in the build context`).toContain(src);
      }
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

describe('the image command line on the host', () => {
  let child: ChildProcess | undefined;
  afterAll(() => { child?.kill('SIGTERM'); });

  it('serves authenticated MCP and answers its own health check', async () => {
    requireBuild();
    const sandbox = createSandbox({ seed: 'demo' });
    const listening = await sandbox.listen({ port: 0 });
    try {
      const port = await freePort();
      const token = 'container-test-token-0123456789abcdef';
      const tokenFile = join(work, 'http_token');
      writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
      const workdir = finalStage.filter((i) => i.getKeyword() === 'WORKDIR').at(-1)!.getArgumentsContent()!;
      // The image's paths and port, mapped onto this checkout and a free port.
      const map = (a: string) => a.replace(/^\/run\/secrets\/http_token$/, tokenFile).replace(/^3000$/, String(port));
      const [command, ...args] = [...jsonArgs('ENTRYPOINT'), ...jsonArgs('CMD')].map(map);
      expect(command).toBe('node');
      expect(existsSync(join(root, args[0]!)), `${workdir}/${args[0]} maps to the checkout`).toBe(true);
      child = spawn(process.execPath, args, {
        cwd: root,
        env: {
          ...envWithoutTencent(),
          NODE_ENV: 'production',
          XDG_STATE_HOME: join(work, 'state'),
          TENCENT_LIVE_SDKAPPID: String(sandbox.credentials.sdkAppId),
          TENCENT_LIVE_SECRET_KEY: sandbox.credentials.secretKey,
          TENCENT_LIVE_ADMIN: sandbox.credentials.admin,
          TENCENT_LIVE_ENDPOINT: listening.url,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let log = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
        child!.stderr!.on('data', (d) => { log += String(d); if (log.includes('Streamable HTTP:')) { clearTimeout(t); resolve(); } });
        child!.once('exit', (code) => { clearTimeout(t); reject(new Error(`exited ${code}:\n${log}`)); });
      });
      expect(log).toContain(`0.0.0.0:${port}`);
      expect(log).not.toContain(token);

      // The HEALTHCHECK command itself, pointed at the mapped port.
      const health = JSON.parse(/CMD\s+(\[.*\])\s*$/s.exec(finalStage.find((i) => i.getKeyword() === 'HEALTHCHECK')!.getArgumentsContent()!)![1]!) as string[];
      expect(health[0]).toBe('node');
      execFileSync(process.execPath, health.slice(1).map((a) => a.replace('127.0.0.1:3000', `127.0.0.1:${port}`)), { timeout: 45_000 });

      const url = `http://127.0.0.1:${port}/mcp`;
      expect((await raw(url, { body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
      const c = await connectHttp(url, { era: 'legacy', headers: { authorization: `Bearer ${token}` } });
      try {
        const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
        expect(r.isError).toBeFalsy();
      } finally {
        await c.close();
      }
    } finally {
      child?.kill('SIGTERM');
      await listening.close();
    }
  }, 90_000);
});
