import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { readBankAccount, viewBankAccount, viewPurged, type BankAccountHistory } from './bank-account';
import type { BankAccountView } from './bank-account-schemas';
import type { PayablesDependencies } from './payables-dependencies';
import { readVendor } from './vendor';

/** A vendor's accounts, newest first, purged ones as what is left of them. */
export async function listBankAccounts(
  deps: PayablesDependencies,
  context: TenantContext,
  vendorId: string,
): Promise<{ items: BankAccountView[] }> {
  const store = deps.storeFor(context);
  await readVendor(store, vendorId);
  const { live, purged } = await store.findBankAccounts({ vendorId });
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
  const store = deps.storeFor(context);
  const now = deps.clock.now();
  const history = await retryOnConflict(`vendor ${vendorId}`, async () => {
    const vendor = await readVendor(store, vendorId);
    const account = await readBankAccount(store, vendorId, id);
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
    const pointsToIt = vendor.bankAccountId === id || vendor.pendingBankAccountId === id;
    const next = {
      ...vendor,
      bankAccountId: vendor.bankAccountId === id ? null : (vendor.bankAccountId ?? null),
      pendingBankAccountId: vendor.pendingBankAccountId === id ? null : (vendor.pendingBankAccountId ?? null),
    };
    return store.purgeBankAccount({
      account,
      history: record,
      ...(pointsToIt ? { vendor: { current: vendor, next } } : {}),
      audit: {
        action: 'payables.bank-account-purged',
        target: { type: 'vendor', id: vendorId },
        details: { bankAccountId: id, account: account.maskedAccount, reason },
      },
    });
  });
  return viewPurged(history);
}
