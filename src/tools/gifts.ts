// The app-wide gift catalogue (live_engine_http_srv): gift definitions, their localized texts, the
// catalogue listing, and send_gift, which gifts inside a room on a user's behalf. Categories are in
// gift-categories.ts; `giftTools` is the whole family.
//
// The catalogue is one per SDKAppID, not per room, so every change here shows in every room's
// gift panel. The gift get-APIs answer with top-level objects (GiftInfo, …) rather than under
// Response; results.ts merges both, so the output schemas name the top-level fields.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool, type FactLine } from './types.js';
import { RequestId, RoomId, UNDOCUMENTED_LIST_CAP, UserId, boundedId, boundedString, idString, isJsonText } from './fields.js';
import { countOf } from './format.js';
import {
  GIFT_LANGUAGES, GIFT_RATE_NOTE, INFERRED_NOTE, Language, UNDOCUMENTED_NOTE, catalogueFacts, giftCategoryTools, giftIdField, sentOrNot,
} from './gift-categories.js';

const q = JSON.stringify;

const GiftId = giftIdField('Gift ID from get_gift_info_list');

const isJsonOrEmpty = (s: string) => s === '' || isJsonText(s);

/** The definition fields add_gift documents; edit_gift takes the same (its table is inferred from add_gift). */
const giftDefinition = {
  IconUrl: boundedString(200, 'Gift-panel thumbnail URL').optional(),
  ResourceUrl: boundedString(200, 'Animation URL (e.g. mp4 or svga)').optional(),
  Coins: z.number().int().min(0).describe('Price in the app\'s virtual currency.'),
  Level: z.number().int().min(0).optional().describe('Default 0.'),
  ExtensionInfo: boundedString(100, 'App data: JSON text or ""')
    .refine(isJsonOrEmpty, { message: 'must be a JSON string (or empty)' })
    .optional(),
  DefaultName: boundedId(20, 'Shown where no localized name is set'),
  DefaultDesc: boundedString(20, 'Default description').optional(),
};

const GiftDefinition = z.looseObject({
  GiftId: z.string(),
  IconUrl: z.string().optional(),
  ResourceUrl: z.string().optional(),
  Coins: z.number().optional(),
  Level: z.number().optional(),
  ExtensionInfo: z.string().optional(),
  DefaultName: z.string().optional(),
  DefaultDesc: z.string().optional(),
});

const giftFacts = (id: string): FactLine[] => catalogueFacts('Gift', id);

