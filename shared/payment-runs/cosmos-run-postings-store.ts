import { submitPosting } from '../ledger/cosmos-posting-lane';
import { reversalLink } from '../ledger/cosmos-posting-writes';
import { journalEntryType, type JournalEntry } from '../ledger/journal-entry';
import type { JournalPosting } from '../ledger/journal-store';
import { LedgerRepository } from '../ledger/ledger-repository';
import { billPaymentId, billPaymentType } from '../payables/bill-payments';
import { prepareBillPayment, prepareBillPaymentReturn } from '../payables/cosmos-bill-payment-store';
import { readPayablesSettings } from '../payables/cosmos-payables-store';
import { requireApControl } from '../payables/payables-settings';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { stageEmail } from '../platform/email/email-message';
import { outboxType, type OutboxTicket } from '../platform/outbox/outbox-record';
import type { BillReturn, RunPostings } from './run-store';

type Stage = (transaction: TenantTransaction) => void;

/** The stages of these bills, leaving out those already done (`'applied'`, `'returned'`, `'not paid'`). */
async function prepared<T>(bills: readonly T[], prepare: (bill: T) => Promise<string | Stage>): Promise<Stage[]> {
  const stages: Stage[] = [];
  for (const bill of bills) {
    const stage = await prepare(bill);
    if (typeof stage === 'function') stages.push(stage);
  }
  return stages;
}

/**
 * A run's GL entries and the bills they pay or reopen: payables' own staging (cosmos-bill-payment-store.ts)
 * puts each bill's writes into the batch that posts the entry through the organisation's posting
 * lane, exactly as payables posts a manual payment, so an entry and its first bills move together.
 */
export function cosmosRunPostings(deps: DomainDependencies, repository: TenantRepository): RunPostings {
  let ledger: Promise<LedgerRepository> | undefined;
  const paymentStages = (bills: Parameters<RunPostings['applyPayments']>[0]) =>
    prepared(bills, (bill) => prepareBillPayment(repository, bill));
  const returnStages = (bills: readonly BillReturn[]) =>
    prepared(bills, async ({ billId, paymentId, returned }) =>
      (await repository.find(billPaymentType, billPaymentId(billId, paymentId)))
        ? prepareBillPaymentReturn(repository, billId, paymentId, returned)
        : 'not paid',
    );
  const post = async ({ reverses, ...posting }: JournalPosting, stages: readonly Stage[]) => {
    await submitPosting(deps, {
      ...posting,
      repository: await (ledger ??= LedgerRepository.open(deps, repository.context)),
      context: repository.context,
      stage: (transaction) => {
        stages.forEach((stage) => stage(transaction));
        if (reverses) reversalLink(reverses, posting.entryId)(transaction);
      },
    });
  };
  const apply = async (stages: readonly Stage[]) => {
    if (stages.length === 0) return;
    const transaction = repository.transaction();
    stages.forEach((stage) => stage(transaction));
    await transaction.commit();
  };
  return {
    findEntry: (id) => repository.find<JournalEntry>(journalEntryType, id),
    apControlAccountId: async () => requireApControl(await readPayablesSettings(repository)),
    postPayments: async (posting, bills) => post(posting, await paymentStages(bills)),
    applyPayments: async (bills) => apply(await paymentStages(bills)),
    postReturns: async (posting, bills) => post(posting, await returnStages(bills)),
    applyReturns: async (bills) => apply(await returnStages(bills)),
    async stageRemittances(remittances) {
      const transaction = repository.transaction();
      const tickets: OutboxTicket[] = [];
      for (const { outboxId, email } of remittances)
        if (!(await repository.find(outboxType, outboxId)))
          tickets.push(stageEmail(transaction, deps.ids, email, { id: outboxId }));
      await transaction.commit();
      return tickets;
    },
  };
}
