import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError } from '../platform/errors';
import { addBankingDays } from './banking-days';
import { bankAccountType, bankFieldBinding, readBankAccount, type VendorBankAccount } from './bank-account';
import type { PayablesDependencies } from './payables-dependencies';

/** Live payments wait this many banking days after a prenote, for a return to come back (Nacha's rule). */
export const prenoteWaitBankingDays = 3;

/** What an ACH entry needs of an account: read from the ciphertexts only when a payment file is built. */
export interface AchAccount {
  readonly bankAccountId: string;
  readonly routingNumber: string;
  readonly accountNumber: string;
  readonly accountType: 'checking' | 'savings';
  readonly holderName: string;
  /** Kept with the payment, so its history survives a purge of the account. */
  readonly maskedAccount: string;
  readonly fingerprint: string;
}

export type BankAccountUse =
  | ({ readonly usable: true } & AchAccount)
  | {
      readonly usable: false;
      /** Why no live payment may go to the vendor now, in words for the payment run's page. */
      readonly reason: string;
      /** An approved account still owing its prenote: put a zero-dollar prenote to it in the next file. */
      readonly prenoteDue?: AchAccount;
    };

function opened(deps: PayablesDependencies, tenantId: string, account: Stored<VendorBankAccount>): AchAccount {
  const open = (field: string, ciphertext: string) =>
    deps.fieldCrypto.decrypt('sensitive', ciphertext, bankFieldBinding(tenantId, account.vendorId, account.id, field));
  return {
    bankAccountId: account.id,
    routingNumber: open('routingNumber', account.routingCiphertext),
    accountNumber: open('accountNumber', account.accountCiphertext),
    accountType: account.accountType,
    holderName: account.holderName,
    maskedAccount: account.maskedAccount,
    fingerprint: account.fingerprint,
  };
}

/**
 * The vendor's account as a payment file may use it at `at` (the moment the file is built, not
 * when the account was edited), or why it may not: no approved account, an account still in its
 * cooling-off, a prenote not yet sent or still in its wait, an inactive vendor.
 */
export async function usableBankAccount(
  deps: PayablesDependencies,
  context: TenantContext,
  vendorId: string,
  at: Date,
): Promise<BankAccountUse> {
  const store = deps.storeFor(context);
  const vendor = await store.findVendor(vendorId);
  if (!vendor || vendor.deleted || !vendor.active)
    return { usable: false, reason: 'the vendor is inactive or deleted' };
  if (!vendor.bankAccountId)
    return {
      usable: false,
      reason: vendor.pendingBankAccountId
        ? 'the vendor’s bank account awaits approval by a second banking admin'
        : 'the vendor has no approved bank account',
    };
  const account = await readBankAccount(store, vendorId, vendor.bankAccountId);
  if (account.state !== 'approved') return { usable: false, reason: `the vendor’s bank account is ${account.state}` };
  if (!account.usableFrom || at < new Date(account.usableFrom))
    return { usable: false, reason: `the bank account is in its cooling-off period until ${account.usableFrom}` };
  if (account.prenote.required && !account.prenote.sentOn)
    return {
      usable: false,
      reason: 'a prenote must go to the account first',
      prenoteDue: opened(deps, context.tenantId, account),
    };
  if (account.prenote.liveFrom && at.toISOString().slice(0, 10) < account.prenote.liveFrom)
    return {
      usable: false,
      reason: `live payments wait until ${account.prenote.liveFrom}, ${prenoteWaitBankingDays} banking days after the prenote`,
    };
  return { usable: true, ...opened(deps, context.tenantId, account) };
}

/** A payment file carried the account's prenote (effective `sentOn`): live payments follow after the wait. */
export async function recordPrenoteSent(
  deps: PayablesDependencies,
  context: TenantContext,
  vendorId: string,
  bankAccountId: string,
  sentOn: string,
): Promise<void> {
  const store = deps.storeFor(context);
  await retryOnConflict(`bank account ${bankAccountId}`, async () => {
    const account = await readBankAccount(store, vendorId, bankAccountId);
    if (!account.prenote.required) throw new ConflictError('The bank account needs no prenote');
    if (account.prenote.sentOn) return;
    const liveFrom = addBankingDays(sentOn, prenoteWaitBankingDays);
    await store.changeBankAccounts({
      accounts: [{ current: account, next: { ...account, prenote: { required: true, sentOn, liveFrom } } }],
      audit: {
        action: 'payables.bank-account-prenote-sent',
        target: { type: bankAccountType, id: bankAccountId },
        details: { sentOn, liveFrom },
      },
    });
  });
}
