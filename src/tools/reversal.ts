// What undoes an enforcement: for each tool whose effect has an inverse, the tool and arguments
// that reverse a successful call, so an agent or a person can undo a mistake quickly. Rendered in
// every successful result of these tools (results.ts). Where no inverse exists (a kick from a
// seat cannot put the user back without their client; a recall cannot be undone) nothing is named,
// except where a best-effort step exists, which says so.
export interface Reversal {
  tool: string;
  args: Record<string, unknown>;
  /** Set when the reversal restores only part of the state. */
  note?: string;
}

type Args = Record<string, unknown>;
const inverse = (v: unknown) => (typeof v === 'boolean' ? !v : undefined);

export const REVERSALS: Record<string, (a: Args, payload: Args) => Reversal | undefined> = {
  ban_member: (a) => ({ tool: 'unban_member', args: { RoomId: a.RoomId, MemberList_Account: a.MemberList_Account } }),
  unban_member: () => undefined,
  mute_member: (a) => (a.MuteTime === 0 ? undefined : { tool: 'mute_member', args: { RoomId: a.RoomId, MemberList_Account: a.MemberList_Account, MuteTime: 0 } }),
  ban_room_member: (a) => ({ tool: 'unban_room_member', args: { RoomId: a.RoomId, MemberList_Account: a.MemberList_Account } }),
  modify_admin: (a) => ({ tool: 'modify_admin', args: { RoomId: a.RoomId, Admin_Account: a.Admin_Account, OpType: a.OpType === 'add' ? 'delete' : 'add' } }),
  lock_seat: (a) => {
    const args: Args = { RoomId: a.RoomId, Index: a.Index };
    for (const k of ['ForbidTaken', 'ForbidVideo', 'ForbidAudio']) if (inverse(a[k]) !== undefined) args[k] = inverse(a[k]);
    return { tool: 'lock_seat', args, ...(a.ForbidTaken === true && { note: 'unlocking does not put back a user the lock removed; they can take the seat again' }) };
  },
  kick_user_off_seat: (a) => ({
    tool: 'pick_user_on_seat', args: { RoomId: a.RoomId, Member_Account: a.Member_Account, Index: '<the seat they had, from get_seat_list before the kick>' },
    note: 're-seats the user if they are still in the room',
  }),
  release_held_message: (_a, p) => (typeof p.MsgSeq === 'number' && typeof (p.Held as Args | undefined)?.RoomId === 'string'
    ? { tool: 'group_msg_recall', args: { GroupId: (p.Held as Args).RoomId, MsgSeqList: [{ MsgSeq: p.MsgSeq }] }, note: 'removes the released message from viewers\' screens' }
    : undefined),
};

/** The reversal of a successful call, if the tool has one. */
export function reversalOf(tool: string, args: Args, payload: Args): Reversal | undefined {
  return REVERSALS[tool]?.(args, payload);
}

/** One sentence naming the tool and its arguments (as JSON data). */
export function reversalSentence(r: Reversal): string {
  return `To undo: call ${r.tool} with ${JSON.stringify(r.args)}${r.note ? ` (${r.note})` : ''}.`;
}
