// im_open_login_svc account_check (trtc.io/document/34956) and profile portrait_get / portrait_set
// (trtc.io/document/34917, 34916).
//
// Where the pages are silent, and what the sandbox chose:
// - account_check answers ResultCode 0 for every account and AccountStatus Imported / NotImported.
// - portrait_get: a non-imported account gets ResultCode 40003 in its item ("the requested account
//   does not exist", portrait_set's code table); the call itself succeeds. Tags never set answer
//   nothing for that tag. More than 100 accounts is 40001 (the page asks for at most 100).
// - portrait_set: a non-imported account is 40003, a malformed item 40001 (the page's table).
//   Values are stored as sent; no per-tag rules (nickname length etc.) are applied: the standard
//   profile field page was not read.
import { SandboxError, invalidParameter } from '../errors.js';
import { account, imState, isImported } from '../im/state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields } from './validate.js';

const q = JSON.stringify;
const PROFILE_BAD_REQUEST = 40001;
const PROFILE_NO_ACCOUNT = 40003;

const accountCheck: Handler = ({ state, body }) => {
  const f = fields(body);
  const items = f.obj.CheckItem;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
    throw invalidParameter('CheckItem must be an array of 1 to 100 {"UserID": …} objects (trtc.io/document/34956)');
  }
  const ResultItem = items.map((it) => {
    if (typeof it !== 'object' || it === null || Array.isArray(it)) throw invalidParameter('each CheckItem entry must be an object {"UserID": …}');
    const id = fields(it as Record<string, unknown>).str('UserID');
    return { UserID: id, ResultCode: 0, ResultInfo: '', AccountStatus: isImported(state, id) ? 'Imported' : 'NotImported' };
  });
  return { ResultItem };
};

// account_import / multiaccount_import (trtc.io/document/34953, 34954): an import of an existing
// account changes nothing but the nickname and avatar it carries; IDs over 32 bytes are refused
// (100002 for the single import, listed in FailAccounts for the batch).
const MAX_ID_BYTES = 32;

const accountImport: Handler = ({ state, body }) => {
  const f = fields(body);
  const id = f.str('UserID', { maxBytes: MAX_ID_BYTES });
  const nick = f.optStr('Nick', { allowEmpty: true });
  const face = f.optStr('FaceUrl', { allowEmpty: true });
  const profile = account(state, id).profile;
  if (nick !== undefined) profile.set('Tag_Profile_IM_Nick', nick);
  if (face !== undefined) profile.set('Tag_Profile_IM_Image', face);
  return {};
};

const multiAccountImport: Handler = ({ state, body }) => {
  const ids = fields(body).accountList('Accounts', 100);
  const FailAccounts = ids.filter((id) => Buffer.byteLength(id, 'utf8') > MAX_ID_BYTES);
  for (const id of ids) if (!FailAccounts.includes(id)) account(state, id);
  return { FailAccounts };
};

const portraitGet: Handler = ({ state, body }) => {
  const f = fields(body);
  const to = f.accountList('To_Account');
  if (to.length > 100) throw new SandboxError(PROFILE_BAD_REQUEST, `To_Account may hold at most 100 accounts; got ${to.length}`);
  const tags = f.accountList('TagList');
  const UserProfileItem = to.map((id) => {
    if (!isImported(state, id)) return { To_Account: id, ProfileItem: [], ResultCode: PROFILE_NO_ACCOUNT, ResultInfo: `account ${q(id)} does not exist` };
    const profile = imState(state).accounts.get(id)?.profile;
    const ProfileItem = tags.filter((t) => profile?.has(t)).map((t) => ({ Tag: t, Value: profile!.get(t) }));
    return { To_Account: id, ProfileItem, ResultCode: 0, ResultInfo: '' };
  });
  return { UserProfileItem };
};

const portraitSet: Handler = ({ state, body }) => {
  const f = fields(body);
  const id = f.str('From_Account');
  const items = f.obj.ProfileItem;
  if (!Array.isArray(items) || items.length === 0) throw new SandboxError(PROFILE_BAD_REQUEST, 'ProfileItem must be a non-empty array of {Tag, Value}');
  const parsed = items.map((it) => {
    const tag = (it as { Tag?: unknown })?.Tag;
    const value = (it as { Value?: unknown })?.Value;
    if (typeof tag !== 'string' || !/^Tag_Profile_(IM|Custom)_\w+$/.test(tag) || !(typeof value === 'string' || Number.isSafeInteger(value))) {
      throw new SandboxError(PROFILE_BAD_REQUEST, `ProfileItem entries need a Tag_Profile_… Tag and a string or integer Value; got ${q(it)}`);
    }
    return [tag, value as string | number] as const;
  });
  if (!isImported(state, id)) throw new SandboxError(PROFILE_NO_ACCOUNT, `account ${q(id)} does not exist`);
  const profile = account(state, id).profile;
  for (const [tag, value] of parsed) profile.set(tag, value);
  return {};
};

export const profileHandlers = {
  account_check: accountCheck,
  account_import: accountImport,
  multiaccount_import: multiAccountImport,
  portrait_get: portraitGet,
  portrait_set: portraitSet,
} satisfies HandlerMap;
