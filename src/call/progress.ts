// Progress notifications for a call that takes a while (waiting for an approval, following a
// cursor). A client asks for them by putting a progressToken in the request; without one, nothing
// is sent. A notification that cannot be delivered never fails the call.
import type { ServerContext } from '@modelcontextprotocol/server';

export type ProgressSender = (progress: number, total: number, message: string) => Promise<void>;

export function progressSender(ctx: ServerContext): ProgressSender | undefined {
  const progressToken = (ctx.mcpReq._meta as { progressToken?: string | number } | undefined)?.progressToken;
  if (progressToken === undefined) return undefined;
  return (progress, total, message) =>
    ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total, message } }).catch(() => {});
}
