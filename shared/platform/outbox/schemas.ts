import { z } from 'zod';
import { pageOf } from '../http/schema-parts';
import { recordId, tenantIdPattern } from '../ids';
import { outboxQueues, outboxStates } from './outbox-record';

const works = Object.keys(outboxQueues) as Array<keyof typeof outboxQueues>;

export const outboxListQuery = z.object({
  state: z.enum(outboxStates).optional(),
  work: z.enum(works).optional(),
  continuationToken: z.string().max(4000).optional(),
});

const outboxItem = z
  .object({
    id: z.string(),
    work: z.enum(works),
    state: z.enum(outboxStates),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    result: z.record(z.string(), z.string()).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    email: z.object({ to: z.array(z.string()), subject: z.string(), purpose: z.string() }).optional(),
  })
  .meta({ id: 'OutboxRecord' });

export const outboxPage = pageOf(outboxItem);

/** A queue message naming an outbox record. */
export const outboxMessage = z.object({
  tenantId: z.string().regex(tenantIdPattern),
  outboxId: recordId,
});
