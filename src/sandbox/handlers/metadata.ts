// Sandbox handlers: metadata. Each entry is keyed with handlerKey(<tool name>).
import type { Handler } from './types.js';

export const metadataHandlers: Record<string, Handler> = {};
