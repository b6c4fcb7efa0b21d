import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError } from '../platform/errors';
import { DimensionBalances } from './dimension-balances';
import { lastDayOf } from './ledger-dates';
import type { JournalEntry, StoredLine } from './journal-entry';
import type { ClosingEntry, EntryToNumber, PeriodStore } from './period-store';
import { reversedLines } from './posting-rules';

/**
 * At the close of a fiscal year's last month, a closing entry moves every income and expense
 * balance into retained earnings (per facility and division), posted with the next number in
 * the close's own transaction, and the snapshot records the post-closing balances (`balances`
 * gets the entry's lines). Returns the closing entry, or null when the month is not a year end
 * or has nothing to close.
 */
export async function yearEndClosingEntry(
  store: PeriodStore,
  context: TenantContext,
  month: string,
  version: number,
  balances: DimensionBalances,
  now: Date,
): Promise<ClosingEntry | null> {
  const books = await store.readBooks();
  const startMonth = books.fiscalYearStartMonth;
  const lastMonthOfYear = startMonth === 1 ? 12 : startMonth - 1;
  if (Number(month.slice(5, 7)) !== lastMonthOfYear) return null;
  const accounts = new Map((await store.listAccounts()).map((a) => [a.id, a]));
  const retained = books.retainedEarningsAccountId ? accounts.get(books.retainedEarningsAccountId) : undefined;
  if (!retained || retained.accountType !== 'equity')
    throw new ConflictError('Choose an equity account for retained earnings before closing the fiscal year');

  const lines: StoredLine[] = [];
  // Net income per facility and division, gathered on the retained-earnings account.
  const net = new DimensionBalances();
  for (const { accountId, facility, division, amount } of balances.entries()) {
    const type = accounts.get(accountId)?.accountType;
    if (amount === 0n || (type !== 'revenue' && type !== 'expense')) continue;
    lines.push({
      accountId,
      side: amount > 0n ? 'credit' : 'debit',
      amountMinor: (amount > 0n ? amount : -amount).toString(),
      facility,
      division,
      memo: null,
    });
    net.add({ accountId: retained.id, facility, division }, amount);
  }
  if (lines.length === 0) return null;
  for (const { facility, division, amount } of net.entries()) {
    if (amount === 0n) continue;
    lines.push({
      accountId: retained.id,
      side: amount > 0n ? 'debit' : 'credit',
      amountMinor: (amount > 0n ? amount : -amount).toString(),
      facility,
      division,
      memo: null,
    });
  }
  for (const line of lines) {
    balances.add(line, line.side === 'debit' ? BigInt(line.amountMinor) : -BigInt(line.amountMinor));
  }
  const entry: EntryToNumber['entry'] = {
    status: 'posted',
    date: lastDayOf(month),
    memo: `Year-end close of the fiscal year ending ${month}`,
    reference: null,
    currency: books.baseCurrency,
    lines,
    reversalOf: null,
    postedAt: now.toISOString(),
    postedBy: context.actor.id,
    closing: true,
  };
  // One id per close of the month: a reopened year end closes again with a fresh closing entry.
  return { id: `je-year-end-${month}-v${version}`, entry, firstPostingOf: retained.hasPostings ? null : retained };
}

/**
 * Reopening a fiscal year-end month takes its closing entry back: a posted, numbered mirror
 * image on the same date, linked both ways like any reversal. The year's income and expense are
 * open again, so adjustments reach retained earnings when the month closes again with a fresh
 * closing entry. Both are closing entries, which statements of income leave out.
 */
export function closingReversal(
  closing: Stored<JournalEntry>,
  context: TenantContext,
  now: Date,
): EntryToNumber & { readonly reversalOf: string } {
  const reversal: EntryToNumber['entry'] = {
    status: 'posted',
    date: closing.date,
    memo: `Reversal of year-end closing entry ${closing.number}: the month was reopened`,
    reference: null,
    currency: closing.currency,
    lines: reversedLines(closing.lines),
    reversalOf: closing.id,
    postedAt: now.toISOString(),
    postedBy: context.actor.id,
    closing: true,
  };
  return { id: `${closing.id}-reversal`, entry: reversal, reversalOf: closing.id };
}
