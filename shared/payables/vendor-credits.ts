import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ValidationError } from '../platform/errors';
import { parseAmount } from '../ledger/money';
import { billType, openMinor, readBill, viewBill, withApplied } from './bill';
import type { BillView, CreditApplicationInput } from './bill-schemas';
import type { PayablesDependencies } from './payables-dependencies';

export const creditApplicationType = 'credit-application';

/** Part of a vendor credit set against one of the vendor's bills, on a date (for the aging). */
export interface CreditApplication {
  readonly creditId: string;
  readonly billId: string;
  readonly vendorId: string;
  readonly date: string;
  readonly amountMinor: string;
}

/**
 * Applies part of a posted vendor credit to a posted bill of the same vendor. Both were posted
 * against AP control already (the credit debited it), so nothing is posted: the bill's open
 * amount and the credit's remaining amount go down together, in one batch under both ETags.
 */
export async function applyVendorCredit(
  deps: PayablesDependencies,
  context: TenantContext,
  billId: string,
  input: CreditApplicationInput,
): Promise<BillView> {
  const store = deps.storeFor(context);
  await retryOnConflict('The bill', async () => {
    const bill = await readBill(store, billId);
    const credit = await readBill(store, input.creditId);
    if (bill.kind !== 'bill' || credit.kind !== 'credit')
      throw new ValidationError('A vendor credit is applied to a bill', [
        { field: 'creditId', reason: 'a vendor credit' },
      ]);
    if (bill.status !== 'posted' || credit.status !== 'posted')
      throw new ConflictError('Both the bill and the credit must be posted');
    if (bill.vendorId !== credit.vendorId)
      throw new ConflictError("A vendor's credit applies to that vendor's bills only");
    const amount = parseAmount(input.amount, bill.currency, 'amount');
    if (amount <= 0n)
      throw new ValidationError('Invalid amount', [{ field: 'amount', reason: 'must be greater than zero' }]);
    if (amount > openMinor(bill) || amount > openMinor(credit))
      throw new ConflictError('The amount is more than the bill or the credit has open');
    const latest = bill.billDate > credit.billDate ? bill.billDate : credit.billDate;
    if (input.date < latest)
      throw new ValidationError('Applied before the bill or credit existed', [
        { field: 'date', reason: `on or after ${latest}` },
      ]);
    const application: CreditApplication = {
      creditId: credit.id,
      billId: bill.id,
      vendorId: bill.vendorId,
      date: input.date,
      amountMinor: amount.toString(),
    };
    const audit = {
      action: 'payables.credit-applied',
      target: { type: billType, id: billId },
      details: { creditId: credit.id, amountMinor: amount.toString(), date: input.date },
    };
    await store.applyCredit(
      { current: bill, next: withApplied(bill, 'creditedMinor', amount) },
      { current: credit, next: withApplied(credit, 'paidMinor', amount) },
      { id: `credit-application-${deps.ids.newId()}`, record: application },
      audit,
    );
  });
  return viewBill(await readBill(store, billId));
}
