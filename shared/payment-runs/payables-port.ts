/**
 * What a payment run needs from payables, as the run sees it: the bills it may pay, the vendors
 * it pays, their bank accounts, and the writes that apply (or return) a payment on a bill. The
 * run's logic depends on this interface only; payables-adapter.ts implements it over
 * shared/payables, so a change there touches one file here.
 */
import type { TenantContext } from '../platform/actor';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import type { AchAccount, BankAccountUse } from '../payables/bank-account-use';
import type { PayableBill, PaymentApplication } from '../payables/bill-payments';

/** A posted bill with something left to pay, as payables lists them; the run needs only what is open. */
export type RunBill = Omit<PayableBill, 'totalMinor'>;

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

export type { AchAccount, BankAccountUse, PaymentApplication };

/** The account paid into, as payment history keeps it (masked, with its keyed fingerprint): survives a purge. */
export type PaidAccount = NonNullable<PaymentApplication['account']>;

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
