import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ValidationError } from '../platform/errors';
import { openMinor, withApplied, type Bill } from './bill';
import type { PayablesDependencies } from './payables-dependencies';

export const billPaymentType = 'bill-payment';
/** One per bill and payment: its fixed id makes a payment applied twice collide, whoever retries it. */
export const billPaymentId = (billId: string, paymentId: string) => `bill-payment-${billId}-${paymentId}`;

/** A payment (or the discount taken with it) applied to one bill; kept for the bill's history and the aging. */
export interface BillPayment {
  readonly billId: string;
  readonly vendorId: string;
  readonly paymentId: string;
  readonly date: string;
  readonly amountMinor: string;
  readonly discountMinor: string;
  /** Who paid it: `manual` (recorded here) or the payment run's id. */
  readonly source: string;
  /** The bank account paid into, as payment history keeps it: masked, with its keyed fingerprint (survives a purge). */
  readonly account: {
    readonly bankAccountId: string;
    readonly maskedAccount: string;
    readonly fingerprint: string;
  } | null;
  /** A returned payment (R01 and the like): from this date the bill is owed again. */
  readonly returned: { readonly date: string; readonly reason: string } | null;
}

/** A posted bill with something left to pay, as payment runs select them. */
export interface PayableBill {
  readonly billId: string;
  readonly vendorId: string;
  readonly billNumber: string;
  readonly billDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly openMinor: bigint;
  readonly discountBasisPoints: number | null;
  readonly discountUntil: string | null;
}

export interface PaymentApplication {
  readonly billId: string;
  /** The caller's id for this payment of this bill (`[A-Za-z0-9-]`, up to 100): applying it again changes nothing. */
  readonly paymentId: string;
  readonly date: string;
  readonly amountMinor: bigint;
  readonly discountMinor: bigint;
  readonly source: string;
  /** From `usableBankAccount` when paid by ACH: kept on the payment record. */
  readonly account?: BillPayment['account'];
}

/**
 * Approved (posted) bills with an open amount, oldest due first: what a payment run may pay.
 * `dueBy` keeps bills due on or before it; `vendorIds` keeps those vendors' bills.
 */
export async function listPayableBills(
  deps: Pick<PayablesDependencies, 'storeFor'>,
  context: TenantContext,
  filter: { readonly dueBy?: string; readonly vendorIds?: readonly string[] } = {},
): Promise<PayableBill[]> {
  const bills = await deps.storeFor(context).payableBills(filter);
  return bills.map((bill) => ({
    billId: bill.id,
    vendorId: bill.vendorId,
    billNumber: bill.billNumber,
    billDate: bill.billDate,
    dueDate: bill.dueDate,
    currency: bill.currency,
    totalMinor: BigInt(bill.totalMinor),
    openMinor: openMinor(bill),
    discountBasisPoints: bill.discountBasisPoints,
    discountUntil: bill.discountUntil,
  }));
}

/** A payment's id is part of its record's id: letters, digits and dashes only. */
export function checkPaymentId(paymentId: string): void {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(paymentId))
    throw new ValidationError('Invalid payment id', [
      { field: 'paymentId', reason: 'letters, digits and dashes, up to 100' },
    ]);
}

/**
 * The payment checked against the bill it is not yet on: the bill with it applied, and its
 * record. Only a posted bill (not a credit) is paid, never more than is open, never before its date.
 */
export function paymentOnBill(bill: Stored<Bill>, payment: PaymentApplication): { bill: Bill; record: BillPayment } {
  if (bill.kind !== 'bill') throw new ConflictError('A vendor credit is applied to bills, not paid');
  if (bill.status !== 'posted') throw new ConflictError(`Only a posted bill is paid; this one is ${bill.status}`);
  const applied = payment.amountMinor + payment.discountMinor;
  if (payment.amountMinor < 0n || payment.discountMinor < 0n || applied <= 0n)
    throw new ValidationError('Invalid payment', [{ field: 'amount', reason: 'a positive amount' }]);
  if (applied > openMinor(bill))
    throw new ConflictError(`The payment is more than the bill's open amount (${openMinor(bill)} minor units)`);
  if (payment.date < bill.billDate)
    throw new ValidationError('The payment cannot come before the bill', [
      { field: 'date', reason: `on or after ${bill.billDate}` },
    ]);
  const record: BillPayment = {
    billId: bill.id,
    vendorId: bill.vendorId,
    paymentId: payment.paymentId,
    date: payment.date,
    amountMinor: payment.amountMinor.toString(),
    discountMinor: payment.discountMinor.toString(),
    source: payment.source,
    account: payment.account ?? null,
    returned: null,
  };
  return { bill: withApplied(bill, 'paidMinor', applied), record };
}

/** A payment that came back (an ACH return): the bill owed again, the payment marked returned. */
export function returnOfPayment(
  bill: Bill,
  payment: BillPayment,
  returned: { readonly date: string; readonly reason: string },
): { bill: Bill; payment: BillPayment } {
  if (returned.date < payment.date)
    throw new ValidationError('A return cannot come before its payment', [
      { field: 'date', reason: `on or after ${payment.date}` },
    ]);
  const applied = BigInt(payment.amountMinor) + BigInt(payment.discountMinor);
  return { bill: withApplied(bill, 'paidMinor', -applied), payment: { ...payment, returned } };
}
