import { z } from 'zod';
import type { TenantContext } from '../platform/actor';
import { ConflictError } from '../platform/errors';
import { prefixedId } from '../platform/ids';
import type { Organization } from '../platform/organization/organization';
import { requireAccount } from './payables-accounts';
import type { PayablesDependencies } from './payables-dependencies';

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

/** The payables settings an organisation document holds, with the default cooling-off. */
export function payablesSettingsOf(organization: Organization): PayablesSettingsView {
  const { payables } = organization;
  return {
    apControlAccountId: payables?.apControlAccountId ?? null,
    purchaseTaxAccountId: payables?.purchaseTaxAccountId ?? null,
    bankChangeCoolingOffHours: payables?.bankChangeCoolingOffHours ?? defaultCoolingOffHours,
  };
}

/** The AP control account, chosen by an admin: bills are never posted to a guessed account. */
export function requireApControl(settings: PayablesSettingsView): string {
  if (!settings.apControlAccountId)
    throw new ConflictError('The organisation has no AP control account set; an admin chooses it in payables settings');
  return settings.apControlAccountId;
}

export async function getPayablesSettings(
  deps: PayablesDependencies,
  context: TenantContext,
): Promise<PayablesSettingsView> {
  return deps.storeFor(context).readSettings();
}

/** Changes the payables settings, audited with old and new values in the same transaction. */
export async function setPayablesSettings(
  deps: PayablesDependencies,
  context: TenantContext,
  input: PayablesSettingsInput,
): Promise<PayablesSettingsView> {
  const store = deps.storeFor(context);
  store.requireWholeOrganisation('Changing payables settings');
  await requireAccount(store, input.apControlAccountId, ['liability'], 'apControlAccountId');
  if (input.purchaseTaxAccountId)
    await requireAccount(store, input.purchaseTaxAccountId, ['asset', 'expense'], 'purchaseTaxAccountId');
  const next = {
    apControlAccountId: input.apControlAccountId,
    ...(input.purchaseTaxAccountId ? { purchaseTaxAccountId: input.purchaseTaxAccountId } : {}),
    bankChangeCoolingOffHours: input.bankChangeCoolingOffHours,
  };
  await store.changeSettings(async (stored) => {
    const before = stored ?? {};
    // The aging must keep adding up to the control account: once bills are posted to it, it stays.
    if (
      before.apControlAccountId &&
      before.apControlAccountId !== next.apControlAccountId &&
      (await store.hasPostedBills())
    )
      throw new ConflictError('Bills are already posted to the AP control account; it can no longer change');
    const details = {
      before: JSON.stringify(before),
      after: JSON.stringify(next),
    };
    const audit = {
      action: 'payables.settings-changed',
      target: { type: 'organization', id: context.tenantId },
      details,
    };
    return { next, audit };
  });
  return store.readSettings();
}
