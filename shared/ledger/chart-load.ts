import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { ConflictError } from '../platform/errors';
import {
  accountCodeIndexId,
  accountType,
  listAccounts,
  normalBalanceOf,
  type Account,
  type LedgerDependencies,
} from './accounts';
import { LedgerRepository } from './ledger-repository';
import type { AccountView, NewAccount } from './schemas';

/** Accounts per batch: each is two operations (the account and its code's index), under the 100 a batch holds. */
const accountsPerBatch = 45;

/**
 * Loads a whole starting chart into an empty chart of accounts (a new organisation's first step):
 * every account with its code index, the first batch carrying the audit record. Only into an
 * empty chart: merging a template into accounts someone set up would guess at what they meant.
 * Two loads at once meet on the code indexes, and the second is refused.
 */
export async function loadChart(
  deps: LedgerDependencies,
  context: TenantContext,
  chart: { readonly name: string; readonly accounts: readonly NewAccount[] },
): Promise<AccountView[]> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Loading a chart of accounts');
  const existing = await repository.queryAll<Account>(accountType);
  if (existing.some((account) => !account.deleted))
    throw new ConflictError('The chart of accounts is not empty: a template loads only into an empty chart');
  for (let start = 0; start < chart.accounts.length; start += accountsPerBatch) {
    const transaction = repository.transaction();
    for (const input of chart.accounts.slice(start, start + accountsPerBatch)) {
      const id = `account-${deps.ids.newId()}`;
      const account: Account = {
        code: input.code,
        name: input.name,
        accountType: input.type,
        normalBalance: normalBalanceOf(input.type),
        parentId: null,
        facility: null,
        division: null,
        active: true,
        deleted: false,
        hasPostings: false,
      };
      transaction.create(accountType, id, account).create('account-code', accountCodeIndexId(input.code), {
        accountId: id,
      });
    }
    if (start === 0) {
      const details = { template: chart.name, accounts: chart.accounts.length };
      const audit = { action: 'ledger.chart-loaded', target: { type: 'chart', id: context.tenantId }, details };
      await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
    }
    try {
      await transaction.commit();
    } catch (error) {
      if (error instanceof ConflictError && /account-code/.test(error.message))
        throw new ConflictError('Another load or account creation got there first: the chart is no longer empty');
      throw error;
    }
  }
  return listAccounts(deps, context);
}
