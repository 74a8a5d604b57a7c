// live_config callback token (https://trtc.io/document/69528). The sandbox keeps the token per
// state; the first set must carry both fields (as the page says), later sets may change one.
// get_callback_token's page was not read: the sandbox answers Response { Token, IsTokenEnable }.
import { invalidParameter } from '../errors.js';
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

export const liveConfigHandlers = {
  set_callback_token: setCallbackToken,
  get_callback_token: getCallbackToken,
} satisfies HandlerMap;
