import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import {
  bankAccountHistoryId,
  bankAccountHistoryType,
  bankAccountType,
  readBankAccount,
  viewBankAccount,
  viewPurged,
  type BankAccountHistory,
  type VendorBankAccount,
} from './bank-account';
import type { BankAccountView } from './bank-account-schemas';
import type { PayablesDependencies } from './payables-dependencies';
import { PayablesRepository } from './payables-repository';
import { readVendor, type Vendor } from './vendor';

/** A vendor's accounts, newest first, purged ones as what is left of them. */
export async function listBankAccounts(
  deps: PayablesDependencies,
  context: TenantContext,
  vendorId: string,
): Promise<{ items: BankAccountView[] }> {
  const repository = PayablesRepository.open(deps, context);
  await readVendor(repository, vendorId);
  const byVendor = { where: 'c.vendorId = @vendorId', parameters: [{ name: '@vendorId', value: vendorId }] };
  const [live, purged] = await Promise.all([
    repository.queryAll<VendorBankAccount>(bankAccountType, byVendor),
    repository.queryAll<BankAccountHistory>(bankAccountHistoryType, byVendor),
  ]);
  const items = [...live.map(viewBankAccount), ...purged.map(viewPurged)];
  return { items: items.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)) };
}

/**
 * Purges a bank account: the system's only hard delete. The record with its ciphertexts is
 * deleted for good (a data export made afterwards cannot hold it); what stays is a history
 * record with the masked number and the keyed fingerprint, so payments made to it keep their
 * story and a later re-entry of the same account is recognised. Audited in the same batch.
 */
export async function purgeBankAccount(
  deps: PayablesDependencies,
  context: TenantContext,
  vendorId: string,
  id: string,
  reason: string,
): Promise<BankAccountView> {
  const repository = PayablesRepository.open(deps, context);
  const now = deps.clock.now();
  const history = await retryOnConflict(`vendor ${vendorId}`, async () => {
    const vendor = await readVendor(repository, vendorId);
    const account = await readBankAccount(repository, vendorId, id);
    const record: BankAccountHistory = {
      vendorId,
      bankAccountId: id,
      accountType: account.accountType,
      maskedAccount: account.maskedAccount,
      fingerprint: account.fingerprint,
      stateAtPurge: account.state,
      requestedAt: account.requestedAt,
      requestedBy: account.requestedBy,
      approvedAt: account.approval?.at ?? null,
      purged: { by: context.actor.id, at: now.toISOString(), reason },
    };
    const transaction = repository
      .transaction()
      .create(bankAccountHistoryType, bankAccountHistoryId(id), record, { immutable: true })
      .purge(account);
    if (vendor.bankAccountId === id || vendor.pendingBankAccountId === id)
      transaction.replace<Vendor>(vendor, {
        ...vendor,
        bankAccountId: vendor.bankAccountId === id ? null : (vendor.bankAccountId ?? null),
        pendingBankAccountId: vendor.pendingBankAccountId === id ? null : (vendor.pendingBankAccountId ?? null),
      });
    const audit = {
      action: 'payables.bank-account-purged',
      target: { type: 'vendor', id: vendorId },
      details: { bankAccountId: id, account: account.maskedAccount, reason },
    };
    await stageAuditRecord(repository, transaction, context, audit, now);
    await transaction.commit();
    return repository.get<BankAccountHistory>(bankAccountHistoryType, bankAccountHistoryId(id));
  });
  return viewPurged(history);
}
