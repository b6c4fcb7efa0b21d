import { accountType, type Account } from '../ledger/accounts';
import { LedgerRepository } from '../ledger/ledger-repository';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import type { ReceivablesSettings } from '../platform/organization/organization';
import { changeOrganization, requireOrganization } from '../platform/organization/organization-store';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { ReceivablesSettingsInput } from './schemas';
import { scheduleStatements } from './statement-schedule';

/**
 * The organisation's receivables settings, or a refusal naming what is missing: the AR control,
 * sales tax and cash accounts are an admin's choice, never guessed (a wrong control account would
 * post every invoice where no reconciliation finds it).
 */
export async function readReceivablesSettings(repository: TenantRepository): Promise<ReceivablesSettings> {
  const settings = (await requireOrganization(repository)).receivables;
  if (!settings)
    throw new ConflictError(
      'Receivables are not set up: an admin chooses the AR control, sales tax and cash accounts (PUT /api/receivables/settings)',
    );
  return settings;
}

/** The settings as chosen, or nulls while receivables are not set up. */
export async function getReceivablesSettings(deps: DomainDependencies, context: TenantContext) {
  const settings = (await requireOrganization(await LedgerRepository.open(deps, context))).receivables;
  return (
    settings ?? {
      arControlAccountId: null,
      salesTaxAccountId: null,
      cashAccountId: null,
      statementDay: null,
      statementOverdueOnly: null,
    }
  );
}

const expectedTypes = {
  arControlAccountId: 'asset',
  salesTaxAccountId: 'liability',
  cashAccountId: 'asset',
} as const;

/** Chooses the accounts receivables post to (audited); each must be an active account of the right type. */
export async function setReceivablesSettings(
  deps: DomainDependencies,
  context: TenantContext,
  input: ReceivablesSettingsInput,
): Promise<ReceivablesSettings> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Changing receivables settings');
  const problems: FieldProblem[] = [];
  for (const [field, type] of Object.entries(expectedTypes) as Array<[keyof typeof expectedTypes, string]>) {
    const account = await repository.find<Account>(accountType, input[field]);
    if (!account || account.deleted || !account.active || account.accountType !== type)
      problems.push({ field, reason: `an active ${type} account` });
  }
  if (problems.length > 0) throw new ValidationError('The receivables settings name unsuitable accounts', problems);
  const settings: ReceivablesSettings = { ...input };
  await changeOrganization(repository, async (organization, transaction) => {
    const target = { type: 'organization', id: context.tenantId };
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'receivables.settings-changed', target, details: { ...input } },
      deps.clock.now(),
    );
    return { next: { ...organization, receivables: settings }, result: undefined };
  });
  await scheduleStatements(deps, context.tenantId, settings.statementDay);
  return settings;
}
