// PK battles between live rooms (live_engine_http_pk): start one, read its scores, change them.
// Tencent's private error tables for these calls were not published; the tools keep to the fields
// the pages and samples show, and say where a type or unit is only inferred from a sample.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import type { LiveClient } from '../client/types.js';
import { defineTool, type FactLine } from './types.js';
import { idString, RequestId, RoomId, UNDOCUMENTED_LIST_CAP } from './fields.js';
import { humanMillis } from './format.js';

const q = JSON.stringify;

const BattleId = idString('From create_battle or get_battle_info.');

const BattleRoom = z.looseObject({
  RoomId: z.string(),
  Score: z.number().optional(),
  Owner_Account: z.string().optional(),
});

type RoomRow = { RoomId?: unknown; Score?: unknown };

/** Current scores of the rooms a score change names, read just before asking the human. */
async function currentScores(client: LiveClient, battleId: string, rooms: readonly string[]): Promise<Record<string, string>> {
  const { body } = await client.call(ENDPOINTS.get_battle_info, { BattleId: battleId }, { idempotent: true });
  const r = (body.Response ?? {}) as { FromRoomInfo?: RoomRow; ToRoomList?: RoomRow[] };
  const all = [r.FromRoomInfo, ...(Array.isArray(r.ToRoomList) ? r.ToRoomList : [])].filter((x): x is RoomRow => Boolean(x));
  return Object.fromEntries(rooms.map((room) => {
    const row = all.find((x) => x.RoomId === room);
    return [`Current score of ${q(room)}`, row ? String(row.Score ?? '(none)') : '(not in this battle)'];
  }));
}

const OP_ADD = 1;
const OP_OVERWRITE = 2;

