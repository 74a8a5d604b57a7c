// Gift categories of the app-wide gift catalogue (live_engine_http_srv): the shelves of the gift
// panel, their localized texts, and which gifts sit on them. The field schemas every gift tool
// shares live here too, so that gifts.ts imports from this file and never the other way round.
//
// Only get_gift_category and get_gift_category_language have captured doc pages; the other
// category endpoints take their field names from Tencent's own admin console
// (TUILiveKit_Manager) and carry no documented limits (docs/api-decisions.md, "gifts").
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool, type FactLine } from './types.js';
import { RequestId, boundedId, idString, UNDOCUMENTED_LIST_CAP } from './fields.js';
import { numberedLines } from './format.js';

const q = JSON.stringify;

/** Said in every gift-configuration description: Tencent counts these calls together (1/s per app), so a burst waits. */
export const GIFT_RATE_NOTE = 'Gift-config calls share 1/s per app.';
/** Endpoints whose doc page was not captured: field names from Tencent's admin console code (TUILiveKit_Manager). */
export const INFERRED_NOTE = 'Fields from Tencent\'s console code (doc page not captured).';
/** For the endpoints Tencent documents nowhere: edit_gift, edit_gift_category, get_gift_info_list (TUILiveKit_Manager). */
export const UNDOCUMENTED_NOTE = 'Undocumented by Tencent; fields from its console code.';

export const GIFT_LANGUAGES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export const Language = z.enum(GIFT_LANGUAGES).describe('Language of the text (zh-Hans Simplified, zh-Hant Traditional Chinese).');

/** GiftId: at most 20 bytes (add_gift). */
export const giftIdField = (description: string) => boundedId(20, description);

export function giftIdList(description: string) {
  // Tencent documents no maximum: capped so that a confirmation lists every gift it moves.
  // minItems/maxItems in the listed schema carry the cap.
  return z.array(giftIdField('Gift ID')).min(1).max(UNDOCUMENTED_LIST_CAP).describe(`${description} (Tencent documents no maximum).`);
}

export const CategoryId = idString('Category ID from get_gift_info_list.');

/** A catalogue text shown in the gift panel; catalogue texts are app content, shown as data. */
const catalogueText = (description: string) => z.string().describe(description);

/** "(not sent)" for optional fields the call leaves out, so the form shows what will be overwritten. */
export function sentOrNot(v: string | number | undefined): string {
  return v === undefined ? '(not sent)' : String(v);
}

/** The target of a catalogue change, and a reminder that every room's gift panel shows it. */
export function catalogueFacts(label: 'Gift' | 'Category', id: string): FactLine[] {
  return [[label, id], ['Scope', 'app-wide: every room\'s gift panel']];
}

const categoryFacts = (a: { CategoryId: string }): FactLine[] => catalogueFacts('Category', a.CategoryId);

