// Sandbox handlers: stats. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const statsHandlers: Record<string, Handler> = {};
