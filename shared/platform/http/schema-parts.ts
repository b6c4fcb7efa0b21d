import { z } from 'zod';

/**
 * Who created a record and who last changed it, and when: every business record carries them,
 * set by the data layer from the authenticated actor (ARCHITECTURE §2.5), and its view shows them.
 */
export const attributionFields = {
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
};

/** One page of a list: its items and, while more follow, the token that reads the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), continuationToken: z.string().optional() });
}

/** A paged list's query: up to 100 a page (50 unless asked) and where the previous page stopped. */
export const pageQueryFields = {
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  continuationToken: z.string().max(4000).optional(),
};

/** A yes/no query parameter: `true` or `false` in the URL, a boolean to the service (absent: false). */
export const queryFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');
