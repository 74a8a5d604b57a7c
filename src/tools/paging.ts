// Paged reads for agents: list tools whose API pages with a cursor accept `MaxPages`, and follow the
// cursor for that many pages in one call. The field is ours, not Tencent's, and is never sent.
import * as z from 'zod/v4';

export interface Paging {
  /** The request field that carries the cursor ('Next' or 'Offset'). */
  request: 'Next' | 'Offset';
  /** The response field with the next cursor ('' or 0 when finished). */
  response: 'Next' | 'NextOffset';
  /** The response list that pages accumulate into. */
  items: string;
}

export const MAX_PAGES_LIMIT = 50;

export const MaxPages = z
  .number()
  .int()
  .min(1)
  .max(MAX_PAGES_LIMIT)
  .default(1)
  .describe(
    'Ours, not Tencent\'s: read up to this many pages in one call, rate-paced, with progress; returns all items and the resume cursor.',
  );

/** Adds MaxPages to a list tool's input. */
export function pageable<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...shape, MaxPages });
}

/** The page count the result reports beside the vendor's fields. */
export const Pages = z.number().optional().describe('Pages read (MaxPages > 1).');

export function finished(next: unknown): boolean {
  return next === undefined || next === null || next === '' || next === 0 || next === '0';
}
