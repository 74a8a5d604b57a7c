// The handler registry: catalog name → Handler, assembled from one module per family, each
// exporting a HandlerMap. Every catalog endpoint that reaches Tencent must have a handler: the
// `satisfies` below makes a missing one a type error (local feed endpoints are served by this
// server and need none).
import { battleHandlers } from './battles.js';
import { conferenceHandlers } from './conference.js';
import { giftHandlers } from './gifts.js';
import { memberHandlers } from './members.js';
import { messageHandlers } from './messages.js';
import { metadataHandlers } from './metadata.js';
import { mixHandlers } from './mix.js';
import { robotHandlers } from './robots.js';
import { roomHandlers } from './rooms.js';
import { seatHandlers } from './seats.js';
import { statsHandlers } from './stats.js';
import { enforcementHandlers } from './enforcement.js';
import { profileHandlers } from './profiles.js';
import { audienceHandlers } from './audience.js';
import type { Handler, HandlerMap } from './types.js';
import type { RemoteEndpointName } from '../../catalog/endpoints.js';
import { imGroupHandlers } from './im-groups.js';
import { liveConfigHandlers } from './live-config.js';

export type { Handler, HandlerContext, HandlerMap } from './types.js';

export const HANDLERS = {
  ...roomHandlers,
  ...metadataHandlers,
  ...memberHandlers,
  ...seatHandlers,
  ...messageHandlers,
  ...robotHandlers,
  ...mixHandlers,
  ...battleHandlers,
  ...giftHandlers,
  ...statsHandlers,
  ...conferenceHandlers,
  ...imGroupHandlers,
  ...liveConfigHandlers,
  ...enforcementHandlers,
  ...profileHandlers,
  ...audienceHandlers,
} satisfies Record<RemoteEndpointName, Handler>;
