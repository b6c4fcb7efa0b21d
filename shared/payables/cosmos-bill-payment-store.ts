import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { NotFoundError } from '../platform/errors';
import { billType, type Bill } from './bill';
import {
  billPaymentId,
  billPaymentType,
  checkPaymentId,
  paymentOnBill,
  returnOfPayment,
  type BillPayment,
  type PaymentApplication,
} from './bill-payments';

/*
 * A payment's writes on its bill, staged in the caller's own batch (the posting of the payment,
 * a payment run's batch), so the bill and the AP control account move together or not at all.
 * Cosmos-level: payables' store uses them for manual payments, payment runs' store for runs.
 */

/**
 * Reads the bill and checks the payment against it; `applied` when this payment id is already on
 * the bill (a retry), else the writes that apply it. The bill is replaced under its ETag: a
 * concurrent change fails the batch, and the caller reads again.
 */
export async function prepareBillPayment(
  repository: TenantRepository,
  payment: PaymentApplication,
): Promise<'applied' | ((transaction: TenantTransaction) => void)> {
  checkPaymentId(payment.paymentId);
  const bill = await repository.find<Bill>(billType, payment.billId);
  if (!bill) throw new NotFoundError(`No bill with id ${payment.billId}`);
  const id = billPaymentId(bill.id, payment.paymentId);
  if (await repository.find(billPaymentType, id)) return 'applied';
  const applied = paymentOnBill(bill, payment);
  return (transaction) => {
    transaction.replace(bill, applied.bill);
    transaction.create(billPaymentType, id, applied.record, {});
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
  const reopened = returnOfPayment(bill, payment, returned);
  return (transaction) => {
    transaction.replace(bill, reopened.bill);
    transaction.replace(payment, reopened.payment);
  };
}
