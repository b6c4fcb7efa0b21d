import type { TenantContext } from '../platform/actor';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { accountType, type Account } from './accounts';
import { readBooks } from './books';
import { journalEntryType, type JournalEntry, type StoredLine } from './journal-entry';
import { DimensionBalances } from './dimension-balances';

export const lastDayOf = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
};

/**
 * At the close of a fiscal year's last month, a closing entry moves every income and expense
 * balance into retained earnings (per facility and division), posted with the next number in
 * the close's own transaction, and the snapshot records the post-closing balances.
 */
export async function stageYearEndClose(
  repository: TenantRepository,
  transaction: TenantTransaction,
  context: TenantContext,
  month: string,
  balances: DimensionBalances,
  now: Date,
): Promise<void> {
  const books = await readBooks(repository);
  const startMonth = books.fiscalYearStartMonth;
  const lastMonthOfYear = startMonth === 1 ? 12 : startMonth - 1;
  if (Number(month.slice(5, 7)) !== lastMonthOfYear) return;
  const accounts = new Map((await repository.queryAll<Account>(accountType)).map((a) => [a.id, a]));
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
  if (lines.length === 0) return;
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
  const counter = await repository.find<{ last: number }>('journal-entry-counter', 'journal-entry-counter');
  const number = (counter?.last ?? 0) + 1;
  const entry: JournalEntry = {
    status: 'posted',
    number,
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
  transaction.create(journalEntryType, `je-year-end-${month}`, entry, { immutable: true });
  if (counter) transaction.replace(counter, { last: number });
  else transaction.create('journal-entry-counter', 'journal-entry-counter', { last: number });
  transaction.replace(retained, { ...retained, postingCount: retained.postingCount + 1 });
}
