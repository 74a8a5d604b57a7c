// live_config callback token (https://trtc.io/document/69528). The sandbox keeps the token per
// state; the first set must carry both fields (as the page says), later sets may change one.
// get_callback_token's page was not read: the sandbox answers Response { Token, IsTokenEnable }.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import type { SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';

const tokens = new WeakMap<SandboxState, { Token: string; IsTokenEnable: boolean }>();

const setCallbackToken: Handler = ({ state, body }) => {
  const cur = tokens.get(state);
  const Token = body.Token;
  const IsTokenEnable = body.IsTokenEnable;
  if (Token !== undefined && (typeof Token !== 'string' || Token.length === 0 || Token.length > 128)) throw invalidParameter('Token must be a string of 1 to 128 characters');
  if (IsTokenEnable !== undefined && typeof IsTokenEnable !== 'boolean') throw invalidParameter('IsTokenEnable must be a boolean');
  if (!cur && (Token === undefined || IsTokenEnable === undefined)) throw invalidParameter('the first set needs both Token and IsTokenEnable');
  tokens.set(state, { Token: (Token as string | undefined) ?? cur!.Token, IsTokenEnable: (IsTokenEnable as boolean | undefined) ?? cur!.IsTokenEnable });
  return {};
};

const getCallbackToken: Handler = ({ state }) => ({ Response: tokens.get(state) ?? { IsTokenEnable: false } });

// Callback URL and commands (https://tencentcloud.com/document/product/647/64420 set, 64418 get,
// 64419 update): one configuration per SDKAppID; set refuses when one exists (100300), get and
// update when none does (100301). Url must start with http/https, as the pages say.
const configs = new WeakMap<SandboxState, { Url: string; CallbackCommandList: string[] }>();

function readConfig(body: Record<string, unknown>): { Url: string; CallbackCommandList: string[] } {
  const { Url, CallbackCommandList } = body;
  if (typeof Url !== 'string' || !/^https?:\/\//i.test(Url)) throw invalidParameter('Url must start with http:// or https://');
  if (!Array.isArray(CallbackCommandList) || !CallbackCommandList.every((c) => typeof c === 'string' && c.length > 0)) {
    throw invalidParameter('CallbackCommandList must be an array of callback commands');
  }
  return { Url, CallbackCommandList: [...CallbackCommandList] as string[] };
}

const setCallback: Handler = ({ state, body }) => {
  if (configs.has(state)) throw new SandboxError(CODES.CALLBACK_CONFIG_EXISTS, 'callback configuration already exists, use update_callback');
  configs.set(state, readConfig(body));
  return {};
};

const updateCallback: Handler = ({ state, body }) => {
  if (!configs.has(state)) throw new SandboxError(CODES.CALLBACK_CONFIG_MISSING, 'callback configuration does not exist, use set_callback');
  configs.set(state, readConfig(body));
  return {};
};

const getCallback: Handler = ({ state }) => {
  const c = configs.get(state);
  if (!c) throw new SandboxError(CODES.CALLBACK_CONFIG_MISSING, 'callback configuration does not exist, use set_callback');
  return { Response: { Url: c.Url, CallbackCommandList: [...c.CallbackCommandList] } };
};

export const liveConfigHandlers = {
  set_callback: setCallback,
  update_callback: updateCallback,
  get_callback: getCallback,
  set_callback_token: setCallbackToken,
  get_callback_token: getCallbackToken,
} satisfies HandlerMap;
