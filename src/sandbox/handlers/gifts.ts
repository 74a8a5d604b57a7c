// live_engine_http_srv gift catalogue: gifts, categories, their localized texts and relations, and
// send_gift. The catalogue is app-wide (one per SDKAppID), not per room. Codes from
// docs/reference/tencent-live-api.md §3 and §5 "gifts". The 1/s limit of the configuration
// APIs (100012) is applied by the dispatcher's rate limiter before a handler runs.
//
// Where the reference was unsure, and what the sandbox chose (docs/api-decisions.md, "gifts"):
// - 102001 (gift capability off) answers every gift API once setGiftCapability(state, false) has
//   been called; 102008 answers send_gift in a room switched off with setRoomGiftSwitch. Both are
//   off-by-default switches kept beside the state, which has no field for them.
// - An existing GiftId / CategoryId on add_* is 100002 (no code documented); an unknown GiftId is
//   102002 wherever it is named; an unknown CategoryId is 100002 (no category code documented).
// - edit_* replaces the fields sent and keeps the optional ones left out (Tencent's own console
//   sends partial edits); the tools tell the model to send the whole definition anyway.
// - A language, or a relation, that is not there is deleted without error.
// - get_*_language for a language without text answers empty strings.
// - get_gift_category_relations (trtc.io/document/72853) answers {Relation: {CategoryId, GiftIdList}};
//   an unknown CategoryId is 100002, as for the other category reads.
// - copy_default_gift_config (trtc.io/document/74360) refuses with 102010 while any gift or category
//   exists (languages and relations hang off those, so they cannot exist alone), and otherwise
//   installs default-gift-config.ts. Its 1 call / 10 s is the catalog's 0.1/s, applied like 1/s.
import { CODES, SandboxError, invalidParameter } from '../errors.js';
import { GIFT_LANGUAGES, MESSAGE_LOG_CAP, type Gift, type GiftCategory, type LiveRoom, type SandboxState } from '../state.js';
import { defaultGiftConfig } from '../default-gift-config.js';
import type { Handler, HandlerMap } from './types.js';
import { applyDefined, fields, isJsonText, type Fields } from './validate.js';

/** "A gift may belong to at most 3 categories" (get_gift_language doc note). */
export const MAX_CATEGORIES_PER_GIFT = 3;

const q = JSON.stringify;

const capabilityOff = new WeakSet<SandboxState>();
const roomsWithGiftsOff = new WeakSet<LiveRoom>();
/** Per room, per sender: gifts sent and their coin value (get_gift_count, trtc.io/document/72557). */
const senderTallies = new WeakMap<LiveRoom, Map<string, { count: number; coins: number }>>();

/** Plays a package with or without the gift capability (102001 on every gift API when off). */
export function setGiftCapability(state: SandboxState, enabled: boolean): void {
  if (enabled) capabilityOff.delete(state);
  else capabilityOff.add(state);
}

/** Switches gifts on or off for one live room (send_gift answers 102008 when off). */
export function setRoomGiftSwitch(state: SandboxState, roomId: string, enabled: boolean): void {
  const room = state.requireRoom(roomId);
  if (enabled) roomsWithGiftsOff.delete(room);
  else roomsWithGiftsOff.add(room);
}

/**
 * Validation first (100002 naming the field), then the package check (102001), then the call's
 * semantics: a refused call leaves the catalogue untouched.
 */
function giftApi<A>(parse: (f: Fields) => A, run: (state: SandboxState, args: A, now: number) => Record<string, unknown>): Handler {
  return ({ state, body, now }) => {
    const args = parse(fields(body));
    if (capabilityOff.has(state)) {
      throw new SandboxError(CODES.GIFT_CAPABILITY_OFF, 'the gift capability is not enabled for this SDKAppID; check the purchased package');
    }
    return run(state, args, now);
  };
}

const giftIdOf = (f: Fields, name = 'GiftId') => f.str(name, { maxBytes: 20 });
const languageOf = (f: Fields) => f.str('Language', { oneOf: GIFT_LANGUAGES });

function requireGift(state: SandboxState, id: string): Gift {
  const gift = state.gifts.get(id);
  if (!gift) throw new SandboxError(CODES.GIFT_NOT_FOUND, `gift ${q(id)} does not exist in the gift catalogue`);
  return gift;
}

function requireCategory(state: SandboxState, id: string): GiftCategory {
  const cat = state.giftCategories.get(id);
  if (!cat) throw invalidParameter(`CategoryId ${q(id)} does not exist in the gift catalogue`);
  return cat;
}

// --- gifts -----------------------------------------------------------------------------------