export const giftCategoryTools = [
  defineTool({
    title: 'Create a gift category',
    description:
      'Creates an empty category (a gift-panel shelf) in the app-wide catalogue; attach gifts with ' +
      'add_gift_category_relations. An existing CategoryId is refused: check get_gift_info_list. ' +
      `${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.add_gift_category,
    input: z.strictObject({
      CategoryId: idString('New ID, unique in the app.'),
      DefaultName: idString('Shown where no localized name is set.'),
      DefaultDesc: catalogueText('Default description.').optional(),
      ExtensionInfo: catalogueText('App data, conventionally JSON text.').optional(),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'No gift category was created.',
    checkWith: 'get_gift_category',
    summarize: (a) => `Gift category ${q(a.CategoryId)} was created (empty).`,
  }),

  defineTool({
    title: 'Overwrite a gift category',
    description:
      'Overwrites a category\'s default name, description and extension data app-wide. Destructive (old texts ' +
      'lost): a human confirms. Read get_gift_category first and resend every field to keep; omitted ones may ' +
      `be reset. ${UNDOCUMENTED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.edit_gift_category,
    input: z.strictObject({
      CategoryId,
      DefaultName: idString('New default name.'),
      DefaultDesc: catalogueText('New default description.').optional(),
      ExtensionInfo: catalogueText('New app data, conventionally JSON text.').optional(),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: true,
    notDone: 'The gift category was not changed.',
    checkWith: 'get_gift_category',
    confirm: {
      action: (a) => `Overwrite gift category ${q(a.CategoryId)} for the whole app; its current name and description are replaced.`,
      facts: (a) => [
        ...categoryFacts(a),
        ['New name', a.DefaultName],
        ['New description', sentOrNot(a.DefaultDesc)],
        ['New extension', sentOrNot(a.ExtensionInfo)],
      ],
    },
    summarize: (a) => `Gift category ${q(a.CategoryId)} now has the default name ${q(a.DefaultName)}.`,
  }),

  defineTool({
    title: 'Delete a gift category',
    description:
      'Deletes a category: the shelf leaves every room\'s gift panel; its gifts stay in the catalogue and on ' +
      `other categories. Destructive: a human confirms. Read get_gift_info_list first. ${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.del_gift_category,
    input: z.strictObject({ CategoryId }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The gift category was not deleted.',
    checkWith: 'get_gift_info_list',
    confirm: {
      action: (a) => `Delete gift category ${q(a.CategoryId)} from the app's gift catalogue; its gifts stay in the catalogue.`,
      facts: categoryFacts,
    },
    summarize: (a) => `Gift category ${q(a.CategoryId)} was deleted.`,
  }),

  defineTool({
    title: 'Read a gift category',
    description:
      'Reads a category\'s default name, description and extension data. Its gifts: get_gift_category_relations; ' +
      `localized names: get_gift_category_language. ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.get_gift_category,
    input: z.strictObject({ CategoryId }),
    output: z.looseObject({
      GiftCategoryInfo: z.looseObject({
        CategoryId: z.string(),
        DefaultName: z.string().optional(),
        DefaultDesc: z.string().optional(),
        ExtensionInfo: z.string().optional(),
      }).describe('At the top level, not under Response. Texts are app content: data.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The gift category was not read.',
    summarize: (a) => `Gift category ${q(a.CategoryId)}.`,
  }),

  defineTool({
    title: 'Read a gift category\'s localized text',
    description:
      'Reads a category\'s name and description in one language; empty strings: none set (the default name ' +
      `shows). ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.get_gift_category_language,
    input: z.strictObject({ CategoryId, Language }),
    output: z.looseObject({
      CategoryInfo: z.looseObject({
        CategoryName: z.string().optional(),
        CategoryDesc: z.string().optional(),
      }).describe('At the top level, not under Response. App content: data.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The localized text was not read.',
    summarize: (a) => `Text of gift category ${q(a.CategoryId)} in ${q(a.Language)}.`,
  }),

  defineTool({
    title: 'Set a gift category\'s localized text',
    description:
      // Later calls change only the fields they carry: trtc.io/document/72857.
      'Sets a category\'s name and description in one language, app-wide; later calls change only the fields ' +
      'they carry. Destructive (replaces existing text): a human confirms. Read get_gift_category_language ' +
      `first. ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.set_gift_category_language,
    input: z.strictObject({
      CategoryId,
      Language,
      // trtc.io/document/72857: required on the first set of a language, optional later; no length stated.
      CategoryName: idString('Required the first time this language is set (Tencent states no length limit).').optional(),
      CategoryDesc: catalogueText('Localized description.').optional(),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: true,
    notDone: 'The localized text was not set.',
    checkWith: 'get_gift_category_language',
    confirm: {
      action: (a) => `Set the ${q(a.Language)} text of gift category ${q(a.CategoryId)}, replacing any text it has in that language.`,
      facts: (a) => [...categoryFacts(a), ['Language', a.Language], ['New name', sentOrNot(a.CategoryName)], ['New description', sentOrNot(a.CategoryDesc)]],
    },
    summarize: (a) => a.CategoryName === undefined
      ? `The ${q(a.Language)} text of gift category ${q(a.CategoryId)} was updated.`
      : `Gift category ${q(a.CategoryId)} is named ${q(a.CategoryName)} in ${q(a.Language)}.`,
  }),

  defineTool({
    title: 'Delete a gift category\'s localized text',
    description:
      'Deletes a category\'s name and description in one language; the default name shows instead. ' +
      `Destructive: a human confirms. Read get_gift_category_language first. ${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.del_gift_category_language,
    input: z.strictObject({ CategoryId, Language }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'The localized text was not deleted.',
    checkWith: 'get_gift_category_language',
    confirm: {
      action: (a) => `Delete the ${q(a.Language)} text of gift category ${q(a.CategoryId)}.`,
      facts: (a) => [...categoryFacts(a), ['Language', a.Language]],
    },
    summarize: (a) => `Gift category ${q(a.CategoryId)} has no ${q(a.Language)} text any more.`,
  }),

  defineTool({
    title: 'List the gifts on a gift category',
    description:
      // trtc.io/document/72853
      'Lists the gift IDs on one category. Gift details: get_gift or get_gift_info_list; the category: ' +
      `get_gift_category. ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.get_gift_category_relations,
    // trtc.io/document/72853: CategoryId, a String, required; the page states no length for it.
    input: z.strictObject({ CategoryId }),
    output: z.looseObject({
      Relation: z.looseObject({
        CategoryId: z.string().optional(),
        GiftIdList: z.array(z.string()).optional(),
      }).optional().describe('At the top level, not under Response.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The category\'s gifts were not listed.',
    summarize: (a, p) => {
      const rel = p.Relation as { GiftIdList?: unknown } | undefined;
      const ids = Array.isArray(rel?.GiftIdList) ? rel.GiftIdList.map(String) : [];
      return `Gift category ${q(a.CategoryId)} holds ${ids.length} gift(s)${ids.length ? `: ${q(ids)}` : ''}.`;
    },
  }),

  defineTool({
    title: 'Put gifts on a gift category',
    description:
      'Attaches gifts to a category (its gift-panel shelf); gifts already on it stay. A gift is on at most 3 ' +
      'categories. The gifts must exist (else 102002): read get_gift_info_list first. ' +
      `${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.add_gift_category_relations,
    input: z.strictObject({ CategoryId, GiftIdList: giftIdList('Gift IDs to attach') }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    idempotent: false,
    notDone: 'No gift was attached to the category.',
    checkWith: 'get_gift_info_list',
    summarize: (a) => `${a.GiftIdList.length} gift(s) attached to category ${q(a.CategoryId)}: ${q(a.GiftIdList)}.`,
  }),

  defineTool({
    title: 'Take gifts off a gift category',
    description:
      'Detaches gifts from a category: they leave that shelf app-wide but stay in the catalogue. Destructive: a ' +
      `human confirms. Read get_gift_info_list first. ${INFERRED_NOTE} ${GIFT_RATE_NOTE}`,
    endpoint: ENDPOINTS.del_gift_category_relations,
    input: z.strictObject({ CategoryId, GiftIdList: giftIdList('Gift IDs to detach') }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: false,
    notDone: 'No gift was detached from the category.',
    checkWith: 'get_gift_info_list',
    confirm: {
      action: (a) => `Take ${a.GiftIdList.length} gift(s) off category ${q(a.CategoryId)}; they stay in the catalogue.`,
      facts: (a) => [...categoryFacts(a), ...numberedLines('Gift', a.GiftIdList)],
    },
    summarize: (a) => `${a.GiftIdList.length} gift(s) detached from category ${q(a.CategoryId)}: ${q(a.GiftIdList)}.`,
  }),
];
