import type { TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { billNumberId, billNumberType, type Bill, type BillNumberIndex } from './bill';
import type { PayablesRepository } from './payables-repository';

/**
 * Claims the vendor's bill number for `billId` in the transaction: a number another live bill
 * holds is refused naming that bill (a duplicate bill is how the same invoice gets paid twice).
 */
export async function claimBillNumber(
  repository: PayablesRepository,
  transaction: TenantTransaction,
  bill: Pick<Bill, 'vendorId' | 'billNumber' | 'kind'>,
  billId: string,
): Promise<void> {
  const { vendorId, billNumber, kind } = bill;
  const id = billNumberId(vendorId, billNumber, kind);
  const index = await repository.find<BillNumberIndex>(billNumberType, id);
  if (index?.billId && index.billId !== billId)
    throw new ConflictError(`The vendor's ${kind} ${billNumber} is already entered as ${index.billId}`);
  if (!index) transaction.create<BillNumberIndex>(billNumberType, id, { billId });
  else if (index.billId === null) transaction.replace<BillNumberIndex>(index, { billId });
}

/** Frees a vendor's bill number (its bill was renumbered or voided). */
export async function releaseBillNumber(
  repository: PayablesRepository,
  transaction: TenantTransaction,
  bill: Pick<Bill, 'vendorId' | 'billNumber' | 'kind'>,
): Promise<void> {
  const id = billNumberId(bill.vendorId, bill.billNumber, bill.kind);
  const index = await repository.find<BillNumberIndex>(billNumberType, id);
  if (index) transaction.replace<BillNumberIndex>(index, { billId: null });
}
