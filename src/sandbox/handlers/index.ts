// The handler registry: 'service/command' → Handler, assembled from one module per family, each
// exporting a Record<string, Handler> built with handlerKey().
// A catalog command without a handler answers 60009 with an ErrorInfo saying the sandbox does not
// emulate it yet (see dispatch.ts), so a missing handler is never mistaken for success.
import { battlesHandlers } from './battles.js';
import { conferenceHandlers } from './conference.js';
import { giftsHandlers } from './gifts.js';
import { membersHandlers } from './members.js';
import { messagesHandlers } from './messages.js';
import { metadataHandlers } from './metadata.js';
import { mixHandlers } from './mix.js';
import { robotsHandlers } from './robots.js';
import { roomHandlers } from './rooms.js';
import { seatHandlers } from './seats.js';
import { statsHandlers } from './stats.js';
import { enforcementHandlers } from './enforcement.js';
import { profilesHandlers } from './profiles.js';
import { audienceHandlers } from './audience.js';
import type { Handler } from './types.js';
import { imGroupHandlers } from './im-groups.js';
import { liveConfigHandlers } from './live-config.js';

export type { Handler, HandlerContext } from './types.js';
export { handlerKey } from './types.js';

export const HANDLERS: Record<string, Handler> = {
  ...roomHandlers,
  ...metadataHandlers,
  ...membersHandlers,
  ...seatHandlers,
  ...messagesHandlers,
  ...robotsHandlers,
  ...mixHandlers,
  ...battlesHandlers,
  ...giftsHandlers,
  ...statsHandlers,
  ...conferenceHandlers,
  ...imGroupHandlers,
  ...liveConfigHandlers,
  ...enforcementHandlers,
  ...profilesHandlers,
  ...audienceHandlers,
};
