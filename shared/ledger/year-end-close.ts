import type { TenantContext } from '../platform/actor';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { accountType, type Account } from './accounts';
import { readBooks } from './books';
import { DimensionBalances } from './dimension-balances';
import { stageNextEntryNumber } from './entry-numbers';
import { lastDayOf } from './ledger-dates';
import { journalEntryType, reversalLinkType, type JournalEntry, type StoredLine } from './journal-entry';
import { reversedLines } from './posting-rules';

/**
 * At the close of a fiscal year's last month, a closing entry moves every income and expense
 * balance into retained earnings (per facility and division), posted with the next number in
 * the close's own transaction, and the snapshot records the post-closing balances. Returns the
 * closing entry's id, or null when the month is not a year end or has nothing to close.
 */
export async function stageYearEndClose(
  repository: TenantRepository,
  transaction: TenantTransaction,
  context: TenantContext,
  month: string,
  version: number,
  balances: DimensionBalances,
  now: Date,
): Promise<string | null> {
  const books = await readBooks(repository);
  const startMonth = books.fiscalYearStartMonth;
  const lastMonthOfYear = startMonth === 1 ? 12 : startMonth - 1;
  if (Number(month.slice(5, 7)) !== lastMonthOfYear) return null;
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
  const entry: JournalEntry = {
    status: 'posted',
    number: await stageNextEntryNumber(repository, transaction),
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
  const id = `je-year-end-${month}-v${version}`;
  transaction.create(journalEntryType, id, entry, { immutable: true });
  if (!retained.hasPostings) transaction.replace(retained, { ...retained, hasPostings: true });
  return id;
}

/**
 * Reopening a fiscal year-end month takes its closing entry back: a posted, numbered mirror
 * image on the same date, linked both ways like any reversal. The year's income and expense are
 * open again, so adjustments reach retained earnings when the month closes again with a fresh
 * closing entry. Both are closing entries, which statements of income leave out.
 */
export async function stageClosingReversal(
  repository: TenantRepository,
  transaction: TenantTransaction,
  context: TenantContext,
  closingEntryId: string,
  now: Date,
): Promise<string> {
  const closing = await repository.get<JournalEntry>(journalEntryType, closingEntryId);
  const flipped = reversedLines(
    closing.lines.map((l) => ({ accountId: l.accountId, side: l.side, amount: BigInt(l.amountMinor) })),
  );
  const reversal: JournalEntry = {
    status: 'posted',
    number: await stageNextEntryNumber(repository, transaction),
    date: closing.date,
    memo: `Reversal of year-end closing entry ${closing.number}: the month was reopened`,
    reference: null,
    currency: closing.currency,
    lines: closing.lines.map((line, index) => ({ ...line, side: flipped[index]!.side })),
    reversalOf: closing.id,
    postedAt: now.toISOString(),
    postedBy: context.actor.id,
    closing: true,
  };
  const id = `${closing.id}-reversal`;
  transaction.create(journalEntryType, id, reversal, { immutable: true });
  transaction.create(reversalLinkType, `reversal-of-${closing.id}`, { reversalId: id });
  return id;
}
