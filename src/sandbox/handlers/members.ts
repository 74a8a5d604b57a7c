// Sandbox handlers: members. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const membersHandlers: Record<string, Handler> = {};
