// Cloud stream mixing (MCU) of live rooms. Tencent limits all mixing operations of one SDKAppID
// to 20 per second together.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../client/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId } from './fields.js';

export const mixTools = [
  defineTool({
    name: 'resume_mcu_task',
    title: 'Resume a room\'s mix-stream task',
    description:
      'Restarts the cloud stream-mixing task of a live room, e.g. after it stopped. The room must have been ' +
      'created with seats and IsUnlimitedRoomEnabled=true, and have a mix task (else 100006 / 100424).',
    endpoint: ENDPOINTS.resume_mcu_task,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    // Resuming a task that already runs leaves it running.
    idempotent: true,
    notDone: 'The mix-stream task was not resumed.',
    summarize: (a) => `The mix-stream task of room ${JSON.stringify(a.RoomId)} was resumed.`,
  }),
];
