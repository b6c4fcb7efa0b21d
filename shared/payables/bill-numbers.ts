import type { TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { billNumberId, billNumberType, type BillNumberIndex } from './bill';
import type { PayablesRepository } from './payables-repository';

/**
 * Claims the vendor's bill number for `billId` in the transaction: a number another live bill
 * holds is refused naming that bill (a duplicate bill is how the same invoice gets paid twice).
 */
export async function claimBillNumber(
  repository: PayablesRepository,
  transaction: TenantTransaction,
  vendorId: string,
  billNumber: string,
  billId: string,
): Promise<void> {
  const id = billNumberId(vendorId, billNumber);
  const index = await repository.find<BillNumberIndex>(billNumberType, id);
  if (index?.billId && index.billId !== billId)
    throw new ConflictError(`The vendor's bill ${billNumber} is already entered as bill ${index.billId}`);
  if (!index) transaction.create<BillNumberIndex>(billNumberType, id, { billId });
  else if (index.billId === null) transaction.replace<BillNumberIndex>(index, { billId });
}

/** Frees a vendor's bill number (its bill was renumbered or voided). */
export async function releaseBillNumber(
  repository: PayablesRepository,
  transaction: TenantTransaction,
  vendorId: string,
  billNumber: string,
): Promise<void> {
  const index = await repository.find<BillNumberIndex>(billNumberType, billNumberId(vendorId, billNumber));
  if (index) transaction.replace<BillNumberIndex>(index, { billId: null });
}
