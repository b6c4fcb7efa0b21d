import type { CreditNote } from './credit-notes';
import {
  applicationType,
  creditNoteCounter,
  creditNoteType,
  receiptType,
  sourceType,
  type Application,
  type Credit,
} from './credits';
import { postWith, stageAudit, stageSettlement, type ReceivablesStorage } from './cosmos-receivables-repository';
import { invoiceType, type Invoice } from './invoice';
import type { Receipt } from './receipts';
import type { SettlementStore } from './settlement-store';

/** The settlement side of the receivables store over Cosmos: a posting's documents go in its batch. */
export function cosmosSettlementStore(storage: ReceivablesStorage): SettlementStore {
  const { repository } = storage;
  const ofCustomer = <T extends object>(type: string, customerId?: string) =>
    repository.queryAll<T>(type, {
      ...(customerId ? { where: 'c.customerId = @customer' } : {}),
      parameters: customerId ? [{ name: '@customer', value: customerId }] : [],
      orderBy: 'c.date ASC',
    });
  return {
    findReceipt: (id) => repository.find<Receipt>(receiptType, id),
    findCreditNote: (id) => repository.find<CreditNote>(creditNoteType, id),
    findCredit: (source, id) => repository.find<Credit>(sourceType(source), id),
    listReceipts: (customerId) => ofCustomer<Receipt>(receiptType, customerId),
    listCreditNotes: (customerId) => ofCustomer<CreditNote>(creditNoteType, customerId),
    applicationsOf: (sourceId) =>
      repository.queryAll<Application>(applicationType, {
        where: 'c.sourceId = @source',
        parameters: [{ name: '@source', value: sourceId }],
        orderBy: 'c.date ASC',
      }),
    async readPosition(asOf, customerId) {
      const customer = customerId ? ' AND c.customerId = @customer' : '';
      const parameters = [
        { name: '@asOf', value: asOf },
        ...(customerId ? [{ name: '@customer', value: customerId }] : []),
      ];
      const [invoices, applications, receipts, creditNotes] = await Promise.all([
        repository.queryAll<Invoice>(invoiceType, {
          where: `c.status != 'draft' AND c.issueDate <= @asOf${customer}`,
          parameters,
        }),
        repository.queryAll<Application>(applicationType, { where: `c.date <= @asOf${customer}`, parameters }),
        repository.queryAll<Credit>(receiptType, { where: `c.date <= @asOf${customer}`, parameters }),
        repository.queryAll<Credit>(creditNoteType, { where: `c.date <= @asOf${customer}`, parameters }),
      ]);
      return { invoices, applications, receipts, creditNotes };
    },
    async readStatementActivity(customerId, to) {
      const parameters = [
        { name: '@customer', value: customerId },
        { name: '@to', value: to },
      ];
      const [invoices, receipts, creditNotes] = await Promise.all([
        repository.queryAll<Invoice>(invoiceType, {
          where: "c.customerId = @customer AND c.status != 'draft'",
          parameters,
        }),
        repository.queryAll<Credit>(receiptType, { where: 'c.customerId = @customer AND c.date <= @to', parameters }),
        repository.queryAll<CreditNote>(creditNoteType, {
          where: 'c.customerId = @customer AND c.date <= @to',
          parameters,
        }),
      ]);
      return { invoices, receipts, creditNotes };
    },

    recordReceipt: (id, receipt, settlement, posting) =>
      postWith(storage, posting, {
        stage: (transaction) => {
          transaction.create(receiptType, id, receipt);
          stageSettlement(transaction, settlement);
        },
      }),
    issueCreditNote: (id, note, settlement, posting) =>
      postWith(storage, posting, {
        numbered: {
          counter: creditNoteCounter,
          stage: (transaction, number) => {
            transaction.create<CreditNote>(creditNoteType, id, { ...note, number });
            stageSettlement(transaction, settlement);
          },
        },
      }),
    refundCredit: (current, next, posting) =>
      postWith(storage, posting, { stage: (transaction) => transaction.replace(current, next) }),
    async applyCredit(current, next, settlement, audit) {
      const transaction = repository.transaction().replace(current, next);
      stageSettlement(transaction, settlement);
      await stageAudit(storage, transaction, audit);
      await transaction.commit();
    },
  };
}
