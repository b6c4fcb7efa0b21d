import type { TenantContext } from '../platform/actor';
import { ConflictError } from '../platform/errors';
import { requireAccount, type LedgerDependencies } from './accounts';

/** The equity account that year-end closes move income and expense into; the change is audited with it. */
export async function setRetainedEarningsAccount(
  deps: LedgerDependencies,
  context: TenantContext,
  accountId: string,
): Promise<{ retainedEarningsAccountId: string }> {
  const store = deps.chartStoreFor(context);
  store.requireWholeOrganisation('Changing ledger settings');
  const account = await requireAccount(store, accountId);
  if (account.accountType !== 'equity' || account.deleted)
    throw new ConflictError('Retained earnings must be an equity account');
  await store.changeLedgerSettings(
    { retainedEarningsAccountId: accountId },
    {
      action: 'ledger.settings-changed',
      target: { type: 'organization', id: context.tenantId },
      details: { retainedEarningsAccountId: accountId },
    },
  );
  return { retainedEarningsAccountId: accountId };
}
