// Family: conference. Rows are added as the family's endpoints become tools.
import type { ToolDef } from './types.js';

export const conferenceTools: ToolDef[] = [];
