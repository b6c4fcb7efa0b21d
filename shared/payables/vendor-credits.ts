import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ValidationError } from '../platform/errors';
import { parseAmount } from '../ledger/money';
import { billType, openMinor, readBill, viewBill, withApplied, type Bill } from './bill';
import type { BillView, CreditApplicationInput } from './bill-schemas';
import type { PayablesDependencies } from './payables-dependencies';
import { PayablesRepository } from './payables-repository';

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
  const repository = PayablesRepository.open(deps, context);
  await retryOnConflict('The bill', async () => {
    const bill = await readBill(repository, billId);
    const credit = await readBill(repository, input.creditId);
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
    const transaction = repository
      .transaction()
      .replace<Bill>(bill, withApplied(bill, 'creditedMinor', amount))
      .replace<Bill>(credit, withApplied(credit, 'paidMinor', amount))
      .create(creditApplicationType, `credit-application-${deps.ids.newId()}`, application);
    const audit = {
      action: 'payables.credit-applied',
      target: { type: billType, id: billId },
      details: { creditId: credit.id, amountMinor: amount.toString(), date: input.date },
    };
    await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
    await transaction.commit();
  });
  return viewBill(await readBill(repository, billId));
}
