/**
 * What a payment run needs from payables' services, as the run sees it: the bills it may pay, the
 * vendors it pays and their bank accounts. The run's logic depends on this interface only;
 * payables-adapter.ts implements it over shared/payables, so a change there touches one file
 * here. The writes that apply (or return) a payment on a bill go into the run's own batches:
 * they are the run store's (cosmos-run-postings-store.ts).
 */
import type { TenantContext } from '../platform/actor';
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

export interface PayablesForRuns {
  payableBills(context: TenantContext, filter: { dueBy: string; vendorIds?: readonly string[] }): Promise<RunBill[]>;
  vendors(context: TenantContext, vendorIds: readonly string[]): Promise<Map<string, RunVendor>>;
  bankAccountUse(context: TenantContext, vendorId: string, at: Date): Promise<BankAccountUse>;
  /** A file carried the account's prenote, effective `sentOn`. */
  prenoteSent(context: TenantContext, vendorId: string, bankAccountId: string, sentOn: string): Promise<void>;
}
