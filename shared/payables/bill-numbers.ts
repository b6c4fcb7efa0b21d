import { ConflictError } from '../platform/errors';
import { billNumberId, type Bill } from './bill';
import type { BillNumberWrite, BillStore } from './bill-store';

type NumberedBill = Pick<Bill, 'vendorId' | 'billNumber' | 'kind'>;

/**
 * Claims the vendor's bill number for `billId`: the index write to stage with the bill (none when
 * it holds the number already). A number another live bill holds is refused naming that bill (a
 * duplicate bill is how the same invoice gets paid twice).
 */
export async function claimBillNumber(
  store: BillStore,
  bill: NumberedBill,
  billId: string,
): Promise<BillNumberWrite | undefined> {
  const { vendorId, billNumber, kind } = bill;
  const id = billNumberId(vendorId, billNumber, kind);
  const index = await store.findBillNumber(id);
  if (index?.billId && index.billId !== billId)
    throw new ConflictError(`The vendor's ${kind} ${billNumber} is already entered as ${index.billId}`);
  if (!index) return { id, next: { billId } };
  return index.billId === null ? { id, current: index, next: { billId } } : undefined;
}

/** Frees a vendor's bill number (its bill was renumbered or voided): the index write, if it has one. */
export async function releaseBillNumber(store: BillStore, bill: NumberedBill): Promise<BillNumberWrite | undefined> {
  const id = billNumberId(bill.vendorId, bill.billNumber, bill.kind);
  const index = await store.findBillNumber(id);
  return index && { id, current: index, next: { billId: null } };
}