export const battleTools = [
  defineTool({
    title: 'Start a PK battle',
    description:
      'Starts a PK battle from room FromRoomId against ToRoomIdList for Duration milliseconds; the owners are ' +
      'notified. Tencent does not check that the rooms are co-hosting (connected): make sure they are. It cannot ' +
      'be ended early. Read it back with get_battle_info.',
    endpoint: ENDPOINTS.create_battle,
    input: z.strictObject({
      FromRoomId: RoomId.describe('The caller room.'),
      // Tencent documents no cap; the doc table says String, its sample (and this tool) an array.
      ToRoomIdList: z.array(RoomId.describe('A callee room.')).min(1).max(UNDOCUMENTED_LIST_CAP)
        .refine((l) => new Set(l).size === l.length, { message: 'must not list a room twice' })
        .describe('The callee rooms, each once.'),
      // Unit from the doc sample (60000); under a second is almost surely seconds sent by mistake.
      Duration: z.number().int().min(1000).describe('MILLISECONDS (60000 = 1 minute).'),
      ExtensionInfo: z.string().optional().describe('Free-form data for the apps.'),
    }).refine((a) => !a.ToRoomIdList.includes(a.FromRoomId), {
      message: 'FromRoomId must not also be a callee in ToRoomIdList',
      path: ['ToRoomIdList'],
    }),
    output: z.looseObject({
      // Optional: a battle that started must not be reported as failed because a field was left out.
      BattleId: z.string().optional(),
      Result: z.array(z.looseObject({
        RoomId: z.string(),
        ResultCode: z.number().describe('0 joined, 3 already in another battle, 5 system error.'),
        ResultMessage: z.string().optional(),
      })).optional().describe('Per callee room.'),
      RequestId,
    }),
    effect: 'write',
    idempotent: false,
    notDone: 'No battle was started.',
    checkWith: 'get_battle_info',
    summarize: (a, p) => {
      const results = Array.isArray(p.Result) ? (p.Result as Array<{ RoomId?: string; ResultCode?: number }>) : [];
      const refused = results.filter((r) => r.ResultCode !== 0).map((r) => r.RoomId);
      // An empty BattleId means no callee joined; a missing one only means Tencent did not say.
      const head = p.BattleId
        ? `Battle ${q(p.BattleId)} from room ${q(a.FromRoomId)} for ${humanMillis(a.Duration)}`
        : p.BattleId === ''
          ? `No battle started from room ${q(a.FromRoomId)}`
          : `Tencent accepted the battle from room ${q(a.FromRoomId)} but returned no BattleId: read it with get_battle_info (RoomId ${q(a.FromRoomId)}) before starting another`;
      if (!Array.isArray(p.Result)) return `${head}.`;
      return refused.length > 0 ? `${head}; ${refused.length} callee room(s) did not join: ${q(refused)} (see Result).` : `${head}; every callee room joined.`;
    },
  }),

  defineTool({
    title: 'Read a PK battle',
    description:
      'Reads a PK battle (by BattleId, or a RoomId\'s ongoing one): times, each room\'s owner and score. Judge ' +
      'whether it still runs by EndTime (Status values are undocumented). Use it before changing scores and ' +
      'after a create or score change with an unknown outcome.',
    endpoint: ENDPOINTS.get_battle_info,
    input: z.strictObject({
      // The doc marks BattleId required yet allows RoomId instead: it is always sent, empty when unknown.
      BattleId: z.string().default('').describe('"" (default) when unknown; then RoomId is required.'),
      RoomId: RoomId.optional().describe('A room whose ongoing battle to read.'),
    }).refine((a) => a.BattleId.trim() !== '' || a.RoomId !== undefined, {
      message: 'give a BattleId, or a RoomId to read that room\'s ongoing battle',
      path: ['BattleId'],
    }),
    output: z.looseObject({
      BattleId: z.string(),
      Duration: z.number().optional().describe('Milliseconds.'),
      StartTime: z.number().optional().describe('Unix seconds.'),
      EndTime: z.number().optional().describe('Unix seconds.'),
      // A sample shows 3; the values are not documented.
      Status: z.number().optional().describe('Undocumented values.'),
      FromRoomInfo: BattleRoom.optional().describe('The caller room.'),
      ToRoomList: z.array(BattleRoom).optional(),
      RequestId,
    }),
    effect: 'read',
    idempotent: true,
    notDone: 'The battle was not read.',
    summarize: (_a, p) => {
      const rooms = [p.FromRoomInfo, ...(Array.isArray(p.ToRoomList) ? p.ToRoomList : [])] as Array<{ RoomId?: string; Score?: number } | undefined>;
      const scores = rooms.filter(Boolean).map((r) => `${q(r!.RoomId)} ${String(r!.Score ?? '?')}`).join(', ');
      return `Battle ${q(p.BattleId)}: ${scores || 'no rooms'}.`;
    },
  }),

  defineTool({
    title: 'Change PK battle scores',
    description:
      // The doc table types OpType as String but its sample sends a number; this tool sends a number.
      'Adds to (OpType 1) or overwrites (2) room scores in an ongoing PK battle. Destructive (it can wipe out ' +
      'what the audience earned): a human confirms, shown the current scores for an overwrite. Read ' +
      'get_battle_info first for the BattleId and rooms.',
    endpoint: ENDPOINTS.set_battle_score,
    input: z.strictObject({
      BattleId,
      OpType: z.literal([OP_ADD, OP_OVERWRITE]).describe('1 add Score, 2 overwrite with Score.'),
      // Tencent documents no cap for ScoreList.
      ScoreList: z.array(z.strictObject({
        RoomId: RoomId.describe('A room in the battle.'),
        Score: z.number().int().describe('Points to add (OpType 1) or the new score (2).'),
      })).min(1).max(UNDOCUMENTED_LIST_CAP).describe('Score per room.'),
    }),
    output: z.looseObject({
      Result: z.array(z.looseObject({
        RoomId: z.string(),
        ResultCode: z.number().describe('0 changed; else not.'),
      })).optional(),
      RequestId,
    }),
    effect: 'destructive',
    // Adding is not repeatable; and the tool has a single classification for both operations.
    idempotent: false,
    notDone: 'No battle score was changed.',
    checkWith: 'get_battle_info',
    confirm: {
      action: (a) => a.OpType === OP_OVERWRITE
        ? `Overwrite the scores of ${a.ScoreList.length} room(s) in battle ${q(a.BattleId)}; their current scores are replaced.`
        : `Add points to the scores of ${a.ScoreList.length} room(s) in battle ${q(a.BattleId)}.`,
      facts: (a) => [
        ['Battle', a.BattleId],
        ['Operation (OpType)', a.OpType === OP_OVERWRITE ? '2: overwrite the current score' : '1: add to the current score'],
        ...a.ScoreList.map((s): FactLine => [`Room ${q(s.RoomId)}`, a.OpType === OP_OVERWRITE ? `set to ${s.Score}` : `${s.Score >= 0 ? '+' : ''}${s.Score}`]),
      ],
      // Only an overwrite depends on the score the human saw; additions stay right whatever came before.
      async snapshot(a, client) {
        return a.OpType === OP_OVERWRITE ? currentScores(client, a.BattleId, a.ScoreList.map((s) => s.RoomId)) : {};
      },
    },
    summarize: (a, p) => {
      const results = Array.isArray(p.Result) ? (p.Result as Array<{ RoomId?: string; ResultCode?: number }>) : [];
      const failed = results.filter((r) => r.ResultCode !== 0).map((r) => r.RoomId);
      const verb = a.OpType === OP_OVERWRITE ? 'overwritten' : 'added to';
      return failed.length > 0
        ? `Scores ${verb} in battle ${q(a.BattleId)}, except for ${q(failed)} (see Result).`
        : `Scores of ${a.ScoreList.length} room(s) ${verb} in battle ${q(a.BattleId)}.`;
    },
  }),
];
