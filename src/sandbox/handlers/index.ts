// The handler registry: 'service/command' → Handler, assembled from one module per family.
// A later round adds members.ts, metadata.ts, robots.ts, messages.ts, battles.ts, gifts.ts,
// stats.ts and conference.ts here, each exporting a Record<string, Handler> built with handlerKey().
// A catalog command without a handler answers 60009 with an ErrorInfo saying the sandbox does not
// emulate it yet (see dispatch.ts), so a missing handler is never mistaken for success.
import { mixHandlers } from './mix.js';
import { roomHandlers } from './rooms.js';
import { seatHandlers } from './seats.js';
import type { Handler } from './types.js';

export type { Handler, HandlerContext } from './types.js';
export { handlerKey } from './types.js';

export const HANDLERS: Record<string, Handler> = {
  ...roomHandlers,
  ...seatHandlers,
  ...mixHandlers,
};
