import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import { accountType, type Account, type LedgerDependencies } from './accounts';
import { LedgerRepository } from './ledger-repository';

/** Changes the organisation's ledger settings, audited in the same transaction. */
async function changeSettings(
  deps: LedgerDependencies,
  context: TenantContext,
  changes: Record<string, unknown>,
  details: Record<string, string | boolean>,
): Promise<void> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Changing ledger settings');
  return retryOnConflict('The organisation', async () => {
    const organization = await repository.get<Record<string, unknown>>('organization', context.tenantId);
    const transaction = repository.transaction().replace(organization, { ...organization, ...changes });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'ledger.settings-changed', target: { type: 'organization', id: context.tenantId }, details },
      deps.clock.now(),
    );
    await transaction.commit();
    return;
  });
}

/** The equity account that year-end closes move income and expense into. */
export async function setRetainedEarningsAccount(
  deps: LedgerDependencies,
  context: TenantContext,
  accountId: string,
): Promise<{ retainedEarningsAccountId: string }> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Changing ledger settings');
  const account = await repository.get<Account>(accountType, accountId);
  if (account.accountType !== 'equity' || account.deleted)
    throw new ConflictError('Retained earnings must be an equity account');
  await changeSettings(
    deps,
    context,
    { retainedEarningsAccountId: accountId },
    { retainedEarningsAccountId: accountId },
  );
  return { retainedEarningsAccountId: accountId };
}
