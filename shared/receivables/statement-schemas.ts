import { z } from 'zod';
import { ledgerDate } from '../ledger/ledger-dates';
import { prefixedId } from '../platform/ids';

/** Customer statements and statement runs. */

export const statementQuery = z.object({
  from: ledgerDate,
  to: ledgerDate,
  format: z.enum(['json', 'pdf']).default('json'),
});
export const statementView = z
  .object({
    customer: z.object({ name: z.string(), address: z.array(z.string()).optional() }),
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    openingBalance: z.string(),
    activity: z.array(
      z.object({
        date: z.string(),
        kind: z.enum(['Invoice', 'Receipt', 'Credit note']),
        reference: z.string(),
        charges: z.string(),
        credits: z.string(),
        balance: z.string(),
      }),
    ),
    closingBalance: z.string(),
    aging: z.array(z.object({ bucket: z.string(), amount: z.string() })),
  })
  .meta({ id: 'CustomerStatement' });

export const statementRunInput = z
  .object({ from: ledgerDate, to: ledgerDate, overdueOnly: z.boolean().default(false) })
  .strict()
  .refine((input) => input.from <= input.to, { path: ['from'], message: 'on or before `to`' });
export const statementRunParams = z.object({ id: prefixedId('statement-run', 'a statement run id') });
export const statementRunView = z
  .object({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    overdueOnly: z.boolean(),
    trigger: z.enum(['manual', 'scheduled']),
    state: z.enum(['started', 'completed']),
    customers: z.number().int(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'StatementRun' });
export const statementRunList = z.object({ items: z.array(statementRunView) });
export const statementRunReportView = z
  .object({
    run: statementRunView,
    deliveries: z.array(
      z.object({
        customerId: z.string(),
        state: z.enum(['sent', 'skipped']),
        reason: z.string().nullable(),
        to: z.array(z.string()),
        suppressed: z.array(z.string()),
        emailState: z.string().nullable(),
        documentId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'StatementRunReport' });
