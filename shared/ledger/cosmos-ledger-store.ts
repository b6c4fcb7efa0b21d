import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import { changeOrganization } from '../platform/organization/organization-store';
import { accountCodeIndexId, accountType, type Account, type LedgerDependencies } from './accounts';
import { LedgerRepository } from './ledger-repository';
import type { LedgerStore } from './ledger-store';

/**
 * The ledger's store over Cosmos for one caller: LedgerRepository applies the caller's facility
 * and division restrictions to every read and write it makes.
 */
export async function openLedgerStore(deps: LedgerDependencies, context: TenantContext): Promise<LedgerStore> {
  const repository = await LedgerRepository.open(deps, context);
  const audited = (transaction: TenantTransaction, audit: AuditEntry) =>
    stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
  return {
    requireWholeOrganisation: (action) => repository.requireWholeOrganisation(action),
    findAccount: (id) => repository.find<Account>(accountType, id),
    listAccounts: () => repository.queryAll<Account>(accountType, { orderBy: 'c.code ASC' }),
    async createAccounts(accounts, audit) {
      const transaction = repository.transaction();
      for (const { id, account } of accounts)
        transaction.create(accountType, id, account).create('account-code', accountCodeIndexId(account.code), {
          accountId: id,
        });
      if (audit) await audited(transaction, audit);
      await transaction.commit();
    },
    saveAccount: (current, next) => repository.replace<Account>(current, next),
    async changeLedgerSettings(changes, audit) {
      await changeOrganization(repository, async (organization, transaction) => {
        await audited(transaction, audit);
        return { next: { ...organization, ...changes }, result: undefined };
      });
    },
  };
}
