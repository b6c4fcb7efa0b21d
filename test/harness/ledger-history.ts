import { randomUUID } from 'node:crypto';
import { createAccount, type LedgerDependencies } from '../../shared/ledger/accounts';
import { journalEntryType, type JournalEntry, type StoredLine } from '../../shared/ledger/journal-entry';
import { lastDayOf, nextMonth } from '../../shared/ledger/ledger-dates';
import { closePeriod } from '../../shared/ledger/period-close';
import { periodId, periodType } from '../../shared/ledger/periods';
import type { Period } from '../../shared/ledger/schemas';
import type { TenantContext } from '../../shared/platform/actor';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';

export interface HistoryBooks {
  readonly context: TenantContext;
  /** Five asset accounts, then five revenue accounts. */
  readonly accounts: readonly string[];
}

/** An organisation with a chart of ten accounts and retained earnings, books starting at `startMonth`. */
export async function newHistoryBooks(deps: LedgerDependencies, startMonth: string): Promise<HistoryBooks> {
  const context: TenantContext = {
    tenantId: `org-history-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-history', kind: 'member' },
    restrictions: {},
  };
  const repository = new TenantRepository(deps.container, context, deps.clock);
  await repository.create('organization', context.tenantId, {
    slug: context.tenantId,
    name: 'History',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: startMonth,
  });
  const accounts: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const type = i < 5 ? 'asset' : 'revenue';
    accounts.push((await createAccount(deps, context, { code: String(1000 + i * 100), name: `A${i}`, type })).id);
  }
  const retained = await createAccount(deps, context, { code: '3900', name: 'Retained earnings', type: 'equity' });
  await repository.update('organization', context.tenantId, (o: object) => ({
    ...o,
    retainedEarningsAccountId: retained.id,
  }));
  return { context, accounts };
}

/**
 * Posted history written as posting writes it (immutable posted entries, in transactional
 * batches of whole entries), without going through the API one entry at a time: a million lines
 * take seconds this way. Debits alternate over the asset accounts and credits over the revenue
 * accounts, so every entry balances; `place` spreads lines over facilities and divisions.
 */
export async function writePostedHistory(
  deps: LedgerDependencies,
  books: HistoryBooks,
  options: {
    readonly startMonth: string;
    readonly months: number;
    readonly entriesPerMonth: number;
    readonly linesPerEntry: number;
    readonly place?: (entry: number, line: number) => Pick<StoredLine, 'facility' | 'division'>;
  },
): Promise<void> {
  const repository = new TenantRepository(deps.container, books.context, deps.clock);
  const entries: Array<{ id: string; entry: JournalEntry }> = [];
  let month = options.startMonth;
  for (let m = 0; m < options.months; m += 1, month = nextMonth(month)) {
    for (let e = 0; e < options.entriesPerMonth; e += 1) {
      const index = entries.length;
      const lines: StoredLine[] = Array.from({ length: options.linesPerEntry }, (_, i) => ({
        accountId: books.accounts[i % 2 === 0 ? (i / 2) % 5 : 5 + (((i - 1) / 2) % 5)]!,
        side: i % 2 === 0 ? 'debit' : 'credit',
        amountMinor: '1234',
        ...(options.place?.(index, i - (i % 2)) ?? { facility: null, division: null }),
        memo: null,
      }));
      entries.push({
        id: `je-history-${randomUUID()}`,
        entry: {
          status: 'posted',
          number: index + 1,
          date: `${month}-${String(1 + (e % 28)).padStart(2, '0')}`,
          memo: 'history',
          reference: null,
          currency: 'USD',
          lines,
          reversalOf: null,
          postedAt: `${lastDayOf(month)}T12:00:00.000Z`,
          postedBy: books.context.actor.id,
        },
      });
    }
  }
  // A batch carries at most 2 MB: about 1.4 MB of entries each.
  const perBatch = Math.max(1, Math.min(100, Math.floor(10_000 / options.linesPerEntry)));
  const batches: Array<typeof entries> = [];
  for (let i = 0; i < entries.length; i += perBatch) batches.push(entries.slice(i, i + perBatch));
  let next = 0;
  const worker = async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) {
      const transaction = repository.transaction();
      for (const { id, entry } of batch) transaction.create(journalEntryType, id, entry, { immutable: true });
      await transaction.commit();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  // Posting creates or counts its month's period in the same batch; reports rely on it.
  for (let m = 0, month = options.startMonth; m < options.months; m += 1, month = nextMonth(month)) {
    const period = await repository.find<Period>(periodType, periodId(month));
    const postings = (period?.postings ?? 0) + options.entriesPerMonth;
    if (period) await repository.replace(period, { ...period, postings });
    else
      await repository.create<Period>(periodType, periodId(month), {
        month,
        status: 'open',
        postings,
        closedAt: null,
        closedBy: null,
      });
  }
}

/** Closes `count` months in order from `startMonth`, as the scheduled close would. */
export async function closeMonths(
  deps: LedgerDependencies,
  books: HistoryBooks,
  startMonth: string,
  count: number,
): Promise<void> {
  const system: TenantContext = { tenantId: books.context.tenantId, actor: { id: 'system:test', kind: 'system' } };
  for (let i = 0, month = startMonth; i < count; i += 1, month = nextMonth(month))
    await closePeriod(deps, system, month);
}
