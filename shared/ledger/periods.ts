import type { TenantContext } from '../platform/actor';
import type { LedgerDependencies } from './accounts';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Stored } from '../platform/data/stored-document';
import { backoff, TenantRepository, type TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, PreconditionFailedError, ValidationError } from '../platform/errors';
import { journalEntryType, type JournalEntry, type StoredLine } from './journal-entry';
import { accountType, type Account } from './accounts';

export const periodType = 'period';
export const snapshotType = 'balance-snapshot';

/** A calendar month of the organisation's books. */
export interface Period {
  readonly month: string;
  readonly status: 'open' | 'closed' | 'locked';
  /** Bumped by every posting into the month, so a close and a post cannot both win. */
  readonly postings: number;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  /** Which snapshot is current: a reopened and re-closed month gets a new one, the old stays. */
  readonly snapshotVersion?: number;
}

/**
 * Closing balances (minor units, debit positive) at a month's end, per account, facility and
 * division (key `account|facility|division`), so filtered reports can start from it too.
 * Never changes once written.
 */
export interface BalanceSnapshot {
  readonly month: string;
  readonly balances: Readonly<Record<string, string>>;
}

export interface DimensionFilter {
  readonly facility?: string;
  readonly division?: string;
}

const balanceKey = (accountId: string, facility: string | null, division: string | null) =>
  `${accountId}|${facility ?? ''}|${division ?? ''}`;

export const periodId = (month: string) => `period-${month}`;
export const snapshotId = (month: string, version: number) => `balance-snapshot-${month}-v${version}`;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

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

function addLines(balances: Map<string, bigint>, entries: readonly JournalEntry[]): void {
  for (const entry of entries) {
    for (const line of entry.lines) {
      const amount = BigInt(line.amountMinor);
      const key = balanceKey(line.accountId, line.facility, line.division);
      balances.set(key, (balances.get(key) ?? 0n) + (line.side === 'debit' ? amount : -amount));
    }
  }
}

export async function postedEntriesBetween(
  repository: TenantRepository,
  fromExclusive: string | null,
  toInclusive: string,
): Promise<Stored<JournalEntry>[]> {
  return repository.queryAll<JournalEntry>(journalEntryType, {
    where: `c.status = 'posted' AND c.date <= @to${fromExclusive ? ' AND c.date > @from' : ''}`,
    parameters: [
      { name: '@to', value: toInclusive },
      ...(fromExclusive ? [{ name: '@from', value: fromExclusive }] : []),
    ],
  });
}

const monthEnd = (month: string) => `${month}-31`;

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The current snapshot of a month, if the month is closed or locked. */
async function closedSnapshot(
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
async function booksStartMonth(repository: TenantRepository): Promise<string> {
  const organization = await repository.find<{ booksStartMonth?: string }>('organization', repository.tenantId);
  if (!organization?.booksStartMonth) throw new ConflictError('The organisation has no books start month yet');
  return organization.booksStartMonth;
}

/**
 * Closes a month: its closing balances become an immutable snapshot built from the previous
 * month's snapshot plus this month's postings (so closing costs one month, not all history),
 * the period becomes closed, and the close is audited, all in one transaction.
 */
export async function closePeriod(deps: LedgerDependencies, context: TenantContext, month: string): Promise<Period> {
  if (!monthPattern.test(month)) throw new ValidationError('Invalid period', [{ field: 'month', reason: 'YYYY-MM' }]);
  const repository = new TenantRepository(deps.container, context, deps.clock);
  for (let attempt = 1; ; attempt += 1) {
    const period = await repository.find<Period>(periodType, periodId(month));
    if (period && period.status !== 'open') throw new ConflictError(`${month} is already ${period.status}`);
    const start = await booksStartMonth(repository);
    if (month < start) throw new ConflictError(`${month} is before the start of the books (${start})`);
    if (month > start) {
      const before = await repository.find<Period>(periodType, periodId(previousMonth(month)));
      if (!before || before.status === 'open')
        throw new ConflictError(`Close ${previousMonth(month)} first: months close in order`);
    }
    const previous = await closedSnapshot(repository, previousMonth(month));
    const version = (period?.snapshotVersion ?? 0) + 1;
    const balances = new Map<string, bigint>(
      Object.entries(previous?.balances ?? {}).map(([id, v]) => [id, BigInt(v)]),
    );
    addLines(
      balances,
      await postedEntriesBetween(repository, previous ? monthEnd(previousMonth(month)) : null, monthEnd(month)),
    );
    const now = deps.clock.now();
    const transaction = repository.transaction();
    await stageYearEndClose(repository, transaction, context, month, balances, now);
    const closed: Period = {
      month,
      status: 'closed',
      postings: period?.postings ?? 0,
      closedAt: now.toISOString(),
      closedBy: context.actor.id,
      snapshotVersion: version,
    };
    if (period) transaction.replace(period, closed);
    else transaction.create(periodType, periodId(month), closed);
    transaction.create<BalanceSnapshot>(
      snapshotType,
      snapshotId(month, version),
      { month, balances: Object.fromEntries([...balances].map(([id, v]) => [id, v.toString()])) },
      { immutable: true },
    );
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'ledger.period-closed', target: { type: 'period', id: month } },
      now,
    );
    try {
      await transaction.commit();
      return closed;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError || error instanceof ConflictError) || attempt >= 20) throw error;
      await backoff(attempt);
    }
  }
}

