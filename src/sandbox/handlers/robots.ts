// Sandbox handlers: robots. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const robotsHandlers: Record<string, Handler> = {};
