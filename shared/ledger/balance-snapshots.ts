import { DimensionBalances, type SnapshotBalance } from './dimension-balances';
import type { JournalEntry } from './journal-entry';
import { lastDayOf, nextMonth, previousMonth } from './ledger-dates';
import type { EntryInFigures, FiguresStore } from './period-store';
import type { DimensionFilter } from './periods';
import { addPostingsAfter } from './running-balances';

export const snapshotType = 'balance-snapshot';
export const snapshotPartType = 'balance-snapshot-part';

/**
 * Closing balances (minor units, debit positive) at a month's end, one row per account,
 * facility and division, so filtered and restricted reports can start from it too. A snapshot
 * is a small header, written in the close's transaction, naming parts of at most
 * `partBytes` of rows each: one document holding every account x facility x division would pass
 * Cosmos's 2 MB document limit at about 27,000 combinations. Never changes once written.
 */
export interface BalanceSnapshot {
  readonly month: string;
  /** Parts are `<header id>-<build>-p<index>`; the build tells a close's parts from a failed attempt's. */
  readonly build: string;
  readonly parts: number;
  readonly rowCount: number;
}

export interface BalanceSnapshotPart {
  readonly month: string;
  readonly rows: readonly SnapshotBalance[];
}

/** Half the document limit, so a part with the layer's meta fields stays far below 2 MB. */
export const partBytes = 1_000_000;

export const snapshotId = (month: string, version: number) => `balance-snapshot-${month}-v${version}`;
export const snapshotPartId = (headerId: string, build: string, index: number) => `${headerId}-${build}-p${index}`;

/** Rows cut into parts of at most `maxBytes` of JSON each (a single row always fits). */
export function splitRows(rows: readonly SnapshotBalance[], maxBytes = partBytes): SnapshotBalance[][] {
  const parts: SnapshotBalance[][] = [];
  let current: SnapshotBalance[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

/** The closing balances of a month, if it is closed or locked. */
export async function closedSnapshot(store: FiguresStore, month: string): Promise<DimensionBalances | undefined> {
  const period = await store.findPeriod(month);
  if (!period || period.status === 'open' || !period.snapshotVersion) return undefined;
  return store.readSnapshot(month, period.snapshotVersion);
}

/**
 * The latest closed month that ended on or before the date, with its balances: one query for
 * the period, then the snapshot's documents. A report for a month therefore starts from the
 * month before it (or from the month itself when it is closed and the date is its last day),
 * never re-reading a closed month's postings; months close in order, so nothing posted on or
 * before the snapshot's month can be missing from it.
 */
export async function latestSnapshotOnOrBefore(
  store: FiguresStore,
  asOf: string,
): Promise<{ month: string; balances: DimensionBalances } | undefined> {
  const month = asOf.slice(0, 7);
  const period = await store.latestClosedPeriod(asOf >= lastDayOf(month) ? month : previousMonth(month));
  if (!period?.snapshotVersion) return undefined;
  const balances = await store.readSnapshot(period.month, period.snapshotVersion);
  return balances ? { month: period.month, balances } : undefined;
}

export function addLines(balances: DimensionBalances, entries: readonly JournalEntry[]): void {
  for (const entry of entries) {
    for (const line of entry.lines) {
      const amount = BigInt(line.amountMinor);
      balances.add(line, line.side === 'debit' ? amount : -amount);
    }
  }
}

/** Posted entries dated after `afterMonth` (null: from the start) up to the date, each with the lines in the member's reach (all, for closes). */
export function postedEntriesBetween(
  store: FiguresStore,
  afterMonth: string | null,
  toInclusive: string,
): Promise<EntryInFigures[]> {
  return store.postedEntries([{ ...(afterMonth ? { from: `${nextMonth(afterMonth)}-01` } : {}), to: toInclusive }]);
}

/**
 * Balances of every account as of a date: the latest snapshot on or before it, plus what was
 * posted after it up to the date, from running balances (running-balances.ts). Cost: the
 * snapshot's documents and one document per account and open month, however long the history.
 */
export function balancesAsOf(
  store: FiguresStore,
  asOf: string,
  filter: DimensionFilter = {},
): Promise<Map<string, bigint>> {
  return balancesAfterSnapshot(store, asOf, filter, (balances, month) =>
    addPostingsAfter(store, balances, month, asOf),
  );
}

/**
 * The same balances from the entries themselves (every posted line since the snapshot): what
 * running balances must equal, for checks that distrust them. Cost: the entries since the last close.
 */
export function balancesFromEntries(store: FiguresStore, asOf: string): Promise<Map<string, bigint>> {
  return balancesAfterSnapshot(store, asOf, {}, async (balances, month) =>
    addLines(balances, await postedEntriesBetween(store, month ?? null, asOf)),
  );
}

async function balancesAfterSnapshot(
  store: FiguresStore,
  asOf: string,
  filter: DimensionFilter,
  addAfter: (balances: DimensionBalances, snapshotMonth: string | undefined) => Promise<void>,
): Promise<Map<string, bigint>> {
  const snapshot = await latestSnapshotOnOrBefore(store, asOf);
  const detailed = snapshot?.balances ?? new DimensionBalances();
  await addAfter(detailed, snapshot?.month);
  const byAccount = new Map<string, bigint>();
  for (const { accountId, facility, division, amount } of detailed.entries()) {
    if (filter.facility !== undefined && facility !== filter.facility) continue;
    if (filter.division !== undefined && division !== filter.division) continue;
    byAccount.set(accountId, (byAccount.get(accountId) ?? 0n) + amount);
  }
  return byAccount;
}
