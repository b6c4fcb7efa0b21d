import { z } from 'zod';
import { recordId } from '../ids';

const day = z.iso
  .date()
  .refine((value) => value >= '2000-01-01' && value <= '2199-12-31', 'a day between 2000-01-01 and 2199-12-31');

/** Filters and paging of the audit review; every filter optional, days inclusive (UTC). */
export const auditQuery = z
  .object({
    action: z
      .string()
      .regex(/^[a-z0-9.-]{1,100}$/, 'an action such as access.refused')
      .optional(),
    actor: recordId.optional(),
    from: day.optional(),
    to: day.optional(),
    targetType: z
      .string()
      .regex(/^[a-z0-9-]{1,50}$/, 'a target type such as member')
      .optional(),
    targetId: recordId.optional(),
    pageSize: z.coerce.number().int().min(1).max(1000).optional(),
    continuationToken: z.string().max(200).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

/** What the audit review routes send: the record as hashed (so a reviewer can re-check it), nothing else. */

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const auditRecordView = z
  .object({
    sequence: z.number().int(),
    timestamp: z.string(),
    actor: z.object({ id: z.string(), kind: z.string() }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    details: z.record(z.string(), detailValue).nullable(),
    previousHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditRecord' });

export const auditPage = z.object({
  items: z.array(auditRecordView),
  continuationToken: z.string().nullable(),
});

export const auditPageOrCsv = {
  'application/json': auditPage,
  'text/csv': z
    .string()
    .meta({ description: 'The page as CSV with a header line; the next token is in x-continuation-token' }),
};

export const chainReport = z
  .object({
    intact: z.boolean(),
    verifiedThrough: z.number().int(),
    brokenAt: z.number().int().nullable(),
    problem: z.enum(['hash-mismatch', 'broken-link', 'gap', 'head-mismatch']).nullable(),
    summary: z.string(),
  })
  .meta({ id: 'AuditChainReport' });
