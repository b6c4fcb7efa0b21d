import { submitPosting } from '../ledger/cosmos-posting-lane';
import { reversalLink } from '../ledger/cosmos-posting-writes';
import { journalEntryType, type JournalEntry } from '../ledger/journal-entry';
import type { JournalPosting } from '../ledger/journal-store';
import { LedgerRepository } from '../ledger/ledger-repository';
import type { TenantContext } from '../platform/actor';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { billNumberType, billType, type Bill, type BillNumberIndex } from './bill';
import { billPaymentType, type BillPayment } from './bill-payments';
import type { BillNumberWrite, BillStore } from './bill-store';
import { prepareBillPayment } from './cosmos-bill-payment-store';
import type { PayablesRepository } from './cosmos-payables-repository';
import { vendorType } from './vendor';
import { creditApplicationType, type CreditApplication } from './vendor-credits';

function stageNumbers(transaction: TenantTransaction, numbers: readonly BillNumberWrite[]): void {
  for (const { id, current, next } of numbers)
    if (current) transaction.replace<BillNumberIndex>(current, next);
    else transaction.create<BillNumberIndex>(billNumberType, id, next);
}

/**
 * Bills over the caller's PayablesRepository; their postings go through the organisation's
 * posting lane on the caller's LedgerRepository (opened once, when first needed), with the
 * bill's writes staged in the entry's batch.
 */
export function cosmosBillStore(
  deps: DomainDependencies,
  context: TenantContext,
  repository: PayablesRepository,
): BillStore {
  let ledgerRepository: Promise<LedgerRepository> | undefined;
  const ledger = () => (ledgerRepository ??= LedgerRepository.open(deps, context));
  const post = async (posting: JournalPosting, stage: (transaction: TenantTransaction) => void) => {
    const { reverses, ...request } = posting;
    await submitPosting(deps, {
      ...request,
      repository: await ledger(),
      context,
      stage: (transaction) => {
        if (reverses) reversalLink(reverses, posting.entryId)(transaction);
        stage(transaction);
      },
    });
  };
  return {
    findBill: (id) => repository.find<Bill>(billType, id),
    listBills(filter) {
      const conditions: string[] = [];
      const parameters = [];
      for (const field of ['kind', 'status', 'vendorId'] as const) {
        const value = filter[field];
        if (!value) continue;
        conditions.push(`c.${field} = @${field}`);
        parameters.push({ name: `@${field}`, value });
      }
      return repository.query<Bill>(billType, {
        ...(conditions.length > 0 ? { where: conditions.join(' AND '), parameters } : {}),
        orderBy: 'c.billDate DESC',
        maxItemCount: filter.pageSize,
        ...(filter.continuationToken ? { continuationToken: filter.continuationToken } : {}),
      });
    },
    payableBills(filter) {
      const conditions = ["c.kind = 'bill'", "c.status = 'posted'", 'c.settled = false'];
      const parameters = [];
      if (filter.dueBy) {
        conditions.push('c.dueDate <= @dueBy');
        parameters.push({ name: '@dueBy', value: filter.dueBy });
      }
      if (filter.vendorIds) {
        conditions.push('ARRAY_CONTAINS(@vendorIds, c.vendorId)');
        parameters.push({ name: '@vendorIds', value: [...filter.vendorIds] });
      }
      return repository.queryAll<Bill>(billType, {
        where: conditions.join(' AND '),
        parameters,
        orderBy: 'c.dueDate ASC',
      });
    },
    findBillNumber: (id) => repository.find<BillNumberIndex>(billNumberType, id),
    async addBill(id, bill, number) {
      const transaction = repository.transaction().create(billType, id, bill);
      stageNumbers(transaction, number ? [number] : []);
      transaction.patch(
        vendorType,
        bill.vendorId,
        [{ op: 'set', path: '/hasBills', value: true }],
        'from c where c.deleted = false',
      );
      await transaction.commit();
    },
    async saveBill({ current, next }, { numbers = [], audit }) {
      const transaction = repository.transaction().replace(current, next);
      stageNumbers(transaction, numbers);
      await transaction.commitWithAudit(audit);
    },
    async applyCredit(bill, credit, application, audit) {
      const transaction = repository
        .transaction()
        .replace<Bill>(bill.current, bill.next)
        .replace<Bill>(credit.current, credit.next)
        .create(creditApplicationType, application.id, application.record);
      await transaction.commitWithAudit(audit);
    },
    findJournalEntry: async (id) => (await ledger()).find<JournalEntry>(journalEntryType, id),
    postBill: ({ current, next }, posting, numbers = []) =>
      post(posting, (transaction) => {
        transaction.replace(current, next);
        stageNumbers(transaction, numbers);
      }),
    async payBill(payment, build) {
      const stage = await prepareBillPayment(repository, payment);
      if (stage === 'applied') return 'applied';
      await post(await build(), stage);
      return 'posted';
    },
    async agingDocuments(asOf) {
      const byDate = { name: '@asOf', value: asOf };
      // Large pages: a report reads every open bill, and each page is a round trip.
      const maxItemCount = 1_000;
      const [bills, payments, applications] = await Promise.all([
        repository.queryAll<Bill>(billType, {
          where:
            "c.status IN ('posted', 'void') AND c.billDate <= @asOf AND (c.status = 'posted' OR c.voidDate > @asOf)",
          parameters: [byDate],
          maxItemCount,
        }),
        repository.queryAll<BillPayment>(billPaymentType, {
          where: 'c.date <= @asOf',
          parameters: [byDate],
          maxItemCount,
        }),
        repository.queryAll<CreditApplication>(creditApplicationType, {
          where: 'c.date <= @asOf',
          parameters: [byDate],
          maxItemCount,
        }),
      ]);
      return { bills, payments, applications };
    },
  };
}
