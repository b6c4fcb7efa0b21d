/**
 * The organisation's company bank settings: who originates its ACH files (routing number, file
 * header parties, company name and id) and which accounts payments credit. Banking admins only;
 * every change audited with old and new values in the same batch.
 */
import type { ChartStore } from '../ledger/ledger-store';
import type { Account } from '../ledger/accounts';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ValidationError } from '../platform/errors';
import type {
  CompanyBankSettingsInput,
  CompanyBankSettingsState,
  CompanyBankSettingsView,
} from './bank-settings-schemas';
import type { RunStores } from './run-dependencies';
import type { BankSettingsDocuments } from './run-store';

export const companyBankSettingsType = 'company-bank-settings';
export const companyBankSettingsId = 'company-bank-settings';

export type CompanyBankSettings = CompanyBankSettingsInput;

function view(stored: Stored<CompanyBankSettings>): CompanyBankSettingsView {
  const { updatedAt, updatedBy, type: _type, tenantId: _tenant, etag: _etag, id: _id, ...rest } = stored;
  const { createdAt: _createdAt, createdBy: _createdBy, immutable: _immutable, ...settings } = rest;
  return { ...settings, updatedAt, updatedBy };
}

export async function readCompanyBankSettings(store: BankSettingsDocuments): Promise<Stored<CompanyBankSettings>> {
  const found = await store.findBankSettings();
  if (!found) throw new ConflictError('The organisation has no company bank settings; a banking admin sets them first');
  return found;
}

export async function getCompanyBankSettings(
  deps: RunStores,
  context: TenantContext,
): Promise<CompanyBankSettingsState> {
  deps.ledger.chartStoreFor(context).requireWholeOrganisation('Reading the company bank settings');
  const found = await deps.storeFor(context).findBankSettings();
  return { settings: found ? view(found) : null };
}

/** The account must exist, be active and be of one of the types the posting needs. */
async function requireAccountOf(
  chart: ChartStore,
  id: string,
  types: readonly Account['accountType'][],
  field: string,
): Promise<void> {
  const account = await chart.findAccount(id);
  if (!account || account.deleted || !account.active || !types.includes(account.accountType))
    throw new ValidationError(`The ${field} must be an active ${types.join(' or ')} account`, [
      { field, reason: `an active ${types.join(' or ')} account` },
    ]);
}

export async function setCompanyBankSettings(
  deps: RunStores,
  context: TenantContext,
  input: CompanyBankSettingsInput,
): Promise<CompanyBankSettingsView> {
  const chart = deps.ledger.chartStoreFor(context);
  chart.requireWholeOrganisation('Changing the company bank settings');
  await requireAccountOf(chart, input.apCashAccountId, ['asset'], 'apCashAccountId');
  if (input.discountAccountId)
    await requireAccountOf(chart, input.discountAccountId, ['revenue', 'expense'], 'discountAccountId');
  const store = deps.storeFor(context);
  await retryOnConflict('The company bank settings', async () => {
    const current = await store.findBankSettings();
    const before = current ? view(current) : null;
    await store.saveBankSettings(current, input, {
      action: 'payment-runs.bank-settings-changed',
      target: { type: companyBankSettingsType, id: companyBankSettingsId },
      details: { before: before ? JSON.stringify(before) : null, after: JSON.stringify(input) },
    });
  });
  return view(await readCompanyBankSettings(store));
}
