import { z } from 'zod';
import { ledgerDate } from '../ledger/ledger-dates';
import { binaryBody } from '../platform/http/responses';

const dimension = z.string().trim().min(1).max(100).optional();

/** Days-past-due upper bounds of every bucket but the last: `30,60,90` gives current, 1-30, 31-60, 61-90, over 90. */
const agingBuckets = z
  .string()
  .regex(/^\d{1,4}(,\d{1,4}){0,9}$/, 'ascending day counts separated by commas, e.g. 30,60,90')
  .optional()
  .transform((text) => (text ?? '30,60,90').split(',').map(Number))
  .refine((days) => days.every((d, i) => d > 0 && (i === 0 || d > days[i - 1]!)), 'ascending, above zero')
  .meta({ description: 'Upper bounds in days past due of each bucket but the last (default 30,60,90)' });

export const agingQuery = z.object({
  asOf: ledgerDate,
  buckets: agingBuckets,
  facility: dimension,
  division: dimension,
  format: z.enum(['json', 'csv', 'pdf']).default('json'),
});
export type AgingQuery = z.infer<typeof agingQuery>;

const amount = z.string();
export const agingReport = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    buckets: z.array(z.string()).meta({ description: 'Bucket names, in order: current, then by days past due' }),
    vendors: z.array(
      z.object({
        vendorId: z.string(),
        name: z.string(),
        buckets: z.array(amount),
        total: amount,
        bills: z.number().int(),
      }),
    ),
    totals: z.object({ buckets: z.array(amount), total: amount }),
    documentsRead: z.number().int().meta({ description: 'Documents the report read from the store' }),
  })
  .meta({ id: 'ApAging' });
export type AgingReport = z.infer<typeof agingReport>;

export const agingResponse = {
  200: {
    'application/json': agingReport,
    'text/csv': z.string().meta({ description: 'One row per vendor and a totals row, with a header line' }),
    'application/pdf': binaryBody,
  },
};
