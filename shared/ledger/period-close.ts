import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, ValidationError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { DimensionBalances } from './dimension-balances';
import { LedgerRepository } from './ledger-repository';
import { addLines, closedSnapshot, postedEntriesBetween, stageSnapshot } from './balance-snapshots';
import { isLedgerMonth, monthEnd, nextMonth, previousMonth } from './ledger-dates';
import { booksStartMonth, periodId, periodType } from './periods';
import { periodView, type Period } from './schemas';
import type { StoredPeriod } from './period-postings';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import type { QueueSender } from '../platform/queues/queue-sender';
import { stageClosingReversal, stageYearEndClose } from './year-end-close';
import { stagePeriodReports } from './period-reports';

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
  const repository = await LedgerRepository.open(deps, context);
  // A snapshot taken through one member's restrictions would be the books of a few facilities.
  repository.requireWholeOrganisation('Closing a month');
  // A month closes once it has ended (UTC, the ledger's day boundary): closing one early would
  // freeze a snapshot that misses the rest of the month's postings and lock them out.
  if (deps.clock.now().toISOString().slice(0, 7) <= month)
    throw new ConflictError(`${month} has not ended yet: a month closes only after its last day`);
  const { closed, reports } = await retryOnConflict(`Closing ${month}`, async () => {
    const period = await repository.find<StoredPeriod>(periodType, periodId(month));
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
    const balances = previous ?? new DimensionBalances();
    const entries = await postedEntriesBetween(
      repository,
      previous ? monthEnd(previousMonth(month)) : null,
      monthEnd(month),
    );
    addLines(balances, entries);
    const now = deps.clock.now();
    const transaction = repository.transaction();
    const closingEntryId = await stageYearEndClose(repository, transaction, context, month, version, balances, now);
    // A month nothing was posted into has all its postings (none) in running balances; a reopen keeps the mark.
    const tracked = period ? period.runningBalances : !entries.some((entry) => entry.date.startsWith(month));
    const closed: StoredPeriod = {
      month,
      status: 'closed',
      postings: period?.postings ?? 0,
      closedAt: now.toISOString(),
      closedBy: context.actor.id,
      snapshotVersion: version,
      closingEntryId,
      ...(tracked ? { runningBalances: true as const } : {}),
    };
    if (period) transaction.replace(period, closed);
    else transaction.create(periodType, periodId(month), closed);
    await stageSnapshot(repository, transaction, deps.ids, month, version, balances);
    const reports = stagePeriodReports(transaction, month, version);
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'ledger.period-closed', target: { type: 'period', id: month } },
      now,
    );
    await transaction.commit();
    return { closed: periodView.parse(closed), reports };
  });
  if (deps.queues) await dispatchOutbox(deps.queues, [reports]);
  return closed;
}

interface PeriodChange {
  readonly next: Period;
  readonly action: string;
  readonly details?: Record<string, string>;
}

/** The requested change of a closed period, audited with the change in one transaction. */
async function changeClosedPeriod(
  deps: LedgerDependencies,
  context: TenantContext,
  month: string,
  change: (
    period: Stored<Period>,
    repository: LedgerRepository,
    transaction: TenantTransaction,
  ) => Promise<PeriodChange>,
): Promise<Period> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Reopening or locking a month');
  return retryOnConflict(`Changing ${month}`, async () => {
    const period = await repository.find<Period>(periodType, periodId(month));
    if (!period || period.status === 'open') throw new ConflictError(`${month} is not closed`);
    const transaction = repository.transaction();
    const { next, action, details } = await change(period, repository, transaction);
    transaction.replace(period, next);
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action, target: { type: 'period', id: month }, ...(details ? { details } : {}) },
      deps.clock.now(),
    );
    await transaction.commit();
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
 * Checks and stages the approval a reopen needs under dual control (period-reopen.ts), in the
 * reopen's own transaction; returns what the audit record should say about it.
 */
export type ReopenApproval = (
  period: Stored<Period>,
  repository: LedgerRepository,
  transaction: TenantTransaction,
) => Promise<Record<string, string>>;

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
  return changeClosedPeriod(deps, context, month, async (period, repository, transaction) => {
    if (period.status === 'locked') throw new ConflictError(`${month} is locked and cannot be reopened`);
    const approved = approval ? await approval(period, repository, transaction) : {};
    const after = await repository.find<Period>(periodType, periodId(nextMonth(month)));
    if (after && after.status !== 'open')
      throw new ConflictError(`Reopen ${nextMonth(month)} first: months reopen in reverse order`);
    const reversalId = period.closingEntryId
      ? await stageClosingReversal(repository, transaction, context, period.closingEntryId, deps.clock.now())
      : null;
    return {
      next: {
        ...period,
        status: 'open',
        closedAt: null,
        closedBy: null,
        closingEntryId: null,
        postings: period.postings + (reversalId ? 1 : 0),
      },
      action: 'ledger.period-reopened',
      details: {
        ...approved,
        ...(reversalId ? { closingEntryReversed: period.closingEntryId!, reversalId } : {}),
      },
    };
  });
}
