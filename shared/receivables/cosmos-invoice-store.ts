import { itemType } from '../items/cosmos-item-store';
import type { Item } from '../items/item-store';
import { accountType, type Account } from '../ledger/accounts';
import { readBooks } from '../ledger/cosmos-books-store';
import { requireWholeOrganisation } from '../ledger/ledger-repository';
import { suppressedAmong } from '../platform/email/email-suppression';
import { changeOrganization, requireOrganization } from '../platform/organization/organization-store';
import type { Stored } from '../platform/data/stored-document';
import { customerType, type Customer } from './customers';
import { postWith, stageAudit, stageStagedEmail, type ReceivablesStorage } from './cosmos-receivables-repository';
import { invoiceCounter, invoiceType, type Invoice } from './invoice';
import type { InvoiceStore } from './invoice-store';

/** The invoice side of the receivables store over Cosmos: every write of one operation is one transaction or batch. */
export function cosmosInvoiceStore(storage: ReceivablesStorage): InvoiceStore {
  const { repository, context } = storage;
  return {
    readOrganization: () => requireOrganization(repository),
    readBooks: () => readBooks(repository),
    requireWholeOrganisation: (action) => requireWholeOrganisation(context, action),
    async changeSettings(settings, audit) {
      await changeOrganization(repository, async (organization, transaction) => {
        await stageAudit(storage, transaction, audit);
        return { next: { ...organization, receivables: settings }, result: undefined };
      });
    },
    findAccount: (id) => repository.find<Account>(accountType, id),
    findItem: (id) => repository.find<Item>(itemType, id),
    suppressedAmong: (addresses) => suppressedAmong(repository, addresses),

    findCustomer: (id) => repository.find<Customer>(customerType, id),
    listCustomers: () =>
      repository.queryAll<Customer>(customerType, { where: 'c.deleted = false', orderBy: 'c.name ASC' }),
    async createCustomer(id, customer, audit) {
      const transaction = repository.transaction().create(customerType, id, customer);
      await stageAudit(storage, transaction, audit);
      const [written] = await transaction.commit();
      return written as unknown as Stored<Customer>;
    },
    async saveCustomer(current, next, audit) {
      const transaction = repository.transaction().replace(current, next);
      await stageAudit(storage, transaction, audit);
      const [written] = await transaction.commit();
      return written as unknown as Stored<Customer>;
    },
    async hasOpenInvoices(customerId) {
      const open = await repository.query(invoiceType, {
        where: "c.customerId = @customer AND c.status = 'issued' AND c.openMinor != '0'",
        parameters: [{ name: '@customer', value: customerId }],
        maxItemCount: 1,
      });
      return open.items.length > 0;
    },

    findInvoice: (id) => repository.find<Invoice>(invoiceType, id),
    listInvoices({ customerId, status }) {
      const conditions = [
        ...(customerId ? ['c.customerId = @customer'] : []),
        ...(status ? ['c.status = @status'] : []),
      ];
      return repository.queryAll<Invoice>(invoiceType, {
        ...(conditions.length > 0 ? { where: conditions.join(' AND ') } : {}),
        parameters: [
          ...(customerId ? [{ name: '@customer', value: customerId }] : []),
          ...(status ? [{ name: '@status', value: status }] : []),
        ],
      });
    },
    createInvoice: (id, draft) => repository.create(invoiceType, id, draft),
    saveInvoice: (current, next) => repository.replace(current, next),
    issueInvoice: (current, issued, posting) =>
      postWith(storage, posting, {
        numbered: {
          counter: invoiceCounter,
          stage: (transaction, number) => transaction.replace(current, issued(number)),
        },
      }),
    voidInvoice: (current, voided, posting) =>
      postWith(storage, posting, { stage: (transaction) => transaction.replace(current, voided) }),
    async recordInvoiceDelivery(current, next, email) {
      const transaction = repository.transaction().replace(current, next);
      const ticket = stageStagedEmail(storage, transaction, email);
      await transaction.commit();
      return ticket;
    },
  };
}