interface GiftFields {
  GiftId: string;
  Coins: number;
  DefaultName: string;
  IconUrl?: string;
  ResourceUrl?: string;
  Level?: number;
  ExtensionInfo?: string;
  DefaultDesc?: string;
}

function parseGift(f: Fields): GiftFields {
  const gift: GiftFields = {
    GiftId: giftIdOf(f),
    IconUrl: f.optStr('IconUrl', { maxBytes: 200 }),
    ResourceUrl: f.optStr('ResourceUrl', { maxBytes: 200 }),
    Coins: f.int('Coins', { min: 0 }),
    Level: f.optInt('Level', { min: 0 }),
    ExtensionInfo: f.optStr('ExtensionInfo', { maxBytes: 100 }),
    DefaultName: f.str('DefaultName', { maxBytes: 20 }),
    DefaultDesc: f.optStr('DefaultDesc', { maxBytes: 20 }),
  };
  if (gift.ExtensionInfo && !isJsonText(gift.ExtensionInfo)) {
    throw invalidParameter(`ExtensionInfo must be a JSON string (or empty); got ${q(gift.ExtensionInfo)}`);
  }
  return gift;
}

/** The vendor-shaped definition (get_gift's GiftInfo): everything but the language map. */
function renderGift(g: Gift): Record<string, unknown> {
  const { languages: _languages, ...definition } = g;
  return definition;
}

const addGift = giftApi(parseGift, (state, a) => {
  if (state.gifts.has(a.GiftId)) throw invalidParameter(`GiftId ${q(a.GiftId)} already exists; change it with edit_gift`);
  state.gifts.set(a.GiftId, {
    GiftId: a.GiftId, IconUrl: a.IconUrl ?? '', ResourceUrl: a.ResourceUrl ?? '', Coins: a.Coins, Level: a.Level ?? 0,
    ExtensionInfo: a.ExtensionInfo ?? '', DefaultName: a.DefaultName, DefaultDesc: a.DefaultDesc ?? '', languages: new Map(),
  });
  return {};
});

const editGift = giftApi(parseGift, (state, a) => {
  applyDefined(requireGift(state, a.GiftId), a);
  return {};
});

const delGift = giftApi((f) => giftIdOf(f), (state, id) => {
  requireGift(state, id);
  state.gifts.delete(id);
  // A deleted gift leaves its shelves too; otherwise get_gift_info_list would list a dangling id.
  for (const cat of state.giftCategories.values()) cat.giftIds.delete(id);
  return {};
});

const getGift = giftApi((f) => giftIdOf(f), (state, id) => ({ GiftInfo: renderGift(requireGift(state, id)) }));

// "Get Gift Statistics" (trtc.io/document/72557): one sender's gifts in one room. The page does not
// say what GiftSenderCount counts for a single sender; the sandbox answers the room's distinct senders.
const getGiftCount = giftApi((f) => ({ roomId: f.roomId(), from: f.str('From_Account') }), (state, a) => {
  const room = state.requireRoom(a.roomId);
  const tally = senderTallies.get(room)?.get(a.from) ?? { count: 0, coins: 0 };
  return { Response: { Sequence: 1, TotalCount: tally.count, TotalCoins: tally.coins, GiftSenderCount: room.stats.giftSenders.size } };
});

// Tencent's admin console sends "zh"; the sandbox reads it as Simplified Chinese.
const getGiftInfoList = giftApi((f) => {
  const raw = f.optStr('Language', { oneOf: [...GIFT_LANGUAGES, 'zh'] });
  return raw === 'zh' ? 'zh-Hans' : raw as (typeof GIFT_LANGUAGES)[number] | undefined;
}, (state, lang) => {
  const GiftList = [...state.gifts.values()].map((g) => {
    const text = lang === undefined ? undefined : g.languages.get(lang);
    // Name/Desc: what Tencent's console reads from each entry; the localized text, else the default.
    return { ...renderGift(g), Name: text?.Name ?? g.DefaultName, Desc: text?.Desc ?? g.DefaultDesc };
  });
  const CategoryList = [...state.giftCategories.values()].map((c) => {
    const text = lang === undefined ? undefined : c.languages.get(lang);
    return {
      CategoryId: c.CategoryId,
      CategoryName: text?.CategoryName ?? c.DefaultName,
      CategoryDesc: text?.CategoryDesc ?? c.DefaultDesc,
      GiftIdList: [...c.giftIds],
    };
  });
  return { Response: { GiftList, CategoryList, TotalCount: GiftList.length } };
});

const getGiftLanguage = giftApi((f) => ({ id: giftIdOf(f), lang: languageOf(f) }), (state, { id, lang }) => {
  const text = requireGift(state, id).languages.get(lang);
  return { GiftInfo: { Name: text?.Name ?? '', Desc: text?.Desc ?? '' } };
});

