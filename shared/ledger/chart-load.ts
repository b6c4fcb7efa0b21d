import type { TenantContext } from '../platform/actor';
import { ConflictError } from '../platform/errors';
import { accountFrom, listAccounts, type LedgerDependencies } from './accounts';
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
  const store = deps.chartStoreFor(context);
  store.requireWholeOrganisation('Loading a chart of accounts');
  const existing = await store.listAccounts();
  if (existing.some((account) => !account.deleted))
    throw new ConflictError('The chart of accounts is not empty: a template loads only into an empty chart');
  for (let start = 0; start < chart.accounts.length; start += accountsPerBatch) {
    const batch = chart.accounts.slice(start, start + accountsPerBatch).map(({ code, name, type }) => ({
      id: `account-${deps.ids.newId()}`,
      account: accountFrom({ code, name, type }),
    }));
    const details = { template: chart.name, accounts: chart.accounts.length };
    const audit = { action: 'ledger.chart-loaded', target: { type: 'chart', id: context.tenantId }, details };
    try {
      await store.createAccounts(batch, start === 0 ? audit : undefined);
    } catch (error) {
      if (error instanceof ConflictError && /account-code/.test(error.message))
        throw new ConflictError('Another load or account creation got there first: the chart is no longer empty');
      throw error;
    }
  }
  return listAccounts(deps, context);
}
