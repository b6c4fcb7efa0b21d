import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { stageEmail } from '../platform/email/email-message';
import { outboxType, type OutboxRecord } from '../platform/outbox/outbox-record';
import {
  bankAccountHistoryId,
  bankAccountHistoryType,
  bankAccountType,
  type BankAccountHistory,
  type VendorBankAccount,
} from './bank-account';
import type { PayablesRepository } from './cosmos-payables-repository';
import { vendorType, type Vendor } from './vendor';
import type { VendorStore } from './vendor-store';

/** Vendors and bank accounts over the caller's PayablesRepository: every write of one operation is one batch. */
export function cosmosVendorStore(
  deps: DomainDependencies,
  context: TenantContext,
  repository: PayablesRepository,
): VendorStore {
  return {
    findVendor: (id) => repository.find<Vendor>(vendorType, id),
    listVendors(filter) {
      const conditions = ['c.deleted = false', ...(filter.includeInactive ? [] : ['c.active = true'])];
      if (filter.search) conditions.push('CONTAINS(c.nameKey, @search)');
      return repository.query<Vendor>(vendorType, {
        where: conditions.join(' AND '),
        parameters: filter.search ? [{ name: '@search', value: filter.search.toLowerCase() }] : [],
        orderBy: 'c.nameKey ASC',
        maxItemCount: filter.pageSize,
        ...(filter.continuationToken ? { continuationToken: filter.continuationToken } : {}),
      });
    },
    async activeVendors(ids) {
      const found = new Map<string, Stored<Vendor>>();
      // ARRAY_CONTAINS over a bounded list: a query's parameters stay small.
      for (let start = 0; start < ids.length; start += 500) {
        const vendors = await repository.queryAll<Vendor>(vendorType, {
          where: 'ARRAY_CONTAINS(@ids, c.id) AND c.deleted = false AND c.active = true',
          parameters: [{ name: '@ids', value: ids.slice(start, start + 500) }],
        });
        for (const vendor of vendors) found.set(vendor.id, vendor);
      }
      return found;
    },
    vendorNames: (ids) => repository.vendorNames(ids),
    openBillsOf: (vendorId) => repository.openBillsOf(vendorId),
    createVendor: (id, vendor) => repository.create(vendorType, id, vendor),
    saveVendor: ({ current, next }, audit) => repository.transaction().replace(current, next).commitWithAudit(audit),
    findBankAccount: (id) => repository.find<VendorBankAccount>(bankAccountType, id),
    async findBankAccounts(filter) {
      const where =
        'vendorId' in filter
          ? { where: 'c.vendorId = @vendorId', parameters: [{ name: '@vendorId', value: filter.vendorId }] }
          : {
              where: 'ARRAY_CONTAINS(@fingerprints, c.fingerprint)',
              parameters: [{ name: '@fingerprints', value: [...filter.fingerprints] }],
            };
      const [live, purged] = await Promise.all([
        repository.queryAll<VendorBankAccount>(bankAccountType, where),
        repository.queryAll<BankAccountHistory>(bankAccountHistoryType, where),
      ]);
      return { live, purged };
    },
    async queueEmail(email, outboxId, audit) {
      const transaction = repository.transaction();
      const ticket = stageEmail(transaction, deps.ids, email, { id: outboxId });
      await transaction.commitWithAudit(audit);
      return ticket;
    },
    async outboxState(id) {
      return (await repository.find<OutboxRecord>(outboxType, id))?.state;
    },
    async changeBankAccounts({ added, accounts, vendor, audit }) {
      const transaction = repository.transaction();
      if (added) transaction.create(bankAccountType, added.id, added.account);
      for (const { current, next } of accounts) transaction.replace(current, next);
      if (vendor) transaction.replace<Vendor>(vendor.current, vendor.next);
      await transaction.commitWithAudit(audit);
    },
    async purgeBankAccount({ account, history, vendor, audit }) {
      const id = bankAccountHistoryId(account.id);
      const transaction = repository
        .transaction()
        .create(bankAccountHistoryType, id, history, { immutable: true })
        .purge(account);
      if (vendor) transaction.replace<Vendor>(vendor.current, vendor.next);
      await transaction.commitWithAudit(audit);
      return repository.get<BankAccountHistory>(bankAccountHistoryType, id);
    },
  };
}
