// Authentication on /mcp: the static bearer token, and OAuth resource-server mode with JWTs signed
// by a test authorization server (a key pair made here, its metadata and JWKS served on loopback).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InsufficientScopeError } from '@modelcontextprotocol/client';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issuerMetadataUrls } from '../../src/http/oauth.js';
import { connectHttp, INITIALIZE, JSON_HEADERS, raw, startStack, text, type McpConnection } from '../helpers/http.js';

type Stack = Awaited<ReturnType<typeof startStack>>;
const ROOM = 'live_music_night';
const TOKEN = 'static-token-for-tests-0123456789abcdef';

describe('static bearer token', () => {
  let stack: Stack | undefined;
  let conn: McpConnection | undefined;
  afterEach(async () => {
    await conn?.close().catch(() => {});
    conn = undefined;
    await stack?.close();
    stack = undefined;
  });

  it('401 with WWW-Authenticate: Bearer without a token, with a wrong one, and with another scheme', async () => {
    stack = await startStack({ token: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`, `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`]) {
      const r = await raw(stack.url, { headers: { ...JSON_HEADERS, ...(authorization && { authorization }) }, body: INITIALIZE });
      expect(r.status, String(authorization)).toBe(401);
      expect(String(r.headers['www-authenticate'])).toMatch(/^Bearer /);
      expect(r.body).not.toContain(TOKEN);
    }
    expect(stack.sandbox.requests).toEqual([]);
  });

  it('the right token serves both eras, and the audit log names the caller "static-token"', async () => {
    stack = await startStack({ token: TOKEN });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const modern = await connectHttp(stack.url, { era: 'modern', headers });
    expect((await modern.client.callTool({ name: 'get_room_list', arguments: {} })).isError).toBeFalsy();
    await modern.close();
    conn = await connectHttp(stack.url, { era: 'legacy', headers, elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await conn.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' } });
    expect(r.isError, text(r)).toBeFalsy();
    const callers = new Set(stack.audit.records.map((x) => x.caller));
    expect(callers).toEqual(new Set(['static-token']));
    expect(JSON.stringify(stack.audit.records)).not.toContain(TOKEN);
  });

  it('a session opened with the token cannot be used without it', async () => {
    stack = await startStack({ token: TOKEN });
    conn = await connectHttp(stack.url, { era: 'legacy', headers: { authorization: `Bearer ${TOKEN}` } });
    const sid = conn.transport.sessionId!;
    const r = await raw(stack.url, { headers: { ...JSON_HEADERS, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }) });
    expect(r.status).toBe(401);
  });

  it('the static token is registered as a secret: the logs never show it', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../src/logger.js');
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    stack = await startStack({ token: TOKEN, logger });
    logger.info('echo', { value: `Bearer ${TOKEN}` });
    await raw(stack.url, { headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` }, body: INITIALIZE });
    await raw(stack.url, { headers: { ...JSON_HEADERS, authorization: 'Bearer nope-nope-nope' }, body: INITIALIZE });
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).toContain('[redacted]');
  });
});

