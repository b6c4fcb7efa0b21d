import type { TenantContext } from '../platform/actor';
import { runIdempotent } from '../platform/data/idempotency';
import type { Stored } from '../platform/data/stored-document';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { changeOrganization } from '../platform/organization/organization-store';
import { readBooks } from './cosmos-books-store';
import { auditor, type OpenLedger } from './cosmos-ledger-store';
import { submitPosting } from './cosmos-posting-lane';
import { reversalLink, type PostingRequest } from './cosmos-posting-writes';
import { counterId, counterType, type EntryCounter } from './entry-numbers';
import { journalEntryType, reversalLinkType, type JournalEntry } from './journal-entry';
import type { DualControlRequest, ImportRecord, JournalPosting, JournalStore } from './journal-store';
import type { LedgerRepository } from './ledger-repository';
import { periodId, periodType } from './periods';
import type { Period } from './schemas';

const importType = 'journal-import';
const dualControlRequestType = 'dual-control-request';
const dualControlRequestId = 'dual-control-off-request';

/** The lane's request for a posting: the caller's repository, and the reversal link among the batch's writes. */
function laneRequest(repository: LedgerRepository, context: TenantContext, posting: JournalPosting): PostingRequest {
  const { reverses, ...request } = posting;
  return { ...request, repository, context, ...(reverses ? { stage: reversalLink(reverses, posting.entryId) } : {}) };
}

/**
 * The journal's store over Cosmos for one caller: LedgerRepository applies the caller's facility
 * and division restrictions to every read and write, and posts go through the organisation's
 * group-commit lane (cosmos-posting-lane.ts), so a post stays at its three round trips.
 */
export function cosmosJournalStore(deps: DomainDependencies, context: TenantContext, open: OpenLedger): JournalStore {
  return {
    readBooks: async () => readBooks(await open()),
    findEntry: async (id) => (await open()).find<JournalEntry>(journalEntryType, id),
    async listEntries({ continuationToken, pageSize }) {
      return (await open()).query<JournalEntry>(journalEntryType, {
        orderBy: 'c.date DESC',
        maxItemCount: pageSize,
        ...(continuationToken ? { continuationToken } : {}),
      });
    },
    async findReversal(entryId) {
      const link = await (await open()).find<{ reversalId: string }>(reversalLinkType, `reversal-of-${entryId}`);
      return link?.reversalId ?? null;
    },
    async addDraft(id, draft, { audit, idempotency } = {}) {
      const repository = await open();
      const write = async (transaction: TenantTransaction) => {
        transaction.create(journalEntryType, id, draft);
        if (audit) await auditor(deps, context, repository)(transaction, audit);
        return { id };
      };
      if (!idempotency) {
        const transaction = repository.transaction();
        await write(transaction);
        const [created] = await transaction.commit();
        return created as unknown as Stored<JournalEntry>;
      }
      const { scope, key, request } = idempotency;
      const { result } = await runIdempotent(repository, scope, key, request, write);
      return repository.get<JournalEntry>(journalEntryType, result.id);
    },
    async saveDraft(current, next, audit) {
      const repository = await open();
      const transaction = repository.transaction().replace(current, next);
      if (audit) await auditor(deps, context, repository)(transaction, audit);
      const [saved] = await transaction.commit();
      return saved as unknown as Stored<JournalEntry>;
    },
    post: async (posting) => submitPosting(deps, laneRequest(await open(), context, posting)),
    async postOnce({ scope, key, request }, posting) {
      const repository = await open();
      const plan = laneRequest(repository, context, posting);
      let posted: Stored<JournalEntry> | undefined;
      const { result } = await runIdempotent(
        repository,
        scope,
        key,
        request,
        () => Promise.resolve({ id: posting.entryId }),
        async (record) => {
          posted = await submitPosting(deps, {
            ...plan,
            stage: (t) => {
              plan.stage?.(t);
              t.append(record);
            },
          });
        },
      );
      if (posted) return { entry: posted, replayed: false };
      return { entry: await repository.get<JournalEntry>(journalEntryType, result.id), replayed: true };
    },
    async closedMonths(months) {
      const repository = await open();
      const periods = await Promise.all(months.map((m) => repository.find<Period>(periodType, periodId(m))));
      return new Set(months.filter((_, i) => periods[i] && periods[i].status !== 'open'));
    },
    async hasNumberedEntries() {
      return ((await (await open()).find<EntryCounter>(counterType, counterId))?.last ?? 0) > 0;
    },
    findImport: async (id) => (await open()).find<ImportRecord>(importType, id),
    createImport: async (id, record) => (await open()).create<ImportRecord>(importType, id, record),
    async saveImport(current, next) {
      await (await open()).replace(current, next);
    },
    async changeDualControl(decide) {
      const repository = await open();
      repository.requireWholeOrganisation('Changing ledger settings');
      return changeOrganization(repository, async (organization, transaction) => {
        const request = await repository.find<DualControlRequest>(dualControlRequestType, dualControlRequestId);
        const change = decide(organization.dualControl === true, request);
        if (change.request)
          if (request) transaction.replace(request, change.request);
          else transaction.create(dualControlRequestType, dualControlRequestId, change.request);
        if (change.audit) await auditor(deps, context, repository)(transaction, change.audit);
        const next =
          change.dualControl === undefined ? {} : { next: { ...organization, dualControl: change.dualControl } };
        return { ...next, result: change.result };
      });
    },
  };
}