const setGiftLanguage = giftApi(
  (f) => ({ id: giftIdOf(f), lang: languageOf(f), Name: f.optStr('Name', { maxBytes: 20 }), Desc: f.optStr('Desc', { maxBytes: 20 }) }),
  (state, a) => {
    // trtc.io/document/72854: Name is required on the first set of a language; later sets change
    // only the fields they carry.
    const gift = requireGift(state, a.id);
    const prev = gift.languages.get(a.lang);
    if (!prev && a.Name === undefined) throw invalidParameter(`Name is required the first time language ${q(a.lang)} is set`);
    gift.languages.set(a.lang, { Name: a.Name ?? prev!.Name, Desc: a.Desc ?? prev?.Desc ?? '' });
    return {};
  },
);

const delGiftLanguage = giftApi((f) => ({ id: giftIdOf(f), lang: languageOf(f) }), (state, { id, lang }) => {
  requireGift(state, id).languages.delete(lang);
  return {};
});

// --- categories ------------------------------------------------------------------------------

function parseCategory(f: Fields) {
  return {
    CategoryId: f.str('CategoryId'),
    DefaultName: f.str('DefaultName'),
    DefaultDesc: f.optStr('DefaultDesc'),
    ExtensionInfo: f.optStr('ExtensionInfo'),
  };
}

const addGiftCategory = giftApi(parseCategory, (state, a) => {
  if (state.giftCategories.has(a.CategoryId)) {
    throw invalidParameter(`CategoryId ${q(a.CategoryId)} already exists; change it with edit_gift_category`);
  }
  state.giftCategories.set(a.CategoryId, {
    CategoryId: a.CategoryId, DefaultName: a.DefaultName, DefaultDesc: a.DefaultDesc ?? '', ExtensionInfo: a.ExtensionInfo ?? '',
    giftIds: new Set(), languages: new Map(),
  });
  return {};
});

const editGiftCategory = giftApi(parseCategory, (state, a) => {
  const cat = requireCategory(state, a.CategoryId);
  cat.DefaultName = a.DefaultName;
  if (a.DefaultDesc !== undefined) cat.DefaultDesc = a.DefaultDesc;
  if (a.ExtensionInfo !== undefined) cat.ExtensionInfo = a.ExtensionInfo;
  return {};
});

const delGiftCategory = giftApi((f) => f.str('CategoryId'), (state, id) => {
  requireCategory(state, id);
  // The gifts stay in the catalogue; only the shelf (and its relations) goes.
  state.giftCategories.delete(id);
  return {};
});

const getGiftCategory = giftApi((f) => f.str('CategoryId'), (state, id) => {
  const c = requireCategory(state, id);
  return { GiftCategoryInfo: { CategoryId: c.CategoryId, ExtensionInfo: c.ExtensionInfo, DefaultName: c.DefaultName, DefaultDesc: c.DefaultDesc } };
});

const categoryLanguageArgs = (f: Fields) => ({ id: f.str('CategoryId'), lang: languageOf(f) });

const getGiftCategoryLanguage = giftApi(categoryLanguageArgs, (state, { id, lang }) => {
  const text = requireCategory(state, id).languages.get(lang);
  return { CategoryInfo: { CategoryName: text?.CategoryName ?? '', CategoryDesc: text?.CategoryDesc ?? '' } };
});

const setGiftCategoryLanguage = giftApi(
  (f) => ({ ...categoryLanguageArgs(f), CategoryName: f.optStr('CategoryName'), CategoryDesc: f.optStr('CategoryDesc') }),
  (state, a) => {
    // trtc.io/document/72857: CategoryName is required on the first set of a language; later sets
    // change only the fields they carry.
    const cat = requireCategory(state, a.id);
    const prev = cat.languages.get(a.lang);
    if (!prev && a.CategoryName === undefined) throw invalidParameter(`CategoryName is required the first time language ${q(a.lang)} is set`);
    cat.languages.set(a.lang, { CategoryName: a.CategoryName ?? prev!.CategoryName, CategoryDesc: a.CategoryDesc ?? prev?.CategoryDesc ?? '' });
    return {};
  },
);

const delGiftCategoryLanguage = giftApi(categoryLanguageArgs, (state, { id, lang }) => {
  requireCategory(state, id).languages.delete(lang);
  return {};
});

const relationArgs = (f: Fields) => ({
  id: f.str('CategoryId'),
  gifts: [...new Set(f.strList('GiftIdList', { minItems: 1, item: { maxBytes: 20 } }))],
});

