import type { TenantContext } from '../platform/actor';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { billType, openMinor, withApplied, type Bill } from './bill';
import type { PayablesDependencies } from './payables-dependencies';
import { PayablesRepository } from './payables-repository';

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
  deps: PayablesDependencies,
  context: TenantContext,
  filter: { readonly dueBy?: string; readonly vendorIds?: readonly string[] } = {},
): Promise<PayableBill[]> {
  const repository = PayablesRepository.open(deps, context);
  const conditions = ["c.kind = 'bill'", "c.status = 'posted'", 'c.settled = false'];
  const parameters = [];
  if (filter.dueBy) {
    conditions.push('c.dueDate <= @dueBy');
    parameters.push({ name: '@dueBy', value: filter.dueBy });
  }
  if (filter.vendorIds) {
    conditions.push('ARRAY_CONTAINS(@vendorIds, c.vendorId)');
    parameters.push({ name: '@vendorIds', value: [...filter.vendorIds] });
  }
  const bills = await repository.queryAll<Bill>(billType, {
    where: conditions.join(' AND '),
    parameters,
    orderBy: 'c.dueDate ASC',
  });
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

/**
 * Reads the bill and checks the payment against it; answers `applied` when this payment id is
 * already on the bill (a retry), else the writes that apply it, to stage in the caller's own
 * batch (the posting of the payment: debit AP control, credit cash), so the bill and the control
 * account move together or not at all. The bill is replaced under its ETag: a concurrent change
 * fails the batch, and the caller reads again.
 */
export async function prepareBillPayment(
  repository: TenantRepository,
  payment: PaymentApplication,
): Promise<'applied' | ((transaction: TenantTransaction) => void)> {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(payment.paymentId))
    throw new ValidationError('Invalid payment id', [
      { field: 'paymentId', reason: 'letters, digits and dashes, up to 100' },
    ]);
  const bill = await repository.find<Bill>(billType, payment.billId);
  if (!bill) throw new NotFoundError(`No bill with id ${payment.billId}`);
  const id = billPaymentId(bill.id, payment.paymentId);
  if (await repository.find(billPaymentType, id)) return 'applied';
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
  return (transaction) => {
    transaction.replace(bill, withApplied(bill, 'paidMinor', applied));
    transaction.create(billPaymentType, id, record, {});
  };
}

/**
 * The writes that reopen a bill whose payment came back (an ACH return), to stage in the batch
 * that posts the return's reversal. A payment returned before answers `returned`.
 */
export async function prepareBillPaymentReturn(
  repository: TenantRepository,
  billId: string,
  paymentId: string,
  returned: { readonly date: string; readonly reason: string },
): Promise<'returned' | ((transaction: TenantTransaction) => void)> {
  const payment = await repository.find<BillPayment>(billPaymentType, billPaymentId(billId, paymentId));
  const bill = await repository.find<Bill>(billType, billId);
  if (!payment || !bill) throw new NotFoundError(`No payment ${paymentId} of bill ${billId}`);
  if (payment.returned) return 'returned';
  if (returned.date < payment.date)
    throw new ValidationError('A return cannot come before its payment', [
      { field: 'date', reason: `on or after ${payment.date}` },
    ]);
  const applied = BigInt(payment.amountMinor) + BigInt(payment.discountMinor);
  return (transaction) => {
    transaction.replace(bill, withApplied(bill, 'paidMinor', -applied));
    transaction.replace(payment, { ...payment, returned });
  };
}
