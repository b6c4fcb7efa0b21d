/**
 * The proposal of a payment run: the bills it pays and how much, one payment per vendor. Bills
 * come oldest due first; an early-payment discount is taken when the pay date is inside its window
 * and the bill is paid in full (rounded down to the cent, so never more than the terms allow); a
 * maximum total stops adding bills that would pass it.
 */
import type { RunPayment, RunPaymentBill } from './payment-run';
import type { RunBill, RunVendor } from './payables-port';

/**
 * One vendor's payment posts as one GL entry with all its bills in one transactional batch (two
 * writes per bill): more bills than this wait for the next run.
 */
export const maxBillsPerPayment = 40;

export interface Proposal {
  readonly payments: RunPayment[];
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
  for (const bill of bills) {
    const vendor = vendors.get(bill.vendorId);
    const chosen = byVendor.get(bill.vendorId) ?? [];
    if (!vendor || chosen.length >= maxBillsPerPayment || bill.openMinor <= 0n) continue;
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
  return { payments, totalMinor, discountMinor, billCount };
}