/**
 * Balances of every account as of a date: the latest snapshot of a month wholly before it,
 * plus postings after that snapshot up to the date. Cost: accounts + lines since the last close.
 */
export async function balancesAsOf(
  deps: LedgerDependencies,
  context: TenantContext,
  asOf: string,
  filter: DimensionFilter = {},
): Promise<Map<string, bigint>> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  let month = previousMonth(asOf.slice(0, 7));
  let snapshot: Stored<BalanceSnapshot> | undefined;
  // Walk back to the most recent closed month: months close in order, so usually one read.
  const start = await booksStartMonth(repository);
  for (let i = 0; i < 240 && !snapshot && month >= start; i += 1) {
    snapshot = await closedSnapshot(repository, month);
    if (!snapshot) month = previousMonth(month);
  }
  const detailed = new Map<string, bigint>(
    Object.entries(snapshot?.balances ?? {}).map(([key, v]) => [key, BigInt(v)]),
  );
  addLines(detailed, await postedEntriesBetween(repository, snapshot ? monthEnd(snapshot.month) : null, asOf));
  const byAccount = new Map<string, bigint>();
  for (const [key, amount] of detailed) {
    const [accountId, facility, division] = key.split('|') as [string, string, string];
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

/** The requested change of a closed period, audited with the change in one transaction. */
async function changeClosedPeriod(
  deps: LedgerDependencies,
  context: TenantContext,
  month: string,
  change: (period: Stored<Period>, repository: TenantRepository) => Promise<{ next: Period; action: string }>,
): Promise<Period> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  for (let attempt = 1; ; attempt += 1) {
    const period = await repository.find<Period>(periodType, periodId(month));
    if (!period || period.status === 'open') throw new ConflictError(`${month} is not closed`);
    const { next, action } = await change(period, repository);
    const transaction = repository.transaction().replace(period, next);
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action, target: { type: 'period', id: month } },
      deps.clock.now(),
    );
    try {
      await transaction.commit();
      return next;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError || error instanceof ConflictError) || attempt >= 10) throw error;
      await backoff(attempt);
    }
  }
}

/** Locked months are final: they cannot be reopened. */
export function lockPeriod(deps: LedgerDependencies, context: TenantContext, month: string): Promise<Period> {
  return changeClosedPeriod(deps, context, month, async (period) => {
    if (period.status === 'locked') throw new ConflictError(`${month} is already locked`);
    return { next: { ...period, status: 'locked' }, action: 'ledger.period-locked' };
  });
}

/**
 * Reopens the latest closed month (months reopen in reverse order, as they close in order).
 * Its snapshot stays as history; the next close writes a new version.
 */
export function reopenPeriod(deps: LedgerDependencies, context: TenantContext, month: string): Promise<Period> {
  return changeClosedPeriod(deps, context, month, async (period, repository) => {
    if (period.status === 'locked') throw new ConflictError(`${month} is locked and cannot be reopened`);
    const after = await repository.find<Period>(periodType, periodId(nextMonth(month)));
    if (after && after.status !== 'open')
      throw new ConflictError(`Reopen ${nextMonth(month)} first: months reopen in reverse order`);
    return { next: { ...period, status: 'open', closedAt: null, closedBy: null }, action: 'ledger.period-reopened' };
  });
}

const lastDayOf = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
};

/**
 * At the close of a fiscal year's last month, a closing entry moves every income and expense
 * balance into retained earnings (per facility and division), posted with the next number in
 * the close's own transaction, and the snapshot records the post-closing balances.
 */
async function stageYearEndClose(
  repository: TenantRepository,
  transaction: TenantTransaction,
  context: TenantContext,
  month: string,
  balances: Map<string, bigint>,
  now: Date,
): Promise<void> {
  const organization = await repository.find<{ fiscalYearStartMonth?: number; retainedEarningsAccountId?: string }>(
    'organization',
    repository.tenantId,
  );
  const startMonth = organization?.fiscalYearStartMonth ?? 1;
  const lastMonthOfYear = startMonth === 1 ? 12 : startMonth - 1;
  if (Number(month.slice(5, 7)) !== lastMonthOfYear) return;
  const accounts = new Map((await repository.queryAll<Account>(accountType)).map((a) => [a.id, a]));
  const retained = organization?.retainedEarningsAccountId
    ? accounts.get(organization.retainedEarningsAccountId)
    : undefined;
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
    currency:
      (await repository.find<{ baseCurrency: string }>('organization', repository.tenantId))?.baseCurrency ?? 'USD',
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

export async function listPeriods(deps: LedgerDependencies, context: TenantContext): Promise<Period[]> {
  const periods = await new TenantRepository(deps.container, context, deps.clock).queryAll<Period>(periodType, {
    orderBy: 'c.month ASC',
  });
  return periods.map(({ month, status, postings, closedAt, closedBy, snapshotVersion }) => ({
    month,
    status,
    postings,
    closedAt,
    closedBy,
    ...(snapshotVersion ? { snapshotVersion } : {}),
  }));
}
