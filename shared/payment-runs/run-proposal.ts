/**
 * The proposal of a payment run: the bills it pays and how much, one payment per vendor. Bills
 * come oldest due first; an early-payment discount is taken when the pay date is inside its window
 * and the bill is paid in full (rounded down to the cent, so never more than the terms allow); a
 * maximum total stops adding bills that would pass it.
 */
import type { RunPayment, RunPaymentBill } from './payment-run';
import type { RunBill, RunVendor } from './payables-port';

/**
 * One vendor's payment is one ACH entry and one GL entry however many bills it pays (its bills are
 * marked paid a batch at a time after the entry). What bounds it is the run's proposal document,
 * which holds a payment whole (2 MB, about 150 bytes a bill): past this many bills of one vendor,
 * the oldest due are paid and the rest wait for the next run, counted on the run as deferred.
 */
export const maxBillsPerPayment = 2_000;

export interface Proposal {
  readonly payments: RunPayment[];
  /** Bills left for a later run because their vendor's payment is full (maxBillsPerPayment). */
  readonly deferredBills: number;
  readonly totalMinor: bigint;
  readonly discountMinor: bigint;
  readonly billCount: number;
}

export function discountFor(bill: RunBill, payDate: string, discountsAllowed: boolean): bigint {
  if (!discountsAllowed || !bill.discountBasisPoints || !bill.discountUntil || payDate > bill.discountUntil) return 0n;
  return (bill.openMinor * BigInt(bill.discountBasisPoints)) / 10_000n;
}

export function propose(
  bills: readonly RunBill[],
  vendors: ReadonlyMap<string, RunVendor>,
  options: { readonly payDate: string; readonly maxTotalMinor: bigint | null; readonly discountsAllowed: boolean },
): Proposal {
  const byVendor = new Map<string, RunPaymentBill[]>();
  let totalMinor = 0n;
  let discountMinor = 0n;
  let billCount = 0;
  let deferredBills = 0;
  for (const bill of bills) {
    const vendor = vendors.get(bill.vendorId);
    const chosen = byVendor.get(bill.vendorId) ?? [];
    if (!vendor || bill.openMinor <= 0n) continue;
    if (chosen.length >= maxBillsPerPayment) {
      deferredBills += 1;
      continue;
    }
    const discount = discountFor(bill, options.payDate, options.discountsAllowed);
    const amount = bill.openMinor - discount;
    if (options.maxTotalMinor !== null && totalMinor + amount > options.maxTotalMinor) continue;
    chosen.push({
      billId: bill.billId,
      billNumber: bill.billNumber,
      dueDate: bill.dueDate,
      amountMinor: amount.toString(),
      discountMinor: discount.toString(),
    });
    byVendor.set(bill.vendorId, chosen);
    totalMinor += amount;
    discountMinor += discount;
    billCount += 1;
  }
  const payments = [...byVendor.entries()].map(([vendorId, chosen]) => ({
    vendorId,
    vendorName: vendors.get(vendorId)!.name,
    bills: chosen,
    returned: null,
  }));
  return { payments, deferredBills, totalMinor, discountMinor, billCount };
}
