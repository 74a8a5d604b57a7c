// The tool catalog: every family's rows, in one list the server registers in a loop.
import type { ToolDef } from './types.js';
import { roomTools } from './rooms.js';
import { metadataTools } from './metadata.js';
import { memberTools } from './members.js';
import { seatTools } from './seats.js';
import { messageTools } from './messages.js';
import { robotTools } from './robots.js';
import { mixTools } from './mix.js';
import { battleTools } from './battles.js';
import { giftTools } from './gifts.js';
import { statsTools } from './stats.js';
import { conferenceTools } from './conference.js';
import { feedTools } from '../feed/tools.js';
import { callbackConfigTools } from '../feed/callback-config.js';
import { enforcementTools } from './enforcement.js';
import { profileTools } from './profiles.js';
import { audienceTools } from './audience.js';
import { trtcTools } from './trtc.js';

export const TOOLS: readonly ToolDef[] = [
  ...roomTools,
  ...metadataTools,
  ...memberTools,
  ...seatTools,
  ...messageTools,
  ...robotTools,
  ...mixTools,
  ...battleTools,
  ...giftTools,
  ...statsTools,
  ...conferenceTools,
  ...feedTools,
  ...callbackConfigTools,
  ...enforcementTools,
  ...profileTools,
  ...audienceTools,
  ...trtcTools,
];
