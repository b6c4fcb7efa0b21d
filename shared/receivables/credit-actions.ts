import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ValidationError } from '../platform/errors';
import { creditNoteView, receiptView } from './credit-views';
import { creditAfter, creditNoteType, planApplications, receiptType, sourceType } from './credits';
import { cashEntry } from './receipts';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { required, type ReceivablesStore } from './receivables-store';
import { readReceivablesSettings } from './receivables-settings';
import type { ApplyCreditInput, CreditSource, RefundInput } from './settlement-schemas';

async function viewOf(store: ReceivablesStore, source: CreditSource, id: string, currency: string) {
  return source === 'receipt'
    ? receiptView(store, required(await store.findReceipt(id), receiptType, id), currency)
    : creditNoteView(store, required(await store.findCreditNote(id), creditNoteType, id), currency);
}

const readCredit = async (store: ReceivablesStore, source: CreditSource, id: string) =>
  required(await store.findCredit(source, id), sourceType(source), id);

/**
 * Applies a customer's unapplied credit (a receipt's overpayment, a credit note's rest) to their
 * open invoices. Nothing moves in the ledger (AR control already holds the credit); the credit,
 * the applications, the invoices and the audit record are one transaction.
 */
export async function applyCredit(deps: ReceivablesDependencies, context: TenantContext, input: ApplyCreditInput) {
  const store = deps.storeFor(context);
  const { baseCurrency: currency } = await store.readBooks();
  await retryOnConflict(`${input.source} ${input.sourceId}`, async () => {
    const credit = await readCredit(store, input.source, input.sourceId);
    if (input.date < credit.date)
      throw new ValidationError('Invalid application', [{ field: 'date', reason: 'on or after the credit' }]);
    const applications = await planApplications(store, credit.customerId, currency, input.date, input.applications);
    const target = { type: input.source, id: input.sourceId };
    const details = { amount: applications.totalMinor.toString(), date: input.date };
    await store.applyCredit(
      credit,
      creditAfter(credit, { applied: applications.totalMinor }),
      applications.settle(input.source, input.sourceId, deps.ids),
      { action: 'receivables.credit-applied', target, details },
    );
  });
  return viewOf(store, input.source, input.sourceId, currency);
}

/** Pays unapplied credit back to the customer: debit AR control, credit cash, with the credit's new state. */
export async function refundCredit(
  deps: ReceivablesDependencies,
  context: TenantContext,
  source: CreditSource,
  id: string,
  input: RefundInput,
): Promise<void> {
  const store = deps.storeFor(context);
  const { baseCurrency: currency } = await store.readBooks();
  const entryId = `je-${deps.ids.newId()}`;
  await retryOnConflict('The journal entry', async () => {
    const credit = await readCredit(store, source, id);
    const settings = await readReceivablesSettings(store);
    const amount = parseAmount(input.amount, currency, 'amount');
    if (amount <= 0n) throw new ValidationError('Invalid refund', [{ field: 'amount', reason: 'above zero' }]);
    if (amount > BigInt(credit.unappliedMinor)) throw new ConflictError('That is more than the credit has unapplied');
    if (input.date < credit.date)
      throw new ValidationError('Invalid refund', [{ field: 'date', reason: 'on or after the credit' }]);
    const next = creditAfter(credit, {
      refunded: { date: input.date, amountMinor: amount.toString(), journalEntryId: entryId },
    });
    const accounts = { cash: settings.cashAccountId, ar: settings.arControlAccountId };
    const memo = `Refund to ${credit.customerName}`;
    await store.refundCredit(credit, next, {
      entryId,
      entry: cashEntry(accounts, credit, { date: input.date, memo, reference: id, amount, currency, refund: true }),
      audit: { action: 'receivables.credit-refunded', details: { [`${source}Id`]: id, amount: amount.toString() } },
    });
  });
}
