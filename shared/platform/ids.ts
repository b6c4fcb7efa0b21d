import { z } from 'zod';

/**
 * Id shapes, written once. Every stored record's id fits `recordIdPattern`: Cosmos forbids
 * `/ \ ? #` in ids, and this subset is also safe in URLs without escaping.
 */
export const recordIdPattern = /^[A-Za-z0-9._:-]{1,200}$/;
export const recordId = z.string().regex(recordIdPattern, 'not a valid id');

/** An organisation's id (the partition key) as tokens carry it. */
export const tenantIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Ids the app makes carry their kind: `account-…`, `je-…`, `session-…`. */
export const prefixedIdPattern = (prefix: string) => new RegExp(`^${prefix}-[A-Za-z0-9-]{1,100}$`);
export const prefixedId = (prefix: string, description: string) =>
  z.string().regex(prefixedIdPattern(prefix), description);