describe('OAuth resource server (JWT access tokens)', () => {
  let as: Server;
  let issuer: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  const KID = 'test-key-1';
  const AUDIENCE = 'https://live-mcp.example.com/mcp';
  let stack: Stack | undefined;
  let conn: McpConnection | undefined;
  const asHits: string[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
    as = createServer((req, res) => {
      asHits.push(req.url ?? '');
      const body =
        req.url === '/.well-known/oauth-authorization-server'
          ? { issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, response_types_supported: ['code'] }
          : req.url === '/jwks'
            ? { keys: [jwk] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    await new Promise<void>((resolve) => as.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(as.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((resolve) => as.close(resolve)); });
  afterEach(async () => {
    await conn?.close().catch(() => {});
    conn = undefined;
    await stack?.close();
    stack = undefined;
  });

  const oauthStack = () => startStack({ oauth: { issuer, audience: AUDIENCE }, publicUrl: AUDIENCE });

  async function token(o: { scope?: string; sub?: string; aud?: string; iss?: string; exp?: number | string; key?: CryptoKey } = {}) {
    const jwt = new SignJWT({ scope: o.scope ?? 'live:read', client_id: 'test-client' })
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'at+jwt' })
      .setIssuer(o.iss ?? issuer)
      .setAudience(o.aud ?? AUDIENCE)
      .setSubject(o.sub ?? 'alice@example.com')
      .setIssuedAt()
      .setExpirationTime(o.exp ?? '5m');
    return jwt.sign(o.key ?? privateKey);
  }
  const bearer = async (o: Parameters<typeof token>[0] = {}) => ({ authorization: `Bearer ${await token(o)}` });
  // The test server is reached on 127.0.0.1 but its public URL is AUDIENCE: send that Host.
  const publicHost = { host: new URL(AUDIENCE).host };
  const callKick = (headers: Record<string, string>, url: string) =>
    raw(url, {
      headers: { ...JSON_HEADERS, ...publicHost, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' } } }),
    });

  it('the issuer metadata locations follow RFC 8414 and OpenID discovery', () => {
    expect(issuerMetadataUrls('https://id.example.com/')).toEqual(['https://id.example.com/.well-known/oauth-authorization-server', 'https://id.example.com/.well-known/openid-configuration']);
    expect(issuerMetadataUrls('https://id.example.com/tenant')).toEqual([
      'https://id.example.com/.well-known/oauth-authorization-server/tenant',
      'https://id.example.com/tenant/.well-known/openid-configuration',
      'https://id.example.com/.well-known/openid-configuration/tenant',
    ]);
  });

  it('serves Protected Resource Metadata at the root and path-suffixed locations', async () => {
    stack = await oauthStack();
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const r = await raw(stack.url, { method: 'GET', path, headers: publicHost });
      expect(r.status, path).toBe(200);
      expect(JSON.parse(r.body)).toEqual({
        resource: AUDIENCE,
        authorization_servers: [issuer],
        scopes_supported: ['live:read', 'live:write', 'live:admin'],
        bearer_methods_supported: ['header'],
        resource_name: 'tencent-live-mcp',
      });
    }
  });

  it('the metadata document is readable from any browser origin', async () => {
    stack = await oauthStack();
    const r = await raw(stack.url, { method: 'GET', path: '/.well-known/oauth-protected-resource/mcp', headers: { ...publicHost, origin: 'https://inspector.example.org' } });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    // …while /mcp itself still refuses that origin.
    const mcp = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, origin: 'https://inspector.example.org', ...(await bearer()) }, body: INITIALIZE });
    expect(mcp.status).toBe(403);
  });

  it('a 2025-era session belongs to the subject that opened it', async () => {
    stack = await oauthStack();
    conn = await connectHttp(stack.url, { era: 'legacy', headers: await bearer({ sub: 'alice@example.com' }) });
    const sid = conn.transport.sessionId!;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' });
    const asBob = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, ...(await bearer({ sub: 'bob@example.com' })), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, body: list });
    expect(asBob.status).toBe(404);
    const asAlice = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, ...(await bearer({ sub: 'alice@example.com' })), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, body: list });
    expect(asAlice.status).toBe(200);
  });

  it('401 without a token points at the metadata document', async () => {
    stack = await oauthStack();
    const r = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost }, body: INITIALIZE });
    expect(r.status).toBe(401);
    const challenge = String(r.headers['www-authenticate']);
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('resource_metadata="https://live-mcp.example.com/.well-known/oauth-protected-resource/mcp"');
  });

  it('a live:read token lists tools and reads rooms in both eras, with the subject in the audit log for nothing read', async () => {
    stack = await oauthStack();
    for (const era of ['modern', 'legacy'] as const) {
      const c = await connectHttp(stack.url, { era, headers: { ...(await bearer({ scope: 'live:read' })) } });
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name)).toContain('kick_user_off_seat');
      const r = await c.client.callTool({ name: 'get_room_list', arguments: { Count: 5 } });
      expect(r.isError, text(r)).toBeFalsy();
      await c.close();
    }
    expect(stack.sent('get_room_list')).toHaveLength(2);
  });

  it('a live:read token calling a destructive tool gets 403 insufficient_scope naming live:admin, and nothing is sent', async () => {
    stack = await oauthStack();
    const r = await callKick(await bearer({ scope: 'live:read' }), stack.url);
    expect(r.status).toBe(403);
    const challenge = String(r.headers['www-authenticate']);
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="live:admin"');
    expect(challenge).toContain('resource_metadata="https://live-mcp.example.com/.well-known/oauth-protected-resource/mcp"');
    expect(JSON.parse(r.body)).toMatchObject({ error: 'insufficient_scope' });

    // The SDK client surfaces the same challenge as a typed error, in either era.
    for (const era of ['modern', 'legacy'] as const) {
      const c = await connectHttp(stack.url, { era, headers: await bearer({ scope: 'live:read live:write' }), elicit: () => ({ action: 'accept', content: { confirm: true } }) });
      await expect(c.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' } })).rejects.toBeInstanceOf(InsufficientScopeError);
      await c.close();
    }
    expect(stack.sent('kick_user_off_seat')).toEqual([]);
    expect(stack.audit.records).toEqual([]);
  });

  it('live:write covers writes but not destructive tools; live:admin covers everything', async () => {
    stack = await oauthStack();
    const write = await bearer({ scope: 'live:write' });
    const pick = (headers: Record<string, string>) =>
      raw(stack!.url, {
        headers: { ...JSON_HEADERS, ...publicHost, ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'pick_user_on_seat', arguments: { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 } } }),
      });
    expect((await pick(await bearer({ scope: 'live:read' }))).status).toBe(403);
    expect((await callKick(write, stack.url)).status).toBe(403);
    const admin = await connectHttp(stack.url, { era: 'modern', headers: await bearer({ scope: 'live:admin', sub: 'root-operator' }), elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    const r = await admin.client.callTool({ name: 'kick_user_off_seat', arguments: { RoomId: ROOM, Member_Account: 'guest_omar', Data: '' } });
    expect(r.isError, text(r)).toBeFalsy();
    await admin.close();
    expect(stack.sent('kick_user_off_seat')).toHaveLength(1);
  });

  it('the audit log records the token subject as the caller of a write', async () => {
    stack = await oauthStack();
    conn = await connectHttp(stack.url, { era: 'legacy', headers: await bearer({ scope: 'live:write', sub: 'carol@example.com' }) });
    const r = await conn.client.callTool({ name: 'pick_user_on_seat', arguments: { RoomId: ROOM, Member_Account: 'viewer_ada', Index: 3 } });
    expect(r.isError, text(r)).toBeFalsy();
    const records = stack.audit.records.filter((x) => x.tool === 'pick_user_on_seat');
    expect(records.map((x) => x.event)).toEqual(['decision', 'intent', 'outcome']);
    expect(new Set(records.map((x) => x.caller))).toEqual(new Set(['carol@example.com']));
    expect(JSON.stringify(stack.audit.records)).not.toMatch(/eyJ/); // no JWT anywhere
    // Nothing of the client's token travels to Tencent.
    expect(JSON.stringify(stack.sandbox.requests)).not.toMatch(/eyJ|Bearer/);
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }, /expired/],
    ['wrong audience', { aud: 'https://someone-else.example.com/mcp' }, /audience/],
    ['wrong issuer', { iss: 'https://evil-issuer.example.com' }, /issuer/],
    ['bad signature', { key: undefined as unknown as CryptoKey, forge: true }, /signature/],
  ] as const)('%s token → 401 invalid_token', async (_name, o, why) => {
    stack = await oauthStack();
    const opts = 'forge' in o ? { key: otherKey } : o;
    const r = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, ...(await bearer(opts as Parameters<typeof token>[0])) }, body: INITIALIZE });
    expect(r.status).toBe(401);
    const challenge = String(r.headers['www-authenticate']);
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toMatch(why);
    expect(stack.sandbox.requests).toEqual([]);
  });

  it('a token with none of the live scopes is refused at the door with insufficient_scope', async () => {
    stack = await oauthStack();
    const r = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, ...(await bearer({ scope: 'openid profile' })) }, body: INITIALIZE });
    expect(r.status).toBe(403);
    expect(String(r.headers['www-authenticate'])).toContain('scope="live:read"');
  });

  it('an unsigned (alg none) or HMAC token is refused', async () => {
    stack = await oauthStack();
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { iss: issuer, aud: AUDIENCE, sub: 'mallory', scope: 'live:admin', exp: Math.floor(Date.now() / 1000) + 300 };
    const none = `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(new TextEncoder().encode('guessable-secret-guessable-secret'));
    for (const t of [none, hmac, 'not-a-jwt']) {
      const r = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, authorization: `Bearer ${t}` }, body: INITIALIZE });
      expect(r.status, t).toBe(401);
    }
  });

  it('an unreachable issuer answers 503, not 401, and recovers once keys can be fetched', async () => {
    stack = await startStack({ oauth: { issuer, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:9/jwks' }, publicUrl: AUDIENCE });
    const r = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, ...(await bearer()) }, body: INITIALIZE });
    expect(r.status).toBe(503);
    await stack.close();
    stack = await startStack({ oauth: { issuer, audience: AUDIENCE, jwksUrl: `${issuer}/jwks` }, publicUrl: AUDIENCE });
    const ok = await raw(stack.url, { headers: { ...JSON_HEADERS, ...publicHost, ...(await bearer()) }, body: INITIALIZE });
    expect(ok.status).toBe(200);
  });
});
