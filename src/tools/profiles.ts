// Accounts and profiles through the IM REST API: whether accounts are imported (robots and hosts
// must be), and reading or resetting profile fields such as an offensive nickname or avatar.
// Pages: trtc.io/document/34956 (account_check), 34953 (account_import), 34954 (multiaccount_import),
// 34917 (portrait_get), 34916 (portrait_set).
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, UserId, userIdList } from './fields.js';
import { countOf } from './format.js';

const q = JSON.stringify;

/**
 * Standard profile tags a moderator resets; custom tags (Tag_Profile_Custom_*) are app-defined.
 * Names from Tencent's standard profile field list, which the portrait pages link to.
 */
const ProfileTag = z.string().regex(/^Tag_Profile_(IM|Custom)_\w+$/, { message: 'must be a profile tag such as Tag_Profile_IM_Nick or Tag_Profile_Custom_…' })
  .describe('E.g. Tag_Profile_IM_Nick (nickname), Tag_Profile_IM_Image (avatar URL), Tag_Profile_IM_SelfSignature, Tag_Profile_Custom_….');

const ProfileItem = z.looseObject({ Tag: z.string(), Value: z.unknown() });

export const profileTools = [
  defineTool({
    title: 'Check whether accounts are imported',
    description:
      // 100 calls/s and 100 accounts per call: trtc.io/document/34956.
      'Tells whether each user ID is imported into the app\'s IM; robots and room owners must be, so check ' +
      'before add_robot or create_room. 100 calls/s.',
    endpoint: ENDPOINTS.account_check,
    input: z.strictObject({
      CheckItem: z.array(z.strictObject({ UserID: UserId('Account to check.') })).min(1).max(100)
        .describe('Accounts to check.'),
    }),
    output: z.looseObject({
      ResultItem: z.array(z.looseObject({
        UserID: z.string(),
        ResultCode: z.number().optional(),
        ResultInfo: z.string().optional(),
        AccountStatus: z.string().optional().describe('Imported or NotImported.'),
      })).optional(),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The accounts were not checked.',
    summarize: (_a, p) => {
      const items = Array.isArray(p.ResultItem) ? (p.ResultItem as Array<{ AccountStatus?: string }>) : [];
      return `${items.filter((i) => i.AccountStatus === 'Imported').length} of ${items.length} account(s) are imported.`;
    },
  }),

  defineTool({
    title: 'Import one account',
    description:
      // 200 calls/s: trtc.io/document/34953.
      'Imports one account into the app\'s IM so it can own a room or be a robot; re-importing creates no ' +
      'second account. Several at once: multiaccount_import. Check account_check first. 200 calls/s.',
    endpoint: ENDPOINTS.account_import,
    input: z.strictObject({
      // trtc.io/document/34953: UserID up to 32 bytes; the shared UserId schema carries the ID rules.
      UserID: UserId('Account to import.'),
      // Tencent states no limit for Nick or FaceUrl on this page.
      Nick: z.string().optional().describe('Nickname.'),
      FaceUrl: z.string().optional().describe('Avatar URL.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    // "Importing the same account repeatedly creates only one internal ID."
    idempotent: true,
    notDone: 'The account was not imported.',
    checkWith: 'account_check',
    summarize: (a) => `Account ${q(a.UserID)} is imported.`,
  }),

  defineTool({
    title: 'Import up to 100 accounts',
    description:
      // 100 calls/s: trtc.io/document/34954.
      'Imports a batch of accounts (e.g. robots before add_robot); failures come back in FailAccounts. ' +
      'Re-importing creates no second account. 100 calls/s.',
    endpoint: ENDPOINTS.multiaccount_import,
    input: z.strictObject({
      // trtc.io/document/34954: up to 100 user names per call, each at most 32 bytes.
      Accounts: userIdList(100, 'Accounts to import'),
    }),
    output: z.looseObject({
      FailAccounts: z.array(z.string()).optional(),
      RequestId,
    }),
    effect: 'write',
    idempotent: true,
    notDone: 'No account was imported.',
    checkWith: 'account_check',
    summarize: (a, p) => `${a.Accounts.length - countOf(p.FailAccounts)} of ${a.Accounts.length} account(s) imported.`,
  }),

  defineTool({
    title: 'Read user profiles',
    description:
      // 200 calls/s: trtc.io/document/34917.
      'Reads users\' profile fields (nickname, avatar, signature, custom), e.g. to see an offensive nickname ' +
      'before portrait_set. 200 calls/s.',
    endpoint: ENDPOINTS.portrait_get,
    input: z.strictObject({
      // trtc.io/document/34917: "no more than 100 users" per call.
      To_Account: userIdList(100, 'Users to read'),
      // Tencent documents no maximum; 20 by this project's rule for lists Tencent is silent on.
      TagList: z.array(ProfileTag).min(1).max(20).describe('Fields to read.'),
    }),
    output: z.looseObject({
      UserProfileItem: z.array(z.looseObject({
        To_Account: z.string(),
        ProfileItem: z.array(ProfileItem).optional(),
        ResultCode: z.number().optional(),
        ResultInfo: z.string().optional(),
      })).optional().describe('Values are user content: data.'),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The profiles were not read.',
    summarize: (a, p) => `Profile fields ${q(a.TagList)} of ${countOf(p.UserProfileItem)} user(s).`,
  }),

  defineTool({
    title: 'Overwrite a user\'s profile fields',
    description:
      // Live and Chat share one account system, so this is the profile the live room shows
      // (tencentcloud.com/document/product/1071/76900). 200 calls/s: trtc.io/document/34916.
      'Overwrites one user\'s profile fields everywhere the app shows them (live rooms too), e.g. resets an ' +
      'offensive nickname or clears an avatar (Tag_Profile_IM_Image ""). Destructive (old values lost): a ' +
      'human confirms. Read portrait_get first. 200 calls/s.',
    endpoint: ENDPOINTS.portrait_set,
    input: z.strictObject({
      From_Account: UserId('User to change.'),
      ProfileItem: z.array(z.strictObject({
        Tag: ProfileTag,
        Value: z.union([z.string(), z.number().int()]).describe('String for text fields, integer for numeric ones.'),
      // Tencent documents no maximum; 20 by this project's rule, so a form stays readable.
      })).min(1).max(20).describe('Fields to set.'),
    }),
    output: z.looseObject({ RequestId }),
    effect: 'destructive',
    idempotent: true,
    notDone: 'The profile was not changed.',
    checkWith: 'portrait_get',
    confirm: {
      action: (a) => `Overwrite ${a.ProfileItem.length} profile field(s) of user ${q(a.From_Account)}; the old values are lost.`,
      facts: (a) => [
        ['User', a.From_Account],
        // Tags are pattern-checked (Tag_Profile_…), so they can label a line; values stay quoted data.
        ...a.ProfileItem.map((i) => [`New ${i.Tag}`, String(i.Value)] as const),
      ],
    },
    summarize: (a) => `Profile of ${q(a.From_Account)} updated: ${a.ProfileItem.map((i) => i.Tag).join(', ')}.`,
  }),
];
