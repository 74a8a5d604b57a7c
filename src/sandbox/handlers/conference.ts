// Sandbox handlers: conference. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const conferenceHandlers: Record<string, Handler> = {};
