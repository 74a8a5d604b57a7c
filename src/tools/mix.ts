// Cloud stream mixing (MCU) of live rooms. Tencent limits all mixing operations of one SDKAppID
// to 20 per second together.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId, UNDOCUMENTED_LIST_CAP, UserId } from './fields.js';

const q = JSON.stringify;

// set_mix_stream's field table was never published: every field below comes from the doc's grid
// and custom-layout request samples, so all nested fields stay optional as the samples leave them.
const Px = (what: string) => z.number().int().min(0).optional().describe(`${what}, px.`);

const windowFields = {
  RoomId: RoomId.optional().describe('The shown user\'s room, usually this one.'),
  Member_Account: UserId('Seated user shown.').optional(),
  StreamType: z.number().int().min(0).optional().describe('0 or 1 in samples (likely camera, screen; unconfirmed).'),
  ZOrder: z.number().int().min(0).optional().describe('Higher is on top.'),
};

const LayoutWindow = z.strictObject({
  LocationX: Px('Top-left X'),
  LocationY: Px('Top-left Y'),
  ImageWidth: z.number().int().min(1).optional(),
  ImageHeight: z.number().int().min(1).optional(),
  ...windowFields,
});

const LAYOUT_GRID = 0;
const LAYOUT_CUSTOM = 1000;

export const mixTools = [
  defineTool({
    title: 'Resume a room\'s mix-stream task',
    description:
      'Restarts the cloud stream-mixing task of a live room, e.g. after it stopped. The room needs seats, ' +
      'IsUnlimitedRoomEnabled=true and a mix task (else 100006 / 100424).',
    endpoint: ENDPOINTS.resume_mcu_task,
    input: z.strictObject({ RoomId }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    // Resuming a task that already runs leaves it running.
    idempotent: true,
    notDone: 'The mix-stream task was not resumed.',
    summarize: (a) => `The mix-stream task of room ${JSON.stringify(a.RoomId)} was resumed.`,
  }),

  defineTool({
    title: 'Set a room\'s mix-stream layout',
    description:
      'Sets how a live room\'s cloud mix (MCU) composes seated hosts into one stream: LayoutMode 0 grid, ' +
      '1000 custom (LayoutInfo). Starts the task if none. Needs seats and IsUnlimitedRoomEnabled=true ' +
      '(else 100006); hosts in a custom layout must be seated. Fields reconstructed from the doc\'s grid ' +
      'and custom samples. Shares 20 per second per app with resume_mcu_task (100422).',
    endpoint: ENDPOINTS.set_mix_stream,
    input: z.strictObject({
      RoomId,
      LayoutMode: z.literal([LAYOUT_GRID, LAYOUT_CUSTOM]).describe('0 grid, 1000 custom (LayoutInfo).'),
      VideoEncode: z.strictObject({
        Width: z.number().int().min(1).optional().describe('Pixels (sample 720).'),
        Height: z.number().int().min(1).optional().describe('Pixels (sample 1280).'),
      }).optional().describe('Output canvas.'),
      LayoutInfo: z.strictObject({
        // The cap is this server's; Tencent gives none.
        LayoutList: z.array(LayoutWindow).max(UNDOCUMENTED_LIST_CAP).optional().describe('Small windows, one per stream.'),
        MaxUserLayout: z.strictObject(windowFields).optional().describe('Full-canvas background window.'),
      }).optional().describe('Required with LayoutMode 1000 only.'),
    }).refine((a) => a.LayoutMode !== LAYOUT_CUSTOM || a.LayoutInfo !== undefined, {
      message: 'LayoutInfo is required when LayoutMode is 1000 (custom layout)',
      path: ['LayoutInfo'],
    }).refine((a) => a.LayoutMode !== LAYOUT_CUSTOM || !a.LayoutInfo || (a.LayoutInfo.LayoutList?.length ?? 0) > 0 || a.LayoutInfo.MaxUserLayout !== undefined, {
      message: 'a custom layout must place at least one window (LayoutList or MaxUserLayout)',
      path: ['LayoutInfo'],
    }).refine((a) => a.LayoutMode !== LAYOUT_GRID || a.LayoutInfo === undefined, {
      message: 'LayoutInfo is only used with LayoutMode 1000; leave it out for the grid (0)',
      path: ['LayoutInfo'],
    }),
    output: z.looseObject({ RequestId }),
    effect: 'write',
    // Set-to-value: the same layout sent twice leaves the same layout.
    idempotent: true,
    notDone: 'The mix-stream layout was not changed.',
    summarize: (a) => a.LayoutMode === LAYOUT_GRID
      ? `Room ${q(a.RoomId)} now mixes its seated hosts in the automatic grid layout.`
      : `Room ${q(a.RoomId)} now mixes in a custom layout with ${(a.LayoutInfo?.LayoutList?.length ?? 0) + (a.LayoutInfo?.MaxUserLayout ? 1 : 0)} window(s).`,
  }),
];
