// Sandbox handlers: messages. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const messagesHandlers: Record<string, Handler> = {};
