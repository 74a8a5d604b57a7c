// Sandbox handlers: battles. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const battlesHandlers: Record<string, Handler> = {};
