// Evidence in the approval console: a pending approval about a user carries that user's recent
// events in the room from the feed, as data.
import { afterEach, describe, expect, it } from 'vitest';
import { normalize } from '../../src/feed/callbacks.js';
import { evidenceFor, targetsFromFacts } from '../../src/feed/evidence.js';
import { createFeed, type Feed } from '../../src/feed/index.js';
import { silentLogger } from '../../src/logger.js';
import { MemoryApprovalStore } from '../../src/policies/approvals.js';
import { startConsole } from '../../src/console/server.js';
import { kickApproval } from '../helpers/browser.js';
import { operatorSession } from '../helpers/console-session.js';

const TOKEN = 'evidence-test-operator-token-0123456789';
let feed: Feed | undefined;
let handle: Awaited<ReturnType<typeof startConsole>> | undefined;
afterEach(async () => { await handle?.close(); feed?.close(); handle = undefined; feed = undefined; });

async function say(room: string, user: string, text: string, t: number) {
  const body = { GroupId: room, From_Account: user, Random: t, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] };
  await feed!.store.add(normalize('Group.CallbackAfterSendMsg', body, JSON.stringify(body), t));
}

describe('evidence for approvals', () => {
  it('reads the room and users from the facts and returns their recent events, newest first', async () => {
    feed = createFeed({ file: ':memory:', sdkAppId: 1, logger: silentLogger });
    await say('live_a', 'viewer_42', 'spam one', 1);
    await say('live_a', 'viewer_42', '<b>spam two</b>', 2);
    await say('live_a', 'someone_else', 'hello', 3);
    await say('live_b', 'viewer_42', 'elsewhere', 4);
    const t = targetsFromFacts([['Room', '"live_a"'], ['User 1 of 1', 'viewer_42'], ['Reason (Data)', 'spam']]);
    expect(t).toEqual({ rooms: ['live_a'], accounts: ['viewer_42'] });
    expect(await evidenceFor(feed, t)).toMatchObject([{ RoomId: 'live_a', Member_Account: 'viewer_42', Recent: [{ Type: 'message', Text: '<b>spam two</b>' }, { Text: 'spam one' }] }]);
  });

  it('the console payload carries the evidence next to a pending approval', async () => {
    feed = createFeed({ file: ':memory:', sdkAppId: 1, logger: silentLogger });
    await say('live_a', 'viewer_42', 'buy followers', Date.now());
    const store = new MemoryApprovalStore('inst-evidence');
    handle = await startConsole({ store, token: TOKEN, tokenFallback: true, evidence: (a) => evidenceFor(feed!, targetsFromFacts(a.facts)) });
    await store.request(kickApproval('live_a'), 60_000, Date.now());
    const session = await operatorSession(handle.url, TOKEN);
    const res = await fetch(`${handle.url}/api/approvals`, { headers: session.headers });
    const body = await res.json() as { approvals: Array<{ evidence: unknown }> };
    expect(body.approvals[0]!.evidence).toMatchObject([{ RoomId: 'live_a', Member_Account: 'viewer_42', Recent: [{ Text: 'buy followers' }] }]);
  });
});
