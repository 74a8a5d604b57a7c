// Sandbox handlers: gifts. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const giftsHandlers: Record<string, Handler> = {};