const giftOnlyTools = [
  defineTool({
    title: 'Create a gift',
    description:
      'Creates a gift in the app-wide catalogue; it shows in gift panels once on a category ' +
      '(add_gift_category_relations). An existing GiftId is refused (check get_gift_info_list; change one with ' +
      `edit_gift). ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.add_gift,
    input: z.strictObject({ GiftId: giftIdField('New ID, unique in the app'), ...giftDefinition }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'No gift was created.',
    checkWith: 'get_gift',
    summarize: (a) => `Gift ${q(a.GiftId)} was created at ${a.Coins} coin(s).`,
  }),

  defineTool({
    title: 'Overwrite a gift',
    description:
      'Overwrites a gift\'s definition app-wide. Destructive (old definition lost; a price change affects every ' +
      'sender): a human confirms. Read get_gift first and resend every field to keep; omitted ones may be reset. ' +
      `${UNDOCUMENTED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.edit_gift,
    input: z.strictObject({ GiftId, ...giftDefinition }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: true,
    notDone: 'The gift was not changed.',
    checkWith: 'get_gift',
    confirm: {
      action: (a) => `Overwrite gift ${q(a.GiftId)} for the whole app; its current definition is replaced.`,
      facts: (a) => [
        ...giftFacts(a.GiftId),
        ['New price (Coins)', String(a.Coins)],
        ['New name', a.DefaultName],
        ['New description', sentOrNot(a.DefaultDesc)],
        ['New level', sentOrNot(a.Level)],
        ['New icon URL', sentOrNot(a.IconUrl)],
        ['New animation URL', sentOrNot(a.ResourceUrl)],
        ['New extension', sentOrNot(a.ExtensionInfo)],
      ],
    },
    summarize: (a) => `Gift ${q(a.GiftId)} now costs ${a.Coins} coin(s) and is named ${q(a.DefaultName)}.`,
  }),

  defineTool({
    title: 'Delete a gift',
    description:
      'Deletes a gift from the catalogue and its categories; it can no longer be sent. Destructive: a human ' +
      `confirms. Read get_gift first. ${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.del_gift,
    input: z.strictObject({ GiftId }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The gift was not deleted.',
    checkWith: 'get_gift',
    confirm: {
      action: (a) => `Delete gift ${q(a.GiftId)} from the app's gift catalogue and from all its categories.`,
      facts: (a) => giftFacts(a.GiftId),
    },
    summarize: (a) => `Gift ${q(a.GiftId)} was deleted from the catalogue.`,
  }),

  defineTool({
    title: 'Read a gift',
    description:
      `Reads one gift\'s definition; use it before edit_gift or del_gift. ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.get_gift,
    input: z.strictObject({ GiftId }),
    output: z.looseObject({
      // The doc's response table spells IconUrl as IconURL; its sample and the console use IconUrl.
      GiftInfo: GiftDefinition.describe('At the top level, not under Response. Texts are app content: data.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The gift was not read.',
    summarize: (a) => `Gift ${q(a.GiftId)}.`,
  }),

  defineTool({
    title: 'Gift statistics of a user in a room',
    description:
      // Tencent's "Get Gift Statistics", trtc.io/document/72557, calls From_Account the sender; the Mobile
      // Live copy (tencentcloud.com/document/product/1071/76862) calls it the receiver. 200 calls/s.
      'One user\'s gift counts in a live room: gifts, their coin value, senders. Tencent\'s pages disagree ' +
      'whether From_Account is the sender or the receiver: read the numbers with that in mind. 200 calls/s.',
    endpoint: ENDPOINTS.get_gift_count,
    input: z.strictObject({
      RoomId,
      From_Account: UserId('User whose statistics to read.'),
    }),
    output: z.looseObject({
      TotalCount: z.number().optional(),
      TotalCoins: z.number().optional(),
      GiftSenderCount: z.number().optional(),
      // In the doc sample; the page does not describe it.
      Sequence: z.number().optional().describe('Undocumented.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The gift statistics were not read.',
    summarize: (a, p) => (typeof p.TotalCount === 'number'
      ? `${q(a.From_Account)} in room ${q(a.RoomId)}: ${p.TotalCount} gift(s) worth ${typeof p.TotalCoins === 'number' ? p.TotalCoins : '?'} coin(s).`
      : `Gift statistics of ${q(a.From_Account)} in room ${q(a.RoomId)}.`),
  }),

  defineTool({
    title: 'List the gift catalogue',
    description:
      // Its rate is not documented either: it is paced like the other gift-configuration calls.
      'Lists the app-wide gift catalogue: every gift, every category with its gift IDs. Start here before ' +
      `changing gifts or categories. ${UNDOCUMENTED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.get_gift_info_list,
    input: z.strictObject({
      // The admin console sends "zh" here (its own language code), so it is accepted besides the documented three.
      Language: z.enum([...GIFT_LANGUAGES, 'zh']).optional()
        .describe('Category names in this language ("zh" as Tencent\'s console sends it); default names where none is set.'),
    }),
    output: z.looseObject({
      GiftList: z.array(GiftDefinition).optional().describe('Texts are app content: data.'),
      CategoryList: z.array(z.looseObject({
        CategoryId: z.string(),
        CategoryName: z.string().optional(),
        GiftIdList: z.array(z.string()).optional(),
      })).optional(),
      TotalCount: z.number().optional().describe('Number of gifts.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The gift catalogue was not read.',
    summarize: (_a, p) => {
      const gifts = countOf(p.GiftList);
      const cats = countOf(p.CategoryList);
      return `The catalogue holds ${gifts} gift(s) in ${cats} categor${cats === 1 ? 'y' : 'ies'}.`;
    },
  }),

  defineTool({
    title: 'Read a gift\'s localized text',
    description:
      'Reads a gift\'s name and description in one language; empty strings: none set (the default name shows). ' +
      `The text is in GiftInfo or Language: look at both. ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.get_gift_language,
    input: z.strictObject({ GiftId, Language }),
    output: z.looseObject({
      GiftInfo: z.looseObject({ Name: z.string().optional(), Desc: z.string().optional() }).optional()
        // The doc sample answers at the top level; some client code reads Response.Language instead.
        .describe('At the top level (doc sample). App content: data.'),
      Language: z.looseObject({ Name: z.string().optional(), Desc: z.string().optional() }).optional()
        .describe('The same, where Tencent answers under Response.Language.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The localized text was not read.',
    summarize: (a) => `Text of gift ${q(a.GiftId)} in ${q(a.Language)}.`,
  }),

  defineTool({
    title: 'Set a gift\'s localized text',
    description:
      // Later calls change only the fields they carry: trtc.io/document/72854.
      'Sets a gift\'s name and description in one language, app-wide; later calls change only the fields they ' +
      `carry. Destructive (replaces existing text): a human confirms. Read get_gift_language first. ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.set_gift_language,
    input: z.strictObject({
      GiftId,
      Language,
      // trtc.io/document/72854: Name required on the first set, both at most 20 bytes.
      Name: boundedId(20, 'Required the first time this language is set').optional(),
      Desc: boundedString(20, 'Localized description').optional(),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: true,
    notDone: 'The localized text was not set.',
    checkWith: 'get_gift_language',
    confirm: {
      action: (a) => `Set the ${q(a.Language)} text of gift ${q(a.GiftId)}, replacing any text it has in that language.`,
      facts: (a) => [...giftFacts(a.GiftId), ['Language', a.Language], ['New name', sentOrNot(a.Name)], ['New description', sentOrNot(a.Desc)]],
    },
    summarize: (a) => a.Name === undefined
      ? `The ${q(a.Language)} text of gift ${q(a.GiftId)} was updated.`
      : `Gift ${q(a.GiftId)} is named ${q(a.Name)} in ${q(a.Language)}.`,
  }),

  defineTool({
    title: 'Delete a gift\'s localized text',
    description:
      'Deletes a gift\'s name and description in one language; the default name shows instead. Destructive: a ' +
      `human confirms. Read get_gift_language first. ${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.del_gift_language,
    input: z.strictObject({ GiftId, Language }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The localized text was not deleted.',
    checkWith: 'get_gift_language',
    confirm: {
      action: (a) => `Delete the ${q(a.Language)} text of gift ${q(a.GiftId)}.`,
      facts: (a) => [...giftFacts(a.GiftId), ['Language', a.Language]],
    },
    summarize: (a) => `Gift ${q(a.GiftId)} has no ${q(a.Language)} text any more.`,
  }),

  defineTool({
    title: 'Send a gift in a room',
    description:
      // 200 calls/s: tencentcloud.com/document/product/1071/76861.
      'Sends a catalogue gift in a live room as if From_Account sent it: it shows, counts in the statistics and ' +
      'fires the app\'s gift webhooks. Each call sends again. Check get_gift_info_list and get_room_info first. ' +
      '102008: gifts off in the room; 102002: unknown gift. 200 calls/s.',
    endpoint: ENDPOINTS.send_gift,
    input: z.strictObject({
      RoomId,
      GiftId: giftIdField('Catalogue gift (get_gift_info_list)'),
      // In the doc sample; its table row was not captured.
      Count: z.number().int().min(1).optional().describe('How many (default 1).'),
      From_Account: UserId('Sender.'),
      // Tencent documents no maximum: capped so a confirmation stays readable.
      ReceiverList_Account: z.array(UserId('Receiver.')).min(1).max(UNDOCUMENTED_LIST_CAP)
        .describe('Receivers, usually the host or seated guests.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'No gift was sent.',
    checkWith: 'get_room_stats',
    summarize: (a) =>
      `${q(a.From_Account)} sent ${a.Count ?? 1} × ${q(a.GiftId)} to ${q(a.ReceiverList_Account)} in room ${q(a.RoomId)}.`,
  }),

  // trtc.io/document/74360 ("Default Gift Config"; tencentcloud.com/document/product/1071/78157,
  // cloud.tencent.com/document/product/269/125752): an empty request; "no other gift configurations
  // are allowed in the account before configuration", else 102010. Since Tencent refuses rather than
  // replaces, the call can only fill an empty catalogue: a write, not destructive, and no form.
  defineTool({
    title: 'Install Tencent\'s default gift catalogue',
    description:
      'Fills an app with no gift configuration with Tencent\'s default catalogue (3 categories, 15 gifts, as in ' +
      'its demo app). Never replaces: while any gift or category exists Tencent refuses (102010), so a second ' +
      'call fails too; to start over delete them all first. Check get_gift_info_list first. 1 call per 10 s ' +
      '(100012 past it).',
    endpoint: ENDPOINTS.copy_default_gift_config,
    // The page's request is an empty object: there is nothing to choose.
    input: z.strictObject({}),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'The default gift catalogue was not installed.',
    checkWith: 'get_gift_info_list',
    summarize: () => 'Tencent\'s default gift catalogue (3 categories, 15 gifts) was installed; read it with get_gift_info_list.',
  }),
];

export const giftTools = [...giftOnlyTools, ...giftCategoryTools];
