import { z } from 'zod';
import { accountTypes } from './accounts';

/**
 * What the ledger sends, one schema per shape. The pipeline passes every answer through these,
 * so a field not named here (the partition key, ETags, document types) never leaves.
 */

const amount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: "A decimal string in the currency's ISO 4217 exponent", example: '1234.50' });
const side = z.enum(['debit', 'credit']);
const nullableText = z.string().nullable();

export const accountView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(accountTypes),
    normalBalance: side,
    parentId: nullableText,
    facility: nullableText,
    division: nullableText,
    active: z.boolean(),
    deleted: z.boolean(),
  })
  .meta({ id: 'Account' });
export const accountList = z.object({ items: z.array(accountView) });

export const journalEntryView = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'posted']),
    number: z.number().int().nullable(),
    date: z.iso.date(),
    memo: z.string(),
    reference: nullableText,
    currency: z.string(),
    reversalOf: nullableText,
    reversedBy: nullableText,
    postedAt: nullableText,
    postedBy: nullableText,
    lines: z.array(
      z.object({
        accountId: z.string(),
        side,
        amount,
        facility: nullableText,
        division: nullableText,
        memo: nullableText,
      }),
    ),
  })
  .meta({ id: 'JournalEntry' });
export const journalEntryPage = z.object({ items: z.array(journalEntryView), continuationToken: nullableText });

export const periodView = z
  .object({
    month: z.string(),
    status: z.enum(['open', 'closed', 'locked']),
    postings: z.number().int(),
    closedAt: nullableText,
    closedBy: nullableText,
    snapshotVersion: z.number().int().optional(),
  })
  .meta({ id: 'Period' });
export const periodList = z.object({ items: z.array(periodView) });
export const periodReopened = z.object({ state: z.literal('reopened'), period: periodView });
export const reopenAwaitingApproval = z.object({ state: z.literal('awaiting-approval') });

export const dualControlSetting = z.object({ dualControl: z.boolean() });
export const retainedEarningsSetting = z.object({ retainedEarningsAccountId: z.string() });

const reportRow = z
  .object({ accountId: z.string(), parentId: nullableText, code: z.string(), name: z.string(), amount })
  .meta({ id: 'ReportRow' });

export const trialBalanceReport = z.object({
  asOf: z.iso.date(),
  currency: z.string(),
  rows: z.array(
    z.object({
      accountId: z.string(),
      parentId: nullableText,
      code: z.string(),
      name: z.string(),
      type: z.enum(accountTypes),
      debit: amount,
      credit: amount,
    }),
  ),
  totals: z.object({ debit: amount, credit: amount }),
});

export const incomeStatementReport = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  currency: z.string(),
  revenue: z.array(reportRow),
  expenses: z.array(reportRow),
  totals: z.object({ revenue: amount, expenses: amount, netIncome: amount }),
});

export const balanceSheetReport = z.object({
  asOf: z.iso.date(),
  currency: z.string(),
  assets: z.array(reportRow),
  liabilities: z.array(reportRow),
  equity: z.array(reportRow),
  unclosedEarnings: amount,
  totals: z.object({ assets: amount, liabilitiesAndEquity: amount }),
});

export const accountDetailReport = z.object({
  accountId: z.string(),
  code: z.string(),
  currency: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** On the first page only: the balance before `from`. */
  opening: amount.optional(),
  lines: z.array(
    z.object({
      entryId: z.string(),
      number: z.number().int().nullable(),
      date: z.iso.date(),
      memo: z.string(),
      debit: amount,
      credit: amount,
      balance: amount,
    }),
  ),
  continuationToken: nullableText,
});

/** A report as JSON, or its rows as a spreadsheet-ready CSV file with `format=csv`. */
export const reportOrCsv = <S extends z.ZodType>(report: S) => ({
  'application/json': report,
  'text/csv': z.string().meta({ description: 'The report rows as CSV with a header line' }),
});
