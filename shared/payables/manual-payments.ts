import { newEntry, type StoredLine } from '../ledger/journal-entry';
import type { JournalPosting } from '../ledger/journal-store';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ValidationError } from '../platform/errors';
import { readBill, viewBill } from './bill';
import type { BillPaymentInput, BillView } from './bill-schemas';
import type { PayablesDependencies } from './payables-dependencies';
import { requireApControl } from './payables-settings';

/**
 * Records a payment made outside a payment run (a cheque, a wire): posts it (debit AP control
 * the amount and discount, credit the cash account, the discount to its account) with the bill's
 * change in one batch. The same payment id again returns the bill as it is.
 */
export async function recordBillPayment(
  deps: PayablesDependencies,
  context: TenantContext,
  billId: string,
  input: BillPaymentInput,
): Promise<BillView> {
  const store = deps.storeFor(context);
  await retryOnConflict('The bill', async () => {
    const bill = await readBill(store, billId);
    const amountMinor = parseAmount(input.amount, bill.currency, 'amount');
    const discountMinor = parseAmount(input.discount, bill.currency, 'discount');
    if (discountMinor > 0n && !input.discountAccountId)
      throw new ValidationError('A discount needs its account', [
        { field: 'discountAccountId', reason: 'required with a discount' },
      ]);
    const application = {
      billId,
      paymentId: input.paymentId,
      date: input.date,
      amountMinor,
      discountMinor,
      source: 'manual',
    };
    // Built only when the payment is not on the bill yet (a retry posts nothing).
    const posting = async (): Promise<JournalPosting> => {
      const apControl = requireApControl(await store.readSettings());
      const dims = { facility: bill.lines[0]!.facility, division: bill.lines[0]!.division };
      const line = (accountId: string, side: 'debit' | 'credit', amount: bigint): StoredLine => ({
        accountId,
        side,
        amountMinor: amount.toString(),
        ...dims,
        memo: `Payment ${input.paymentId} of bill ${bill.billNumber}`,
      });
      const lines = [
        line(apControl, 'debit', amountMinor + discountMinor),
        ...(amountMinor > 0n ? [line(input.cashAccountId, 'credit', amountMinor)] : []),
        ...(discountMinor > 0n ? [line(input.discountAccountId!, 'credit', discountMinor)] : []),
      ];
      return {
        entryId: `je-${deps.ids.newId()}`,
        entry: newEntry({
          date: input.date,
          memo: `Payment of bill ${bill.billNumber}`,
          reference: billId,
          currency: bill.currency,
          lines,
          drafters: [context.actor.id],
        }),
        audit: { action: 'payables.bill-paid', details: { billId, paymentId: input.paymentId } },
      };
    };
    await store.payBill(application, posting);
  });
  return viewBill(await readBill(store, billId));
}
