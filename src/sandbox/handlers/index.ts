// The handler registry: catalog name → Handler, assembled from one module per family, each
// exporting a HandlerMap. Every catalog endpoint that reaches Tencent must have a handler: the
// `satisfies` below makes a missing one a type error (local feed endpoints are served by this
// server and need none).
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
import type { Handler, HandlerMap } from './types.js';
import type { RemoteEndpointName } from '../../catalog/endpoints.js';
import { imGroupHandlers } from './im-groups.js';
import { liveConfigHandlers } from './live-config.js';

export type { Handler, HandlerContext, HandlerMap } from './types.js';

export const HANDLERS = {
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
} satisfies Record<RemoteEndpointName, Handler>;
