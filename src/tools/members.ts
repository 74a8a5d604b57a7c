// Family: members. Rows are added as the family's endpoints become tools.
import type { ToolDef } from './types.js';

export const membersTools: ToolDef[] = [];
