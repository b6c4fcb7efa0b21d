import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import { changeOrganization } from '../platform/organization/organization-store';
import { accountCodeIndexId, accountType, type Account } from './accounts';
import { LedgerRepository, requireWholeOrganisation } from './ledger-repository';
import type { ChartStore } from './ledger-store';

/** Opens the caller's repository when a store first needs it. */
export type OpenLedger = () => Promise<LedgerRepository>;

/**
 * One LedgerRepository per caller for every store built from these dependencies: a restricted
 * member's is opened by reading the chart (to know which accounts are out of reach), once.
 */
export function ledgerRepositories(deps: DomainDependencies): (context: TenantContext) => OpenLedger {
  const opened = new WeakMap<TenantContext, Promise<LedgerRepository>>();
  return (context) => () => {
    const known = opened.get(context);
    if (known) return known;
    const opening = LedgerRepository.open(deps, context);
    opened.set(context, opening);
    return opening;
  };
}

/** Stages `audit` into the transaction in the caller's name, stamped now. */
export const auditor =
  (deps: DomainDependencies, context: TenantContext, repository: LedgerRepository) =>
  (transaction: TenantTransaction, audit: AuditEntry) =>
    stageAuditRecord(repository, transaction, context, audit, deps.clock.now());

/**
 * The chart of accounts' store over Cosmos for one caller: LedgerRepository applies the caller's
 * facility and division restrictions to every read and write it makes.
 */
export function cosmosChartStore(deps: DomainDependencies, context: TenantContext, open: OpenLedger): ChartStore {
  return {
    requireWholeOrganisation: (action) => requireWholeOrganisation(context, action),
    findAccount: async (id) => (await open()).find<Account>(accountType, id),
    listAccounts: async () => (await open()).queryAll<Account>(accountType, { orderBy: 'c.code ASC' }),
    async createAccounts(accounts, audit) {
      const repository = await open();
      const transaction = repository.transaction();
      for (const { id, account } of accounts)
        transaction.create(accountType, id, account).create('account-code', accountCodeIndexId(account.code), {
          accountId: id,
        });
      if (audit) await auditor(deps, context, repository)(transaction, audit);
      await transaction.commit();
    },
    saveAccount: async (current, next) => (await open()).replace<Account>(current, next),
    async changeLedgerSettings(changes, audit) {
      const repository = await open();
      await changeOrganization(repository, async (organization, transaction) => {
        await auditor(deps, context, repository)(transaction, audit);
        return { next: { ...organization, ...changes }, result: undefined };
      });
    },
  };
}
