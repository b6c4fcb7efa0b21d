import { z } from 'zod';
import { ledgerDate } from './ledger-dates';
import { accountTypes, amount, nullableText } from './schemas';

/** What the financial statements accept and send, one schema per shape. */

const dimensions = {
  facility: z.string().trim().min(1).max(100).optional(),
  division: z.string().trim().min(1).max(100).optional(),
};
const format = z.enum(['json', 'csv']).default('json');

/** A statement as of one date: trial balance and balance sheet. */
export const asOfQuery = z.object({ asOf: ledgerDate, format, ...dimensions });
export const periodQuery = z
  .object({ from: ledgerDate, to: ledgerDate, format, ...dimensions })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export const accountDetailQuery = z.object({
  from: ledgerDate,
  to: ledgerDate,
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
  continuationToken: z.string().max(8000).optional(),
  format,
  ...dimensions,
});

const trialBalanceRow = z.object({
  accountId: z.string(),
  /** For roll-up: clients group rows under their parent account. */
  parentId: nullableText,
  code: z.string(),
  name: z.string(),
  type: z.enum(accountTypes),
  debit: amount,
  credit: amount,
});
export type TrialBalanceRow = z.infer<typeof trialBalanceRow>;
export const trialBalanceReport = z.object({
  asOf: z.iso.date(),
  currency: z.string(),
  rows: z.array(trialBalanceRow),
  totals: z.object({ debit: amount, credit: amount }),
});
export type TrialBalance = z.infer<typeof trialBalanceReport>;

const reportRow = z
  .object({ accountId: z.string(), parentId: nullableText, code: z.string(), name: z.string(), amount })
  .meta({ id: 'ReportRow' });
export type ReportRow = z.infer<typeof reportRow>;

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
      /** The line's memo, else its entry's; null when neither may be shown (an entry partly out of the member's reach). */
      memo: nullableText,
      debit: amount,
      credit: amount,
      balance: amount,
    }),
  ),
  continuationToken: nullableText,
});

/** A report as JSON, or its rows as a spreadsheet-ready CSV file with `format=csv`. */
export const reportOrCsv = <S extends z.ZodType>(report: S) => ({
  200: {
    'application/json': report,
    'text/csv': z.string().meta({ description: 'The report rows as CSV with a header line' }),
  },
});
