/** Cursor pagination of every list endpoint: the query's `limit` and `cursor`, the answer's `nextCursor`. */
import * as z from 'zod';

export const pageQuery = {
  limit: z
    .string()
    .max(16)
    .optional()
    .describe('Items per page, 1–100 (default 50); beyond → 400 INVALID_LIMIT'),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe('The previous page’s nextCursor, unchanged, with the same query (else 400 INVALID_CURSOR)'),
};
export const nextCursor = z
  .string()
  .optional()
  .describe('Present when more may follow: pass it as `cursor` for the next page (a page may be short)');
