import type { TenantContext } from '../platform/actor';
import type { LedgerDependencies } from './accounts';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, ValidationError } from '../platform/errors';
import { readBooks } from './books';
import { DimensionBalances, type SnapshotBalance } from './dimension-balances';
import type { JournalEntry } from './journal-entry';
import { LedgerRepository, type EntryInFigures } from './ledger-repository';
import { periodView, type Period } from './schemas';

export const periodType = 'period';
export const snapshotType = 'balance-snapshot';

/**
 * Closing balances (minor units, debit positive) at a month's end, one row per account,
 * facility and division, so filtered and restricted reports can start from it too. The place is
 * stored as separate values, never as one joined key. Never changes once written.
 */
export interface BalanceSnapshot {
  readonly month: string;
  readonly rows: readonly SnapshotBalance[];
}

export interface DimensionFilter {
  readonly facility?: string;
  readonly division?: string;
}

export const periodId = (month: string) => `period-${month}`;
export const snapshotId = (month: string, version: number) => `balance-snapshot-${month}-v${version}`;

export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Adds the posting's claim on its month to a posting transaction: the period document is
 * replaced (or created) under its ETag, so a close committed meanwhile makes the post fail and
 * retry (then refused as closed), and a post committed meanwhile makes the close fail and retry
 * (then included in the snapshot).
 */
export async function stagePostingIntoPeriod(
  repository: TenantRepository,
  transaction: TenantTransaction,
  date: string,
): Promise<void> {
  const month = date.slice(0, 7);
  if (month < (await booksStartMonth(repository))) {
    throw new ValidationError('The entry cannot be posted', [
      { field: 'date', reason: 'the date is before the start of the books' },
    ]);
  }
  const period = await repository.find<Period>(periodType, periodId(month));
  if (period && period.status !== 'open')
    throw new ValidationError('The entry cannot be posted', [
      { field: 'date', reason: 'the period for this date is closed' },
    ]);
  if (period) transaction.replace(period, { ...period, postings: period.postings + 1 });
  else
    transaction.create<Period>(periodType, periodId(month), {
      month,
      status: 'open',
      postings: 1,
      closedAt: null,
      closedBy: null,
    });
}

export function addLines(balances: DimensionBalances, entries: readonly JournalEntry[]): void {
  for (const entry of entries) {
    for (const line of entry.lines) {
      const amount = BigInt(line.amountMinor);
      balances.add(line, line.side === 'debit' ? amount : -amount);
    }
  }
}

/** Posted entries in a date range, each with the lines in the member's reach (all, for closes). */
export async function postedEntriesBetween(
  repository: LedgerRepository,
  fromExclusive: string | null,
  toInclusive: string,
): Promise<EntryInFigures[]> {
  return repository.queryAllLines({
    where: `c.status = 'posted' AND c.date <= @to${fromExclusive ? ' AND c.date > @from' : ''}`,
    parameters: [
      { name: '@to', value: toInclusive },
      ...(fromExclusive ? [{ name: '@from', value: fromExclusive }] : []),
    ],
  });
}

export const monthEnd = (month: string) => `${month}-31`;

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The current snapshot of a month, if the month is closed or locked. */
export async function closedSnapshot(
  repository: TenantRepository,
  month: string,
): Promise<Stored<BalanceSnapshot> | undefined> {
  const period = await repository.find<Period>(periodType, periodId(month));
  if (!period || period.status === 'open' || !period.snapshotVersion) return undefined;
  return repository.find<BalanceSnapshot>(snapshotType, snapshotId(month, period.snapshotVersion));
}

/**
 * The books run from a start month, and months close strictly in order from it. With both,
 * every month before the latest closed one is closed, so no posting can slip into the past
 * behind a snapshot; and a post racing the close of its own month meets it on that month's
 * period document.
 */
export async function booksStartMonth(repository: TenantRepository): Promise<string> {
  const { booksStartMonth } = await readBooks(repository);
  if (!booksStartMonth) throw new ConflictError('The organisation has no books start month yet');
  return booksStartMonth;
}

/**
 * Balances of every account as of a date: the latest snapshot of a month wholly before it,
 * plus postings after that snapshot up to the date. Cost: accounts + lines since the last close.
 */
export async function balancesAsOf(
  repository: LedgerRepository,
  asOf: string,
  filter: DimensionFilter = {},
): Promise<Map<string, bigint>> {
  let month = previousMonth(asOf.slice(0, 7));
  let snapshot: Stored<BalanceSnapshot> | undefined;
  // Walk back to the most recent closed month: months close in order, so usually one read.
  const start = await booksStartMonth(repository);
  for (let i = 0; i < 240 && !snapshot && month >= start; i += 1) {
    snapshot = await closedSnapshot(repository, month);
    if (!snapshot) month = previousMonth(month);
  }
  const detailed = DimensionBalances.fromSnapshot(snapshot?.rows ?? []);
  addLines(detailed, await postedEntriesBetween(repository, snapshot ? monthEnd(snapshot.month) : null, asOf));
  const byAccount = new Map<string, bigint>();
  for (const { accountId, facility, division, amount } of detailed.entries()) {
    if (filter.facility !== undefined && facility !== filter.facility) continue;
    if (filter.division !== undefined && division !== filter.division) continue;
    byAccount.set(accountId, (byAccount.get(accountId) ?? 0n) + amount);
  }
  return byAccount;
}

/** The day before an ISO date (for "balances before a range starts"). */
export function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

export async function listPeriods(deps: LedgerDependencies, context: TenantContext): Promise<Period[]> {
  const periods = await (
    await LedgerRepository.open(deps, context)
  ).queryAll<Period>(periodType, {
    orderBy: 'c.month ASC',
  });
  return periods.map((period) => periodView.parse(period));
}
