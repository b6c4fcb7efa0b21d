import type { TenantContext } from '../platform/actor';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import { findOrganization } from '../platform/organization/organization-store';
import { stageOutboxWork } from '../platform/outbox/outbox-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import {
  snapshotId,
  snapshotPartId,
  snapshotPartType,
  snapshotType,
  splitRows,
  type BalanceSnapshot,
  type BalanceSnapshotPart,
} from './balance-snapshots';
import { cosmosFiguresStore } from './cosmos-figures-store';
import { auditor, type OpenLedger } from './cosmos-ledger-store';
import { stageNextEntryNumber } from './cosmos-posting-writes';
import { journalEntryType, reversalLinkType, type JournalEntry } from './journal-entry';
import { requireWholeOrganisation, type LedgerRepository } from './ledger-repository';
import type { PeriodReportJob } from './period-reports';
import { reopenRequestId, reopenRequestType, type ReopenRequest } from './period-reopen';
import type { EntryToNumber, MonthClose, PeriodStore } from './period-store';
import { periodId, periodType } from './periods';

/**
 * The periods' store over Cosmos for one caller: LedgerRepository applies the caller's facility
 * and division restrictions to every read and refuses organisation-wide writes to a restricted
 * member. Each write stages its documents and its audit record into one transaction.
 */
export function cosmosPeriodStore(deps: DomainDependencies, context: TenantContext, open: OpenLedger): PeriodStore {
  // Numbers are gap-free across every path that numbers an entry: the counter is replaced under its ETag.
  const createNumbered = async (
    repository: LedgerRepository,
    transaction: TenantTransaction,
    { id, entry }: EntryToNumber,
  ) => {
    const number = await stageNextEntryNumber(repository, transaction);
    transaction.create<JournalEntry>(journalEntryType, id, { ...entry, number }, { immutable: true });
  };

  /** The parts first, each its own immutable document, then the header in the close's transaction. */
  async function stageSnapshot(
    repository: LedgerRepository,
    transaction: TenantTransaction,
    { closed, balances }: MonthClose,
  ): Promise<void> {
    const headerId = snapshotId(closed.month, closed.snapshotVersion);
    const build = deps.ids
      .newId()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 12);
    const rows = balances.toSnapshot();
    const parts = splitRows(rows);
    await Promise.all(
      parts.map((part, index) =>
        repository.create<BalanceSnapshotPart>(
          snapshotPartType,
          snapshotPartId(headerId, build, index),
          { month: closed.month, rows: part },
          { immutable: true },
        ),
      ),
    );
    transaction.create<BalanceSnapshot>(
      snapshotType,
      headerId,
      { month: closed.month, build, parts: parts.length, rowCount: rows.length },
      { immutable: true },
    );
  }

  return {
    ...cosmosFiguresStore(open),
    requireWholeOrganisation: (action) => requireWholeOrganisation(context, action),
    findOrganization: async () => findOrganization(await open()),
    getEntry: async (id) => (await open()).get<JournalEntry>(journalEntryType, id),
    findReopenRequest: async (month) => (await open()).find<ReopenRequest>(reopenRequestType, reopenRequestId(month)),
    async closeMonth(close) {
      const { current, closed, closingEntry } = close;
      const repository = await open();
      const transaction = repository.transaction();
      if (closingEntry) {
        await createNumbered(repository, transaction, closingEntry);
        const account = closingEntry.firstPostingOf;
        if (account) transaction.replace(account, { ...account, hasPostings: true });
      }
      if (current) transaction.replace(current, closed);
      else transaction.create(periodType, periodId(closed.month), closed);
      await stageSnapshot(repository, transaction, close);
      // The reports are written by a queue function from this outbox record: no close goes without them.
      const reports = stageOutboxWork<PeriodReportJob>(
        transaction,
        'period-reports',
        { month: closed.month, version: closed.snapshotVersion },
        `outbox-period-reports-${closed.month}-v${closed.snapshotVersion}`,
      );
      await auditor(deps, context, repository)(transaction, close.audit);
      await transaction.commit();
      return reports;
    },
    async changeClosedPeriod({ current, next, reversal, request, audit }) {
      const repository = await open();
      const transaction = repository.transaction();
      if (request) transaction.replace(request.current, request.next);
      if (reversal) {
        await createNumbered(repository, transaction, reversal);
        transaction.create(reversalLinkType, `reversal-of-${reversal.reversalOf}`, { reversalId: reversal.id });
      }
      transaction.replace(current, next);
      await auditor(deps, context, repository)(transaction, audit);
      await transaction.commit();
    },
    async askToReopen(current, next, audit) {
      const repository = await open();
      const transaction = repository.transaction();
      if (current) transaction.replace(current, next);
      else transaction.create(reopenRequestType, reopenRequestId(next.month), next);
      await auditor(deps, context, repository)(transaction, audit);
      await transaction.commit();
    },
  };
}
