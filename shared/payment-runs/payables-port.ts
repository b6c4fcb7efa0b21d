/**
 * What a payment run needs from payables, as the run sees it: the bills it may pay, the vendors
 * it pays, their bank accounts, and the writes that apply (or return) a payment on a bill. The
 * run's logic depends on this interface only; payables-adapter.ts implements it over
 * shared/payables, so a change there touches one file here.
 */
import type { TenantContext } from '../platform/actor';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';

/** A posted bill with something left to pay (payables' PayableBill). */
export interface RunBill {
  readonly billId: string;
  readonly vendorId: string;
  readonly billNumber: string;
  readonly billDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly openMinor: bigint;
  readonly discountBasisPoints: number | null;
  readonly discountUntil: string | null;
}

export interface RunVendor {
  readonly vendorId: string;
  readonly name: string;
  /** PPD for individuals, CCD for businesses. */
  readonly individual: boolean;
  readonly remittanceEmail: string | null;
}

/**
 * What an ACH entry needs of a vendor's account, and payables' decision on that account at the
 * moment the file is built (approved by a second banking admin, past cooling-off, past any
 * prenote wait), or why not. The rule and its shapes are payables' own; the run applies them.
 */
import type { AchAccount, BankAccountUse } from '../payables/bank-account-use';

export type { AchAccount, BankAccountUse };

export interface PaymentApplication {
  readonly billId: string;
  readonly paymentId: string;
  readonly date: string;
  readonly amountMinor: bigint;
  readonly discountMinor: bigint;
  readonly source: string;
  /** The account paid into, as payment history keeps it (masked, with its keyed fingerprint): survives a purge. */
  readonly account?: PaidAccount;
}

export type PaidAccount = Pick<AchAccount, 'bankAccountId' | 'maskedAccount' | 'fingerprint'>;

export type Stage = (transaction: TenantTransaction) => void;

export interface PayablesForRuns {
  payableBills(context: TenantContext, filter: { dueBy: string; vendorIds?: readonly string[] }): Promise<RunBill[]>;
  vendors(context: TenantContext, vendorIds: readonly string[]): Promise<Map<string, RunVendor>>;
  bankAccountUse(context: TenantContext, vendorId: string, at: Date): Promise<BankAccountUse>;
  /** A file carried the account's prenote, effective `sentOn`. */
  prenoteSent(context: TenantContext, vendorId: string, bankAccountId: string, sentOn: string): Promise<void>;
  apControlAccountId(repository: TenantRepository): Promise<string>;
  preparePayment(repository: TenantRepository, payment: PaymentApplication): Promise<'applied' | Stage>;
  /** `'not paid'`: this payment never reached the bill (a run unwound before all its bills were marked). */
  prepareReturn(
    repository: TenantRepository,
    billId: string,
    paymentId: string,
    returned: { readonly date: string; readonly reason: string },
  ): Promise<'returned' | 'not paid' | Stage>;
}
