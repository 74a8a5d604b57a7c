// Cloud stream mixing (MCU) of live rooms. Tencent limits all mixing operations of one SDKAppID
// to 20 per second together.
import * as z from 'zod/v4';
import { ENDPOINTS } from '../catalog/endpoints.js';
import { defineTool } from './types.js';
import { RequestId, RoomId, UNDOCUMENTED_LIST_CAP, UserId } from './fields.js';

const q = JSON.stringify;

// set_mix_stream's field table was never published: every field below comes from the doc's grid
// and custom-layout request samples, so all nested fields stay optional as the samples leave them.
const Px = (what: string) => z.number().int().min(0).optional().describe(`${what} in pixels.`);

const windowFields = {
  RoomId: RoomId.optional().describe('Room of the user whose stream this window shows (at most 48 bytes UTF-8); usually this room.'),
  Member_Account: UserId('User whose stream this window shows; must be on a seat.').optional(),
  StreamType: z.number().int().min(0).optional().describe('Which stream of the user: the samples use 0 and 1 (presumably 0 = camera, 1 = screen share; not confirmed by Tencent).'),
  ZOrder: z.number().int().min(0).optional().describe('Layer order; higher values are drawn on top.'),
};

const LayoutWindow = z.strictObject({
  LocationX: Px('X of the window\'s top-left corner'),
  LocationY: Px('Y of the window\'s top-left corner'),
  ImageWidth: z.number().int().min(1).optional().describe('Window width in pixels.'),
  ImageHeight: z.number().int().min(1).optional().describe('Window height in pixels.'),
  ...windowFields,
}).describe('One small window of the custom layout.');

const LAYOUT_GRID = 0;
const LAYOUT_CUSTOM = 1000;

export const mixTools = [
  defineTool({
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

  defineTool({
    title: 'Set a room\'s mix-stream layout',
    description:
      'Sets how the cloud mixing (MCU) task of a live room composes the seated hosts into one stream: ' +
      'LayoutMode 0 = automatic grid, 1000 = custom (LayoutInfo places each host\'s window). Starts the mix task ' +
      'if the room has none. The room must support seats and have been created with IsUnlimitedRoomEnabled=true ' +
      '(else 100006), and every host placed in a custom layout must be on a seat (read get_seat_list first). ' +
      'Tencent never published this call\'s field table: the fields here are reconstructed from the doc\'s grid ' +
      'and custom samples. Mixing calls share 20 per second per app with resume_mcu_task (100422 when exceeded).',
    endpoint: ENDPOINTS.set_mix_stream,
    input: z.strictObject({
      RoomId,
      LayoutMode: z.literal([LAYOUT_GRID, LAYOUT_CUSTOM]).describe('0 = automatic grid of the seated hosts; 1000 = custom layout described by LayoutInfo.'),
      VideoEncode: z.strictObject({
        Width: z.number().int().min(1).optional().describe('Canvas width in pixels (sample: 720).'),
        Height: z.number().int().min(1).optional().describe('Canvas height in pixels (sample: 1280).'),
      }).optional().describe('Size of the mixed output canvas.'),
      LayoutInfo: z.strictObject({
        LayoutList: z.array(LayoutWindow).max(UNDOCUMENTED_LIST_CAP).optional().describe(`The small windows, one per placed stream (at most ${UNDOCUMENTED_LIST_CAP}; Tencent documents no cap).`),
        MaxUserLayout: z.strictObject(windowFields).optional().describe('The large background window (full canvas).'),
      }).optional().describe('The custom layout; required when LayoutMode is 1000, not used with 0.'),
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
