// live_engine_http_pk: PK battles between live rooms. Tencent published no private error table for
// these calls (the reference lists 100001/100002, and 100004 for create_battle, as assumed), so the
// sandbox keeps to those codes and puts the specifics in ErrorInfo.
//
// Choices where the reference was unsure:
// - Duration is milliseconds (the sample's 60000); a battle runs from the call until
//   StartTime + ceil(Duration / 1000) (unix seconds). There is no REST call to end one early.
// - A room takes part in one running battle at a time. A busy callee gets ResultCode 3 and is left
//   out; a busy caller is refused (100002). When no callee joins, no battle is created and BattleId is ''.
// - Status has no documented enum. Its only sample (3) comes with an EndTime 121 s after StartTime
//   for a 120 s battle, which reads like a recorded end, so the sandbox answers 3 once a battle has
//   ended and 2 while it runs.
// - get_battle_info: BattleId is required as the doc marks it, but may be '' when RoomId names a room
//   whose running battle to read. An unknown battle, or a room with none running, is 100002.
// - set_battle_score validates every entry first and changes nothing if one names a room outside
//   the battle (100002); a battle that has ended takes no more scores. OpType is typed String in the
//   doc table and sent as a number in its sample: both "1" and 1 are accepted.
import { invalidParameter } from '../errors.js';
import { unixSeconds, type Battle, type SandboxState } from '../state.js';
import type { Handler, HandlerMap } from './types.js';
import { fields, ROOM_ID_MAX_BYTES } from './validate.js';

const STATUS_RUNNING = 2;
const STATUS_ENDED = 3;
const RESULT_OK = 0;
const RESULT_BUSY = 3;
const OP_ADD = 1;
const OP_OVERWRITE = 2;

const q = JSON.stringify;

function running(b: Battle, now: number): boolean {
  return unixSeconds(now) < b.EndTime;
}

function roomsOf(b: Battle): string[] {
  return [b.FromRoomId, ...b.ToRoomIdList];
}

/** The running battle `roomId` takes part in, if any. */
function battleOfRoom(state: SandboxState, roomId: string, now: number): Battle | undefined {
  for (const b of state.battles.values()) if (running(b, now) && roomsOf(b).includes(roomId)) return b;
  return undefined;
}

function renderRoom(state: SandboxState, b: Battle, roomId: string): Record<string, unknown> {
  // A room dismissed since the battle started keeps its score; its owner is no longer known.
  return { RoomId: roomId, Score: b.scores.get(roomId) ?? 0, Owner_Account: state.rooms.get(roomId)?.info.Owner_Account ?? '' };
}

function renderBattle(state: SandboxState, b: Battle, now: number): Record<string, unknown> {
  return {
    BattleId: b.BattleId,
    Duration: b.Duration,
    StartTime: b.StartTime,
    EndTime: b.EndTime,
    Status: running(b, now) ? STATUS_RUNNING : STATUS_ENDED,
    FromRoomInfo: renderRoom(state, b, b.FromRoomId),
    ToRoomList: b.ToRoomIdList.map((r) => renderRoom(state, b, r)),
  };
}

const createBattle: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const from = f.roomId('FromRoomId');
  const to = f.strList('ToRoomIdList', { minItems: 1, item: { maxBytes: ROOM_ID_MAX_BYTES } });
  const duration = f.int('Duration', { min: 1 });
  const ExtensionInfo = f.optStr('ExtensionInfo') ?? '';
  const dup = to.find((r, i) => to.indexOf(r) !== i);
  if (dup !== undefined) throw invalidParameter(`ToRoomIdList lists room ${q(dup)} more than once`);
  if (to.includes(from)) throw invalidParameter(`ToRoomIdList must not include the caller room FromRoomId ${q(from)}`);
  for (const r of [from, ...to]) state.requireRoom(r);
  const busy = battleOfRoom(state, from, now);
  if (busy) {
    throw invalidParameter(`FromRoomId ${q(from)} is already in battle ${q(busy.BattleId)} until ${busy.EndTime} (unix seconds)`);
  }

  const Result = to.map((RoomId) => {
    const other = battleOfRoom(state, RoomId, now);
    return other
      ? { RoomId, ResultCode: RESULT_BUSY, ResultMessage: `room is already in battle ${q(other.BattleId)}` }
      : { RoomId, ResultCode: RESULT_OK, ResultMessage: '' };
  });
  const joined = Result.filter((r) => r.ResultCode === RESULT_OK).map((r) => r.RoomId);
  if (joined.length === 0) return { Response: { BattleId: '', Result } };

  const StartTime = unixSeconds(now);
  const battle: Battle = {
    BattleId: state.nextId('battle'),
    FromRoomId: from,
    ToRoomIdList: joined,
    Duration: duration,
    StartTime,
    EndTime: StartTime + Math.ceil(duration / 1000),
    ExtensionInfo,
    scores: new Map([from, ...joined].map((r) => [r, 0])),
  };
  state.battles.set(battle.BattleId, battle);
  return { Response: { BattleId: battle.BattleId, Result } };
};

const getBattleInfo: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const battleId = f.str('BattleId', { allowEmpty: true });
  const roomId = f.optStr('RoomId', { allowEmpty: false, maxBytes: ROOM_ID_MAX_BYTES });
  let battle: Battle | undefined;
  if (battleId !== '') {
    battle = state.battles.get(battleId);
    if (!battle) throw invalidParameter(`BattleId ${q(battleId)} does not exist`);
  } else if (roomId !== undefined) {
    state.requireRoom(roomId);
    battle = battleOfRoom(state, roomId, now);
    if (!battle) throw invalidParameter(`room ${q(roomId)} (RoomId) has no battle running; give the BattleId to read an ended one`);
  } else {
    throw invalidParameter('BattleId is empty and no RoomId was given; give one of them');
  }
  return { Response: renderBattle(state, battle, now) };
};

const setBattleScore: Handler = ({ state, body, now }) => {
  const f = fields(body);
  const battleId = f.str('BattleId');
  const rawOp = f.obj.OpType;
  const opType = rawOp === '1' || rawOp === '2' ? Number(rawOp) : f.int('OpType', { oneOf: [OP_ADD, OP_OVERWRITE] });
  const entries = f.objectList('ScoreList', { minItems: 1 }).map((e) => ({ RoomId: e.str('RoomId', { maxBytes: ROOM_ID_MAX_BYTES }), Score: e.int('Score'), label: e.prefix }));
  const battle = state.battles.get(battleId);
  if (!battle) throw invalidParameter(`BattleId ${q(battleId)} does not exist`);
  if (!running(battle, now)) throw invalidParameter(`battle ${q(battleId)} ended at ${battle.EndTime} (unix seconds); scores can only change while it runs`);
  for (const e of entries) {
    if (!battle.scores.has(e.RoomId)) {
      throw invalidParameter(`${e.label}.RoomId ${q(e.RoomId)} is not in battle ${q(battleId)} (rooms: ${roomsOf(battle).map((r) => q(r)).join(', ')})`);
    }
  }
  for (const e of entries) {
    battle.scores.set(e.RoomId, opType === OP_OVERWRITE ? e.Score : battle.scores.get(e.RoomId)! + e.Score);
  }
  return { Response: { Result: entries.map((e) => ({ RoomId: e.RoomId, ResultCode: RESULT_OK })) } };
};

export const battleHandlers = {
  create_battle: createBattle,
  get_battle_info: getBattleInfo,
  set_battle_score: setBattleScore,
} satisfies HandlerMap;