const addGiftCategoryRelations = giftApi(relationArgs, (state, { id, gifts }) => {
  const cat = requireCategory(state, id);
  for (const g of gifts) requireGift(state, g);
  // Check every gift before attaching any, so a refusal attaches none.
  for (const g of gifts) {
    if (cat.giftIds.has(g)) continue;
    const on = [...state.giftCategories.values()].filter((c) => c.giftIds.has(g)).map((c) => c.CategoryId);
    if (on.length >= MAX_CATEGORIES_PER_GIFT) {
      throw invalidParameter(`gift ${q(g)} is already on ${MAX_CATEGORIES_PER_GIFT} categories (${on.map((c) => q(c)).join(', ')}); a gift may be on at most ${MAX_CATEGORIES_PER_GIFT}`);
    }
  }
  for (const g of gifts) cat.giftIds.add(g);
  return {};
});

const delGiftCategoryRelations = giftApi(relationArgs, (state, { id, gifts }) => {
  const cat = requireCategory(state, id);
  for (const g of gifts) cat.giftIds.delete(g);
  return {};
});

const getGiftCategoryRelations = giftApi((f) => f.str('CategoryId'), (state, id) => {
  const c = requireCategory(state, id);
  return { Relation: { CategoryId: c.CategoryId, GiftIdList: [...c.giftIds] } };
});

// The page's request is {}: nothing to read from the body, but giftApi still checks the package.
const copyDefaultGiftConfig = giftApi(() => undefined, (state) => {
  if (state.gifts.size > 0 || state.giftCategories.size > 0) {
    throw new SandboxError(CODES.GIFT_CONFIG_EXISTS,
      `gift configuration already exists (${state.gifts.size} gift(s), ${state.giftCategories.size} category(ies)); delete it all before installing the default`);
  }
  const { gifts, categories } = defaultGiftConfig();
  for (const g of gifts) state.gifts.set(g.GiftId, g);
  for (const c of categories) state.giftCategories.set(c.CategoryId, c);
  return {};
});

// --- sending ---------------------------------------------------------------------------------

const sendGift = giftApi(
  (f) => ({
    roomId: f.roomId(),
    giftId: giftIdOf(f),
    count: f.optInt('Count', { min: 1 }) ?? 1,
    from: f.str('From_Account'),
    to: f.accountList('ReceiverList_Account'),
  }),
  (state, a, now) => {
    const room = state.requireRoom(a.roomId);
    if (roomsWithGiftsOff.has(room)) throw new SandboxError(CODES.GIFT_SWITCH_OFF, `gifts are switched off in room ${q(a.roomId)}`);
    const gift = requireGift(state, a.giftId);
    // Each receiver gets Count gifts: the statistics count gifts received, and their coin value.
    const received = a.count * a.to.length;
    room.stats.TotalGiftsSent += received;
    room.stats.TotalGiftCoins += received * gift.Coins;
    room.stats.giftSenders.add(a.from);
    const tallies = senderTallies.get(room) ?? new Map<string, { count: number; coins: number }>();
    senderTallies.set(room, tallies);
    const mine = tallies.get(a.from) ?? { count: 0, coins: 0 };
    tallies.set(a.from, { count: mine.count + received, coins: mine.coins + received * gift.Coins });
    // A gift is a room message but not chat, so TotalMsgCount (what recordMessage bumps) stays.
    room.messages.push({ kind: 'gift', Sender_Account: a.from, payload: { GiftId: a.giftId, Count: a.count, ReceiverList_Account: a.to }, at: now });
    if (room.messages.length > MESSAGE_LOG_CAP) room.messages.splice(0, room.messages.length - MESSAGE_LOG_CAP);
    return {};
  },
);

export const giftHandlers = {
  add_gift: addGift,
  edit_gift: editGift,
  del_gift: delGift,
  get_gift: getGift,
  get_gift_count: getGiftCount,
  get_gift_info_list: getGiftInfoList,
  get_gift_language: getGiftLanguage,
  set_gift_language: setGiftLanguage,
  del_gift_language: delGiftLanguage,
  add_gift_category: addGiftCategory,
  edit_gift_category: editGiftCategory,
  del_gift_category: delGiftCategory,
  get_gift_category: getGiftCategory,
  get_gift_category_language: getGiftCategoryLanguage,
  set_gift_category_language: setGiftCategoryLanguage,
  del_gift_category_language: delGiftCategoryLanguage,
  add_gift_category_relations: addGiftCategoryRelations,
  del_gift_category_relations: delGiftCategoryRelations,
  get_gift_category_relations: getGiftCategoryRelations,
  copy_default_gift_config: copyDefaultGiftConfig,
  send_gift: sendGift,
} satisfies HandlerMap;
