import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Organization } from '../platform/organization/organization';
import { changeOrganization } from '../platform/organization/organization-store';
import { ConflictError } from '../platform/errors';
import { accountType, type Account, type LedgerDependencies } from './accounts';
import { LedgerRepository } from './ledger-repository';

/** Changes the organisation's ledger settings, audited in the same transaction. */
async function changeSettings(
  deps: LedgerDependencies,
  context: TenantContext,
  changes: Partial<Organization>,
  details: Record<string, string | boolean>,
): Promise<void> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Changing ledger settings');
  await changeOrganization(repository, async (organization, transaction) => {
    const target = { type: 'organization', id: context.tenantId };
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'ledger.settings-changed', target, details },
      deps.clock.now(),
    );
    return { next: { ...organization, ...changes }, result: undefined };
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
