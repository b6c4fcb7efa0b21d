/**
 * The organisation's company bank settings: who originates its ACH files (routing number, file
 * header parties, company name and id) and which accounts payments credit. Banking admins only;
 * every change audited with old and new values in the same batch.
 */
import { accountType, type Account } from '../ledger/accounts';
import { LedgerRepository } from '../ledger/ledger-repository';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, ValidationError } from '../platform/errors';
import type {
  CompanyBankSettingsInput,
  CompanyBankSettingsState,
  CompanyBankSettingsView,
} from './bank-settings-schemas';

export const companyBankSettingsType = 'company-bank-settings';
export const companyBankSettingsId = 'company-bank-settings';

export type CompanyBankSettings = CompanyBankSettingsInput;

function view(stored: Stored<CompanyBankSettings>): CompanyBankSettingsView {
  const { updatedAt, updatedBy, type: _type, tenantId: _tenant, etag: _etag, id: _id, ...rest } = stored;
  const { createdAt: _createdAt, createdBy: _createdBy, immutable: _immutable, ...settings } = rest;
  return { ...settings, updatedAt, updatedBy };
}

export async function readCompanyBankSettings(repository: TenantRepository): Promise<Stored<CompanyBankSettings>> {
  const found = await repository.find<CompanyBankSettings>(companyBankSettingsType, companyBankSettingsId);
  if (!found) throw new ConflictError('The organisation has no company bank settings; a banking admin sets them first');
  return found;
}

export async function getCompanyBankSettings(
  deps: DomainDependencies,
  context: TenantContext,
): Promise<CompanyBankSettingsState> {
  (await LedgerRepository.open(deps, context)).requireWholeOrganisation('Reading the company bank settings');
  const found = await new TenantRepository(deps.container, context, deps.clock).find<CompanyBankSettings>(
    companyBankSettingsType,
    companyBankSettingsId,
  );
  return { settings: found ? view(found) : null };
}

/** The account must exist, be active and be of one of the types the posting needs. */
async function requireAccountOf(
  ledger: LedgerRepository,
  id: string,
  types: readonly Account['accountType'][],
  field: string,
): Promise<void> {
  const account = await ledger.find<Account>(accountType, id);
  if (!account || account.deleted || !account.active || !types.includes(account.accountType))
    throw new ValidationError(`The ${field} must be an active ${types.join(' or ')} account`, [
      { field, reason: `an active ${types.join(' or ')} account` },
    ]);
}

export async function setCompanyBankSettings(
  deps: DomainDependencies,
  context: TenantContext,
  input: CompanyBankSettingsInput,
): Promise<CompanyBankSettingsView> {
  const ledger = await LedgerRepository.open(deps, context);
  ledger.requireWholeOrganisation('Changing the company bank settings');
  await requireAccountOf(ledger, input.apCashAccountId, ['asset'], 'apCashAccountId');
  if (input.discountAccountId)
    await requireAccountOf(ledger, input.discountAccountId, ['revenue', 'expense'], 'discountAccountId');
  const repository = new TenantRepository(deps.container, context, deps.clock);
  await retryOnConflict('The company bank settings', async () => {
    const current = await repository.find<CompanyBankSettings>(companyBankSettingsType, companyBankSettingsId);
    const transaction = repository.transaction();
    if (current) transaction.replace(current, input);
    else transaction.create(companyBankSettingsType, companyBankSettingsId, input);
    const before = current ? view(current) : null;
    await stageAuditRecord(
      repository,
      transaction,
      context,
      {
        action: 'payment-runs.bank-settings-changed',
        target: { type: companyBankSettingsType, id: companyBankSettingsId },
        details: { before: before ? JSON.stringify(before) : null, after: JSON.stringify(input) },
      },
      deps.clock.now(),
    );
    await transaction.commit();
  });
  return view(await repository.get<CompanyBankSettings>(companyBankSettingsType, companyBankSettingsId));
}
