import type { Stored } from '../platform/data/stored-document';
import { NotFoundError } from '../platform/errors';
import type { BankAccountView } from './bank-account-schemas';
import type { VendorStore } from './vendor-store';
import { masked, vendorFieldBinding } from './vendor';

export const bankAccountType = 'vendor-bank-account';
/** What stays of a purged account: never its numbers, only what payment history and re-entry need. */
export const bankAccountHistoryType = 'vendor-bank-account-history';
export const bankAccountHistoryId = (bankAccountId: string) => `bank-history-${bankAccountId}`;

export interface Verification {
  readonly method: 'call-back';
  readonly phone: string;
  readonly calledBy: string;
  readonly calledAt: string;
  readonly notes: string;
}

export interface Recognised {
  readonly vendorId: string;
  readonly bankAccountId: string;
  readonly state: string;
}

/**
 * A vendor's bank account. `pending` until a second banking admin approves it, then `approved`
 * (usable once its cooling-off and any prenote wait are over); `superseded` when a later account
 * is approved, `replaced` when a newer change came in while it was pending. The only record the
 * system deletes (purge), hence `purgeable`.
 */
export interface VendorBankAccount {
  readonly vendorId: string;
  readonly state: 'pending' | 'approved' | 'superseded' | 'replaced';
  /** AES-256-GCM, customer-sensitive ring, bound to organisation, vendor, this record and the field. */
  readonly routingCiphertext: string;
  readonly accountCiphertext: string;
  readonly accountType: 'checking' | 'savings';
  readonly holderName: string;
  readonly maskedRouting: string;
  readonly maskedAccount: string;
  /** Keyed HMAC of organisation, routing and account number (../platform/crypto/keyed-fingerprint.ts). */
  readonly fingerprint: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly coolingOffHours: number;
  /** The notice queued to the vendor's contacts on file before this record was stored. */
  readonly notice: { readonly outboxId: string; readonly to: readonly string[] };
  /** The vendor's phone numbers when the change came in: a verification call goes to one of these. */
  readonly phonesOnFile: readonly string[];
  readonly approval: { readonly by: string; readonly at: string; readonly verification: Verification } | null;
  readonly usableFrom: string | null;
  readonly prenote: { readonly required: boolean; readonly sentOn: string | null; readonly liveFrom: string | null };
  readonly recognised: readonly Recognised[];
  readonly purgeable: true;
}

export interface BankAccountHistory {
  readonly vendorId: string;
  readonly bankAccountId: string;
  readonly accountType: 'checking' | 'savings';
  readonly maskedAccount: string;
  readonly fingerprint: string;
  readonly stateAtPurge: string;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly approvedAt: string | null;
  readonly purged: { readonly by: string; readonly at: string; readonly reason: string };
}

export const bankFieldBinding = (tenantId: string, vendorId: string, bankAccountId: string, field: string) =>
  vendorFieldBinding(tenantId, vendorId, `bankAccount:${bankAccountId}:${field}`);

/** The input of the keyed fingerprint: the same account in another organisation is not linkable. */
export const fingerprintInput = (tenantId: string, routingNumber: string, accountNumber: string) =>
  `${tenantId}|${routingNumber}|${accountNumber}`;

export const maskedNumber = masked;

export async function readBankAccount(
  store: Pick<VendorStore, 'findBankAccount'>,
  vendorId: string,
  id: string,
): Promise<Stored<VendorBankAccount>> {
  const account = await store.findBankAccount(id);
  if (!account || account.vendorId !== vendorId) throw new NotFoundError(`No bank account ${id} of vendor ${vendorId}`);
  return account;
}

export function viewBankAccount(account: Stored<VendorBankAccount>): BankAccountView {
  return {
    id: account.id,
    vendorId: account.vendorId,
    state: account.state,
    accountType: account.accountType,
    holderName: account.holderName,
    routingNumber: account.maskedRouting,
    accountNumber: account.maskedAccount,
    requestedBy: account.requestedBy,
    requestedAt: account.requestedAt,
    notice: { to: [...account.notice.to], outboxId: account.notice.outboxId },
    approval: account.approval && { ...account.approval, verification: { ...account.approval.verification } },
    usableFrom: account.usableFrom,
    prenote: { ...account.prenote },
    recognised: account.recognised.map((r) => ({ ...r })),
    purged: null,
  };
}

export function viewPurged(history: Stored<BankAccountHistory>): BankAccountView {
  return {
    id: history.bankAccountId,
    vendorId: history.vendorId,
    state: 'purged',
    accountType: history.accountType,
    holderName: null,
    routingNumber: '••••',
    accountNumber: history.maskedAccount,
    requestedBy: history.requestedBy,
    requestedAt: history.requestedAt,
    notice: null,
    approval: null,
    usableFrom: null,
    prenote: { required: false, sentOn: null, liveFrom: null },
    recognised: [],
    purged: { ...history.purged },
  };
}
