import type { TenantContext } from '../platform/actor';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import type { ReceivablesSettings } from '../platform/organization/organization';
import type { ReceivablesDependencies } from './receivables-dependencies';
import type { ReceivablesStore } from './receivables-store';
import type { ReceivablesSettingsInput } from './schemas';
import { scheduleStatements } from './statement-schedule';

/**
 * The organisation's receivables settings, or a refusal naming what is missing: the AR control,
 * sales tax and cash accounts are an admin's choice, never guessed (a wrong control account would
 * post every invoice where no reconciliation finds it).
 */
export async function readReceivablesSettings(store: ReceivablesStore): Promise<ReceivablesSettings> {
  const settings = (await store.readOrganization()).receivables;
  if (!settings)
    throw new ConflictError(
      'Receivables are not set up: an admin chooses the AR control, sales tax and cash accounts (PUT /api/receivables/settings)',
    );
  return settings;
}

/** The settings as chosen, or nulls while receivables are not set up. */
export async function getReceivablesSettings(deps: ReceivablesDependencies, context: TenantContext) {
  const settings = (await deps.storeFor(context).readOrganization()).receivables;
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
  deps: ReceivablesDependencies,
  context: TenantContext,
  input: ReceivablesSettingsInput,
): Promise<ReceivablesSettings> {
  const store = deps.storeFor(context);
  store.requireWholeOrganisation('Changing receivables settings');
  const problems: FieldProblem[] = [];
  for (const [field, type] of Object.entries(expectedTypes) as Array<[keyof typeof expectedTypes, string]>) {
    const account = await store.findAccount(input[field]);
    if (!account || account.deleted || !account.active || account.accountType !== type)
      problems.push({ field, reason: `an active ${type} account` });
  }
  if (problems.length > 0) throw new ValidationError('The receivables settings name unsuitable accounts', problems);
  const settings: ReceivablesSettings = { ...input };
  const target = { type: 'organization', id: context.tenantId };
  await store.changeSettings(settings, { action: 'receivables.settings-changed', target, details: { ...input } });
  await scheduleStatements(deps, context.tenantId, settings.statementDay);
  return settings;
}
