import type { TenantContext } from '../platform/actor';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { accountType, type Account } from './accounts';
import { readBooks } from './books';
import { journalEntryType, type JournalEntry, type StoredLine } from './journal-entry';
import { balanceKey } from './periods';

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
  balances: Map<string, bigint>,
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
  const netByDimension = new Map<string, bigint>();
  for (const [key, amount] of balances) {
    const [accountId, facility, division] = key.split('|') as [string, string, string];
    const type = accounts.get(accountId)?.accountType;
    if (amount === 0n || (type !== 'revenue' && type !== 'expense')) continue;
    lines.push({
      accountId,
      side: amount > 0n ? 'credit' : 'debit',
      amountMinor: (amount > 0n ? amount : -amount).toString(),
      facility: facility || null,
      division: division || null,
      memo: null,
    });
    const dimension = `${facility}|${division}`;
    netByDimension.set(dimension, (netByDimension.get(dimension) ?? 0n) + amount);
  }
  if (lines.length === 0) return;
  for (const [dimension, net] of netByDimension) {
    if (net === 0n) continue;
    const [facility, division] = dimension.split('|') as [string, string];
    lines.push({
      accountId: retained.id,
      side: net > 0n ? 'debit' : 'credit',
      amountMinor: (net > 0n ? net : -net).toString(),
      facility: facility || null,
      division: division || null,
      memo: null,
    });
  }
  for (const line of lines) {
    const key = balanceKey(line.accountId, line.facility, line.division);
    const signed = line.side === 'debit' ? BigInt(line.amountMinor) : -BigInt(line.amountMinor);
    balances.set(key, (balances.get(key) ?? 0n) + signed);
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
