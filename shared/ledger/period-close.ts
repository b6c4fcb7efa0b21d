import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ValidationError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { DimensionBalances } from './dimension-balances';
import { addLines, closedSnapshot, postedEntriesBetween } from './balance-snapshots';
import { isLedgerMonth, monthEnd, nextMonth, previousMonth } from './ledger-dates';
import { booksStartMonth } from './periods';
import { periodView, type Period } from './schemas';
import type { StoredPeriod } from './period-postings';
import type { PeriodChange, PeriodStore } from './period-store';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import type { QueueSender } from '../platform/queues/queue-sender';
import { closingReversal, yearEndClosingEntry } from './year-end-close';

/**
 * Closes a month: its closing balances become an immutable snapshot built from the previous
 * month's snapshot plus this month's postings (so closing costs one month, not all history),
 * the period becomes closed, and the close is audited, all in one transaction. With a queue at
 * hand the period reports start right after the commit; without one the outbox sweeper starts them.
 */
export async function closePeriod(
  deps: LedgerDependencies & { readonly queues?: QueueSender },
  context: TenantContext,
  month: string,
): Promise<Period> {
  if (!isLedgerMonth(month))
    throw new ValidationError('Invalid period', [
      { field: 'month', reason: 'a month YYYY-MM from 1900-01 to 2199-12' },
    ]);
  const store = deps.periodStoreFor(context);
  // A snapshot taken through one member's restrictions would be the books of a few facilities.
  store.requireWholeOrganisation('Closing a month');
  // A month closes once it has ended (UTC, the ledger's day boundary): closing one early would
  // freeze a snapshot that misses the rest of the month's postings and lock them out.
  if (deps.clock.now().toISOString().slice(0, 7) <= month)
    throw new ConflictError(`${month} has not ended yet: a month closes only after its last day`);
  const { closed, reports } = await retryOnConflict(`Closing ${month}`, async () => {
    const period = await store.findPeriod(month);
    if (period && period.status !== 'open') throw new ConflictError(`${month} is already ${period.status}`);
    const start = await booksStartMonth(store);
    if (month < start) throw new ConflictError(`${month} is before the start of the books (${start})`);
    if (month > start) {
      const before = await store.findPeriod(previousMonth(month));
      if (!before || before.status === 'open')
        throw new ConflictError(`Close ${previousMonth(month)} first: months close in order`);
    }
    const previous = await closedSnapshot(store, previousMonth(month));
    const version = (period?.snapshotVersion ?? 0) + 1;
    const balances = previous ?? new DimensionBalances();
    const entries = await postedEntriesBetween(store, previous ? previousMonth(month) : null, monthEnd(month));
    addLines(balances, entries);
    const now = deps.clock.now();
    const closingEntry = await yearEndClosingEntry(store, context, month, version, balances, now);
    // A month nothing was posted into has all its postings (none) in running balances; a reopen keeps the mark.
    const tracked = period ? period.runningBalances : !entries.some((entry) => entry.date.startsWith(month));
    const closed: StoredPeriod & { snapshotVersion: number } = {
      month,
      status: 'closed',
      postings: period?.postings ?? 0,
      closedAt: now.toISOString(),
      closedBy: context.actor.id,
      snapshotVersion: version,
      closingEntryId: closingEntry?.id ?? null,
      ...(tracked ? { runningBalances: true as const } : {}),
    };
    const reports = await store.closeMonth({
      current: period,
      closed,
      balances,
      closingEntry,
      audit: { action: 'ledger.period-closed', target: { type: 'period', id: month } },
    });
    return { closed: periodView.parse(closed), reports };
  });
  if (deps.queues) await dispatchOutbox(deps.queues, [reports]);
  return closed;
}

/** What a change of a closed period writes besides the period, and what its audit record says. */
interface Change {
  readonly next: Period;
  readonly action: string;
  readonly details?: Record<string, string>;
  readonly reversal?: PeriodChange['reversal'];
  readonly request?: PeriodChange['request'];
}

/** The requested change of a closed period, audited with the change in one transaction. */
async function changeClosedPeriod(
  deps: LedgerDependencies,
  context: TenantContext,
  month: string,
  change: (period: Stored<Period>, store: PeriodStore) => Promise<Change>,
): Promise<Period> {
  const store = deps.periodStoreFor(context);
  store.requireWholeOrganisation('Reopening or locking a month');
  return retryOnConflict(`Changing ${month}`, async () => {
    const period = await store.findPeriod(month);
    if (!period || period.status === 'open') throw new ConflictError(`${month} is not closed`);
    const { next, action, details, reversal, request } = await change(period, store);
    await store.changeClosedPeriod({
      current: period,
      next,
      reversal: reversal ?? null,
      request: request ?? null,
      audit: { action, target: { type: 'period', id: month }, ...(details ? { details } : {}) },
    });
    return next;
  });
}

/** Locked months are final: they cannot be reopened. */
export function lockPeriod(deps: LedgerDependencies, context: TenantContext, month: string): Promise<Period> {
  return changeClosedPeriod(deps, context, month, async (period) => {
    if (period.status === 'locked') throw new ConflictError(`${month} is already locked`);
    return { next: { ...period, status: 'locked' }, action: 'ledger.period-locked' };
  });
}

/**
 * Checks the approval a reopen needs under dual control (period-reopen.ts): returns what the
 * audit record should say about it and the request it approves, written in the reopen's own transaction.
 */
export type ReopenApproval = (
  period: Stored<Period>,
  store: PeriodStore,
) => Promise<{ readonly details: Record<string, string>; readonly request: NonNullable<PeriodChange['request']> }>;

/**
 * Reopens the latest closed month (months reopen in reverse order, as they close in order).
 * Its snapshot stays as history; the next close writes a new version. A fiscal year end's
 * closing entry is reversed in the same transaction (a posting into the month, counted as one).
 */
export function reopenPeriod(
  deps: LedgerDependencies,
  context: TenantContext,
  month: string,
  approval?: ReopenApproval,
): Promise<Period> {
  return changeClosedPeriod(deps, context, month, async (period, store) => {
    if (period.status === 'locked') throw new ConflictError(`${month} is locked and cannot be reopened`);
    const approved = approval ? await approval(period, store) : undefined;
    const after = await store.findPeriod(nextMonth(month));
    if (after && after.status !== 'open')
      throw new ConflictError(`Reopen ${nextMonth(month)} first: months reopen in reverse order`);
    const reversal = period.closingEntryId
      ? closingReversal(await store.getEntry(period.closingEntryId), context, deps.clock.now())
      : null;
    return {
      next: {
        ...period,
        status: 'open',
        closedAt: null,
        closedBy: null,
        closingEntryId: null,
        postings: period.postings + (reversal ? 1 : 0),
      },
      action: 'ledger.period-reopened',
      details: {
        ...approved?.details,
        ...(reversal ? { closingEntryReversed: reversal.reversalOf, reversalId: reversal.id } : {}),
      },
      reversal,
      request: approved?.request ?? null,
    };
  });
}
