import { z } from 'zod';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { prefixedId } from '../platform/ids';
import { changeOrganization, requireOrganization } from '../platform/organization/organization-store';
import { requireAccount } from './payables-accounts';
import type { PayablesDependencies } from './payables-dependencies';
import { PayablesRepository } from './payables-repository';

/** A bank change waits this long after approval unless an admin chose otherwise: two days to notice a fraud. */
export const defaultCoolingOffHours = 48;

const accountId = prefixedId('account', 'an account id');
export const payablesSettingsInput = z
  .object({
    apControlAccountId: accountId.meta({ description: 'The liability account every posted bill credits' }),
    purchaseTaxAccountId: accountId
      .nullable()
      .optional()
      .meta({ description: "The account a bill's tax is debited to; required before a bill with tax is approved" }),
    bankChangeCoolingOffHours: z
      .number()
      .int()
      .min(0)
      .max(720)
      .default(defaultCoolingOffHours)
      .meta({ description: 'Hours an approved bank-account change waits before payments may use it' }),
  })
  .strict();
export type PayablesSettingsInput = z.infer<typeof payablesSettingsInput>;

export const payablesSettingsView = z
  .object({
    apControlAccountId: z.string().nullable(),
    purchaseTaxAccountId: z.string().nullable(),
    bankChangeCoolingOffHours: z.number(),
  })
  .meta({ id: 'PayablesSettings' });
export type PayablesSettingsView = z.infer<typeof payablesSettingsView>;

export async function readPayablesSettings(repository: TenantRepository): Promise<PayablesSettingsView> {
  const { payables } = await requireOrganization(repository);
  return {
    apControlAccountId: payables?.apControlAccountId ?? null,
    purchaseTaxAccountId: payables?.purchaseTaxAccountId ?? null,
    bankChangeCoolingOffHours: payables?.bankChangeCoolingOffHours ?? defaultCoolingOffHours,
  };
}

/** The AP control account, chosen by an admin: bills are never posted to a guessed account. */
export async function requireApControl(repository: TenantRepository): Promise<string> {
  const { apControlAccountId } = await readPayablesSettings(repository);
  if (!apControlAccountId)
    throw new ConflictError('The organisation has no AP control account set; an admin chooses it in payables settings');
  return apControlAccountId;
}

export async function getPayablesSettings(
  deps: PayablesDependencies,
  context: TenantContext,
): Promise<PayablesSettingsView> {
  return readPayablesSettings(PayablesRepository.open(deps, context));
}

/** Changes the payables settings, audited with old and new values in the same transaction. */
export async function setPayablesSettings(
  deps: PayablesDependencies,
  context: TenantContext,
  input: PayablesSettingsInput,
): Promise<PayablesSettingsView> {
  const repository = PayablesRepository.open(deps, context);
  repository.requireWholeOrganisation('Changing payables settings');
  await requireAccount(repository, input.apControlAccountId, ['liability'], 'apControlAccountId');
  if (input.purchaseTaxAccountId)
    await requireAccount(repository, input.purchaseTaxAccountId, ['asset', 'expense'], 'purchaseTaxAccountId');
  const next = {
    apControlAccountId: input.apControlAccountId,
    ...(input.purchaseTaxAccountId ? { purchaseTaxAccountId: input.purchaseTaxAccountId } : {}),
    bankChangeCoolingOffHours: input.bankChangeCoolingOffHours,
  };
  await changeOrganization(repository, async (organization, transaction) => {
    const before = organization.payables ?? {};
    // The aging must keep adding up to the control account: once bills are posted to it, it stays.
    if (before.apControlAccountId && before.apControlAccountId !== next.apControlAccountId) {
      const posted = await repository.query('bill', { where: "c.status IN ('posted', 'void')", maxItemCount: 1 });
      if (posted.items.length > 0)
        throw new ConflictError('Bills are already posted to the AP control account; it can no longer change');
    }
    const details = {
      before: JSON.stringify(before),
      after: JSON.stringify(next),
    };
    const audit = {
      action: 'payables.settings-changed',
      target: { type: 'organization', id: context.tenantId },
      details,
    };
    await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
    return { next: { ...organization, payables: next }, result: undefined };
  });
  return readPayablesSettings(repository);
}
