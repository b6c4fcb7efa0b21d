import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { backoff, TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError, PreconditionFailedError } from '../platform/errors';
import { accountType, type Account, type LedgerDependencies } from './accounts';

/** Changes the organisation's ledger settings, audited in the same transaction. */
async function changeSettings(
  deps: LedgerDependencies,
  context: TenantContext,
  changes: Record<string, unknown>,
  details: Record<string, string | boolean>,
): Promise<void> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  for (let attempt = 1; ; attempt += 1) {
    const organization = await repository.get<Record<string, unknown>>('organization', context.tenantId);
    const transaction = repository.transaction().replace(organization, { ...organization, ...changes });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'ledger.settings-changed', target: { type: 'organization', id: context.tenantId }, details },
      deps.clock.now(),
    );
    try {
      await transaction.commit();
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError || error instanceof ConflictError) || attempt >= 10) throw error;
      await backoff(attempt);
    }
  }
}

export async function setDualControl(
  deps: LedgerDependencies,
  context: TenantContext,
  enabled: boolean,
): Promise<{ dualControl: boolean }> {
  await changeSettings(deps, context, { dualControl: enabled }, { dualControl: enabled });
  return { dualControl: enabled };
}

/** The equity account that year-end closes move income and expense into. */
export async function setRetainedEarningsAccount(
  deps: LedgerDependencies,
  context: TenantContext,
  accountId: string,
): Promise<{ retainedEarningsAccountId: string }> {
  const account = await new TenantRepository(deps.container, context, deps.clock).get<Account>(accountType, accountId);
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
