// The tool catalog: every family's rows, in one list the server registers in a loop.
import type { ToolDef } from './types.js';
import { roomTools } from './rooms.js';
import { metadataTools } from './metadata.js';
import { membersTools } from './members.js';
import { seatTools } from './seats.js';
import { messagesTools } from './messages.js';
import { robotsTools } from './robots.js';
import { mixTools } from './mix.js';
import { battlesTools } from './battles.js';
import { giftsTools } from './gifts.js';
import { statsTools } from './stats.js';
import { conferenceTools } from './conference.js';
import { feedTools } from '../feed/tools.js';
import { callbackConfigTools } from '../feed/callback-config.js';
import { enforcementTools } from './enforcement.js';
import { profilesTools } from './profiles.js';
import { audienceTools } from './audience.js';
import { trtcTools } from './trtc.js';

export const TOOLS: readonly ToolDef[] = [
  ...roomTools,
  ...metadataTools,
  ...membersTools,
  ...seatTools,
  ...messagesTools,
  ...robotsTools,
  ...mixTools,
  ...battlesTools,
  ...giftsTools,
  ...statsTools,
  ...conferenceTools,
  ...feedTools,
  ...callbackConfigTools,
  ...enforcementTools,
  ...profilesTools,
  ...audienceTools,
  ...trtcTools,
];
