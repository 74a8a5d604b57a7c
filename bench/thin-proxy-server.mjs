// The fair floor for a server whose job is to forward to Tencent: a bare McpServer of the same SDK
// over stdio (or Streamable HTTP with --http PORT) whose two tools validate the same input as
// get_seat_list (a read) and pick_user_on_seat (a write) and make the same signed request through
// a keep-alive undici pool. No policy, audit, limiter, output schema or catalog: whatever the real
// server costs beyond this is the price of what it adds.
import { randomInt } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { Agent, request } from 'undici';
import * as z from 'zod/v4';
import { genUserSig } from '../dist/client/usersig.js';

const sdkAppId = Number(process.env.TENCENT_LIVE_SDKAPPID);
const secretKey = process.env.TENCENT_LIVE_SECRET_KEY;
const admin = process.env.TENCENT_LIVE_ADMIN ?? 'administrator';
const base = process.env.TENCENT_LIVE_ENDPOINT;
if (!sdkAppId || !secretKey || !base) throw new Error('thin proxy: TENCENT_LIVE_SDKAPPID, TENCENT_LIVE_SECRET_KEY and TENCENT_LIVE_ENDPOINT are required');

const pool = new Agent({ keepAliveTimeout: 4000 });
let sig;
let sigAt = 0;
function userSig() {
  const now = Math.floor(Date.now() / 1000);
  if (!sig || now - sigAt > 43_200) { sig = genUserSig({ sdkAppId, secretKey, identifier: admin, expire: 86_400, now }); sigAt = now; }
  return sig;
}

async function forward(path, body) {
  const query = new URLSearchParams({ sdkappid: String(sdkAppId), identifier: admin, usersig: userSig(), random: String(randomInt(0, 2 ** 32)), contenttype: 'json' });
  const res = await request(`${base}/v4/${path}?${query}`, {
    dispatcher: pool, method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  });
  const answer = await res.body.json();
  const ok = answer.ActionStatus === 'OK' && answer.ErrorCode === 0;
  return { content: [{ type: 'text', text: JSON.stringify(answer) }], ...(ok ? {} : { isError: true }) };
}

const RoomId = z.string().min(1).max(48);
function server() {
  const s = new McpServer({ name: 'thin-proxy-bench', version: '1.0.0' });
  s.registerTool('get_seat_list', { description: 'Reads the seats of a room.', inputSchema: z.strictObject({ RoomId }) },
    (args) => forward('room_engine_http_mic/get_seat_list', args));
  s.registerTool('pick_user_on_seat', {
    description: 'Puts a member of a room on a seat.',
    inputSchema: z.strictObject({ RoomId, Member_Account: z.string().min(1), Index: z.number().int().min(0) }),
  }, (args) => forward('room_engine_http_mic/pick_user_on_seat', args));
  return s;
}

const httpPort = process.argv.indexOf('--http');
if (httpPort >= 0) {
  // Stateless Streamable HTTP: a fresh server per request, as the real server serves 2026-era clients.
  const { createServer } = await import('node:http');
  const { NodeStreamableHTTPServerTransport } = await import('@modelcontextprotocol/node');
  const http = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const s = server();
    res.on('close', () => { transport.close(); s.close(); });
    await s.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  http.listen(Number(process.argv[httpPort + 1] ?? 0), '127.0.0.1', () => process.stderr.write(`thin proxy on http://127.0.0.1:${http.address().port}/mcp\n`));
} else {
  const transport = new StdioServerTransport();
  transport.onclose = () => process.exit(0);
  await server().connect(transport);
}
