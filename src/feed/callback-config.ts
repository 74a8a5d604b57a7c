// Tencent's live callback authentication token, read and set from the agent so an operator can
// wire the feed up without the console. The token itself never passes through the model: set
// sends the server's own TENCENT_LIVE_CALLBACK_TOKEN, and get answers whether Tencent's token
// matches it, never the token. Page: https://trtc.io/document/69528 (set_callback_token: Token,
// "length is 128" read here as at most 128 characters; IsTokenEnable; both required the first time).
// The get page was not read: its answer is taken as Response { Token, IsTokenEnable } (what the set
// page's fields suggest) and anything else is passed through with any Token field removed.
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { RequestId } from '../tools/fields.js';
import { defineTool } from '../tools/types.js';
import { LocalRefusal } from './store.js';

const MAX_TOKEN = 128;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const callbackConfigTools = [
  defineTool({
    title: 'Check Tencent\'s callback authentication token',
    description:
      'Reads whether callback authentication is on at Tencent and whether Tencent\'s token matches this server\'s ' +
      'TENCENT_LIVE_CALLBACK_TOKEN (callbacks signed with another token are refused here). The token is never shown.',
    endpoint: ENDPOINTS.get_callback_token,
    input: z.strictObject({}),
    output: z.looseObject({ IsTokenEnable: z.boolean().optional(), TokenSet: z.boolean(), MatchesServerToken: z.boolean().optional(), RequestId }),
    effect: 'read',
    idempotent: true,
    notDone: 'The callback token settings were not read.',
    summarize: (_a, p) => `Callback authentication is ${p.IsTokenEnable ? 'on' : 'off'} at Tencent; ${p.TokenSet ? (p.MatchesServerToken ? 'its token matches this server\'s' : p.MatchesServerToken === false ? 'its token does NOT match this server\'s (signed callbacks will be refused)' : 'this server has no token to compare') : 'no token is set'}.`,
    async run(_args, rc) {
      const r = await rc.client.call(ENDPOINTS.get_callback_token, {}, { idempotent: true, signal: rc.ctx.mcpReq.signal });
      const raw = (r.body.Response && typeof r.body.Response === 'object' ? r.body.Response : r.body) as Record<string, unknown>;
      const { Token, ...rest } = raw;
      const token = typeof Token === 'string' ? Token : undefined;
      const mine = rc.feed?.callbackToken;
      return {
        body: { ...rest, TokenSet: Boolean(token), ...(token && mine !== undefined && { MatchesServerToken: sameToken(token, mine) }) },
        requestId: r.requestId,
      };
    },
  }),

  defineTool({
    title: 'Set Tencent\'s callback authentication token to this server\'s',
    description:
      'Turns callback authentication on (or off) at Tencent and, when turning it on, sets Tencent\'s token to this ' +
      'server\'s TENCENT_LIVE_CALLBACK_TOKEN, so Tencent signs every callback the way the receiver checks. The token ' +
      'never passes through the conversation. Turning it off lets anyone who finds the callback URL post fake events.',
    endpoint: ENDPOINTS.set_callback_token,
    input: z.strictObject({ IsTokenEnable: z.boolean().describe('true: Tencent signs callbacks with this server\'s token; false: it stops signing.') }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: true,
    notDone: 'Tencent\'s callback token settings were not changed.',
    checkWith: 'get_callback_token',
    confirm: {
      action: (a) => a.IsTokenEnable
        ? 'Set Tencent\'s callback authentication token to this server\'s token and turn authentication on.'
        : 'Turn Tencent\'s callback authentication OFF: callbacks will no longer be signed.',
      facts: (a) => [['Callback authentication', a.IsTokenEnable ? 'on (this server\'s token)' : 'off']],
    },
    summarize: (a) => a.IsTokenEnable ? 'Tencent now signs callbacks with this server\'s token.' : 'Callback authentication is off at Tencent.',
    async run(args, rc) {
      const token = rc.feed?.callbackToken;
      if (args.IsTokenEnable && token === undefined) throw new LocalRefusal('This server has no TENCENT_LIVE_CALLBACK_TOKEN to give Tencent; set it and restart.');
      if (token !== undefined && token.length > MAX_TOKEN) throw new LocalRefusal(`TENCENT_LIVE_CALLBACK_TOKEN is longer than the ${MAX_TOKEN} characters Tencent takes.`);
      const body = args.IsTokenEnable ? { Token: token, IsTokenEnable: true } : { IsTokenEnable: false };
      return rc.client.call(ENDPOINTS.set_callback_token, body, { idempotent: true, signal: rc.ctx.mcpReq.signal });
    },
  }),

  ...callbackUrlTools(),
];

/**
 * Where Tencent sends live-room callbacks and which ones: get_callback, set_callback (the first
 * time) and update_callback (later), https://tencentcloud.com/document/product/647/64418, 64420 and
 * 64419. Url must start with http/https (the pages); Tencent states no length for it or for the
 * command list, so the bounds below are this server's. Changing the URL redirects every room's
 * chat and member events, so set and update are destructive and ask first.
 */
function callbackUrlTools() {
  const Url = z.string().max(1024).regex(/^https?:\/\/\S+$/i, 'must start with http:// or https://')
    .describe('https recommended; this server receives at /tencent/callback.');
  const CallbackCommandList = z.array(z.string().regex(/^[A-Za-z]+\.[A-Za-z]+$/, 'a callback command such as Live.CallbackAfterMemberStateChanged'))
    .min(1).max(100)
    .describe('Commands to turn on, e.g. Live.CallbackAfterMemberStateChanged, Mic.CallbackAfterSeatInfoChanged.');
  const input = z.strictObject({ Url, CallbackCommandList });
  const confirm = (verb: string) => ({
    action: (a: z.infer<typeof input>) => `${verb} Tencent's live callback configuration: send ${a.CallbackCommandList.length} callback command(s) to ${JSON.stringify(a.Url)}.`,
    facts: (a: z.infer<typeof input>) => [['Callback URL', JSON.stringify(a.Url)], ['Commands', a.CallbackCommandList.join(', ')]] as Array<readonly [string, string]>,
  });
  return [
    defineTool({
      title: 'Read where Tencent sends live-room callbacks',
      description: 'Reads the live-room callback configuration: the URL Tencent POSTs callbacks to and which callback commands are on. Error 100301 means none is set yet (create it with set_callback).',
      endpoint: ENDPOINTS.get_callback,
      input: z.strictObject({}),
      output: z.looseObject({ Url: z.string().optional(), CallbackCommandList: z.array(z.string()).optional(), RequestId }),
      effect: 'read',
      idempotent: true,
      notDone: 'The callback configuration was not read.',
      summarize: (_a, p) => `Tencent sends ${Array.isArray(p.CallbackCommandList) ? p.CallbackCommandList.length : 0} callback command(s) to ${JSON.stringify(p.Url ?? '')}.`,
    }),
    defineTool({
      title: 'Create the live-room callback configuration',
      description: 'Creates the live-room callback configuration (first time only: error 100300 means one exists; change it with update_callback). Point Url at this server\'s /tencent/callback to feed get_room_events and the hold rules.',
      endpoint: ENDPOINTS.set_callback,
      input,
      output: z.looseObject({ RequestId }),
      effect: 'destructive',
      idempotent: false,
      notDone: 'No callback configuration was created.',
      checkWith: 'get_callback',
      confirm: confirm('Create'),
      summarize: (a) => `Tencent now sends ${a.CallbackCommandList.length} callback command(s) to ${JSON.stringify(a.Url)}.`,
    }),
    defineTool({
      title: 'Change the live-room callback configuration',
      description: 'Replaces the live-room callback URL and command list (error 100301 means none exists yet: use set_callback). Pointing it elsewhere stops this server\'s room event feed and hold rules.',
      endpoint: ENDPOINTS.update_callback,
      input,
      output: z.looseObject({ RequestId }),
      effect: 'destructive',
      idempotent: true,
      notDone: 'The callback configuration was not changed.',
      checkWith: 'get_callback',
      confirm: confirm('Replace'),
      summarize: (a) => `Tencent now sends ${a.CallbackCommandList.length} callback command(s) to ${JSON.stringify(a.Url)}.`,
    }),
  ];
}
