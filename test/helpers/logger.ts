// A Logger for tests that assert on what was logged (e.g. that the console token never is).
// Each line is kept as the JSON text of { m, ...fields }, so a test can search it as a string.
import type { Logger } from '../../src/logger.js';

export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string, f?: Record<string, unknown>) => void lines.push(JSON.stringify({ m, ...f }));
  // addSecret does nothing: these tests check what the caller hands the logger, not masking.
  return { logger: { debug: keep, info: keep, warn: keep, error: keep, addSecret: () => {} }, lines };
}
