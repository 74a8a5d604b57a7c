// One event store serves every 2025-era session of a server (or, in Redis, of a deployment), but
// each session may only ever read its own events. The SDK names a session's standalone GET stream
// "_GET_stream" in every session, so without a scope one session's Last-Event-ID on that stream
// would replay the notifications of every other session. Each session's transport gets a view of
// the store whose stream ids carry the session id; an event id from another session (or another
// scope) is answered as unknown.
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

type Send = { send: (eventId: string, message: JSONRPCMessage) => Promise<void> };

export function sessionEventStore(store: EventStore, session: string): EventStore {
  const scope = `${session}/`;
  const own = async (eventId: string): Promise<string | undefined> => {
    const stream = await store.getStreamIdForEventId?.(eventId);
    return stream?.startsWith(scope) ? stream.slice(scope.length) : undefined;
  };
  return {
    storeEvent: (streamId, message) => store.storeEvent(scope + streamId, message),
    getStreamIdForEventId: own,
    async replayEventsAfter(lastEventId: string, opts: Send) {
      if ((await own(lastEventId)) === undefined) throw new Error('unknown event id');
      const stream = await store.replayEventsAfter(lastEventId, opts);
      return stream.slice(scope.length);
    },
  };
}
