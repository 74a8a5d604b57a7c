// The sandbox over real loopback HTTP: signed requests (our genUserSig and Tencent's reference
// package), envelope on the wire, state changes across requests, keep-alive, and clean shutdown.
import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src/catalog/endpoints.js';
import { createSandbox, type SandboxServer } from '../../src/sandbox/index.js';
import { type Envelope, pathOf, signedQuery } from '../helpers/sandbox.js';

const require = createRequire(import.meta.url);
const TLSSigAPIv2 = require('tls-sig-api-v2') as { Api: new (sdkappid: number, key: string) => { genUserSig(id: string, expire: number): string } };

interface Reply { status: number; headers: IncomingHttpHeaders; body: Envelope; reusedSocket: boolean }

/** One request with node:http, so the test can see whether the socket was reused. */
function post(url: string, opts: { method?: string; body?: string; agent?: Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'POST', agent: opts.agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope,
        reusedSocket: req.reusedSocket,
      }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('sandbox over loopback HTTP', () => {
  // Real clock: the reference package signs with Date.now() and cannot be given a time.
  const sb = createSandbox({ rateLimits: false });
  let server: SandboxServer;
  const urlFor = (name: EndpointName, query = signedQuery(sb.credentials, Date.now())) => `${server.url}${pathOf(name)}?${query}`;

  beforeAll(async () => {
    server = await sb.listen();
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 on a free port by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a request signed with genUserSig: HTTP 200, JSON, the OK envelope', async () => {
    const res = await post(urlFor('get_room_list'), { body: JSON.stringify({ Next: '', Count: 3 }) });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(res.body.Response.RoomList.map((r: { RoomId: string }) => r.RoomId)).toEqual(['live_music_night', 'live_cooking_show', 'voice_chat_lounge']);
    expect(res.body.Response.Next).not.toBe('');
  });

  it('accepts a UserSig from Tencent\'s reference package (tls-sig-api-v2)', async () => {
    const usersig = new TLSSigAPIv2.Api(sb.credentials.sdkAppId, sb.credentials.secretKey).genUserSig(sb.credentials.admin, 300);
    const query = new URLSearchParams({ sdkappid: String(sb.credentials.sdkAppId), identifier: sb.credentials.admin, usersig, random: '42', contenttype: 'json' });
    const res = await post(urlFor('get_room_info', query), { body: JSON.stringify({ RoomId: 'live_cooking_show' }) });
    expect(res.body).toMatchObject({ ActionStatus: 'OK', Response: { RoomInfo: { Owner_Account: 'chef_kai' } } });
  });

  it('reports failures in the body with HTTP 200', async () => {
    const wrongKey = signedQuery(sb.credentials, Date.now(), { signKey: 'not-the-key' });
    expect((await post(urlFor('get_room_info', wrongKey), { body: '{"RoomId":"x"}' })).body).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70009 });
    const get = await post(urlFor('get_room_info'), { method: 'GET' });
    expect(get).toMatchObject({ status: 200, body: { ActionStatus: 'FAIL', ErrorCode: 60002 } });
    const empty = await post(urlFor('get_room_info'));
    expect(empty.body.ErrorCode).toBe(60003);
    const unknown = await post(`${server.url}/v4/live_engine_http_srv/nope?${signedQuery(sb.credentials, Date.now())}`, { body: '{}' });
    expect(unknown.body.ErrorCode).toBe(60009);
  });

  it('changes made by one request are seen by the next (pick, then get_seat_list)', async () => {
    const pick = await post(urlFor('pick_user_on_seat'), { body: JSON.stringify({ RoomId: 'live_cooking_show', Member_Account: 'viewer_gus', Index: 3 }) });
    expect(pick.body.ErrorCode).toBe(0);
    const list = await post(urlFor('get_seat_list'), { body: JSON.stringify({ RoomId: 'live_cooking_show' }) });
    expect(list.body.Response.SeatList[3]).toMatchObject({ Member_Account: 'viewer_gus' });
    expect(sb.requests.at(-2)).toMatchObject({ command: 'pick_user_on_seat', path: '/v4/room_engine_http_mic/pick_user_on_seat', body: { Member_Account: 'viewer_gus' } });
  });

  it('keeps connections alive: a second request reuses the socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await post(urlFor('get_room_info'), { agent, body: '{"RoomId":"live_music_night"}' });
      const b = await post(urlFor('get_room_info'), { agent, body: '{"RoomId":"live_music_night"}' });
      expect(a.headers.connection).toBe('keep-alive');
      expect(a.reusedSocket).toBe(false);
      expect(b.reusedSocket).toBe(true);
      expect(b.body.ErrorCode).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it('works with fetch (undici), the client stack', async () => {
    const res = await fetch(urlFor('get_room_info'), { method: 'POST', body: '{"RoomId":"voice_chat_lounge"}' });
    expect(((await res.json()) as Envelope).Response.RoomInfo.MaxSeatCount).toBe(8);
  });

  it('refuses bodies over 1 MiB', async () => {
    const res = await post(urlFor('get_room_info'), { body: JSON.stringify({ RoomId: 'x'.repeat(1_100_000) }) });
    expect(res.status).toBe(413);
    expect(res.body.ActionStatus).toBe('FAIL');
  });
});

it('close() resolves promptly even while a keep-alive connection is open', async () => {
  const sb = createSandbox({ seed: 'empty' });
  const server = await sb.listen({ port: 0 });
  const agent = new Agent({ keepAlive: true });
  const url = `${server.url}${pathOf('get_room_list')}?${signedQuery(sb.credentials, Date.now())}`;
  expect((await post(url, { agent, body: '{"Next":"","Count":20}' })).body.Response).toEqual({ Next: '', RoomList: [] });
  // The keep-alive connection stays open until the agent is destroyed below: close() resolving
  // first is the proof (one that waited for the connection would hang past the test's timeout).
  await server.close();
  agent.destroy();
});
