import type { JournalEntry } from '../ledger/journal-entry';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ValidationError } from '../platform/errors';
import { receiptView } from './credit-views';
import { planApplications, receiptType, type Credit } from './credits';
import { readCustomer } from './customers';
import { groupedLines } from './invoice-posting';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { required } from './receivables-store';
import { readReceivablesSettings } from './receivables-settings';
import type { ReceiptInput } from './settlement-schemas';

export interface Receipt extends Credit {
  readonly reference: string | null;
}

/** An entry moving `amount` between cash and AR control: a receipt (cash in) or a refund (cash out). */
export function cashEntry(
  accounts: { cash: string; ar: string },
  dims: { facility: string | null; division: string | null },
  options: { date: string; memo: string; reference: string; amount: bigint; refund?: boolean; currency: string },
): JournalEntry {
  const [debit, credit] = options.refund ? [accounts.ar, accounts.cash] : [accounts.cash, accounts.ar];
  return {
    status: 'draft',
    number: null,
    date: options.date,
    memo: options.memo,
    reference: options.reference,
    currency: options.currency,
    lines: groupedLines([
      { accountId: debit, side: 'debit', amount: options.amount, ...dims },
      { accountId: credit, side: 'credit', amount: options.amount, ...dims },
    ]),
    reversalOf: null,
    postedAt: null,
    postedBy: null,
  };
}

/**
 * Records a customer payment: debit cash, credit AR control, in one batch with the receipt, its
 * applications to invoices (partial or full) and the invoices' new open amounts. What is not
 * applied stays on the receipt as the customer's unapplied credit, to apply later or refund.
 */
export async function recordReceipt(deps: ReceivablesDependencies, context: TenantContext, input: ReceiptInput) {
  const store = deps.storeFor(context);
  const { baseCurrency: currency } = await store.readBooks();
  const id = `receipt-${deps.ids.newId()}`;
  const entryId = `je-${deps.ids.newId()}`;
  await retryOnConflict('The journal entry', async () => {
    const customer = await readCustomer(store, input.customerId);
    const settings = await readReceivablesSettings(store);
    const amount = parseAmount(input.amount, currency, 'amount');
    if (amount <= 0n) throw new ValidationError('Invalid receipt', [{ field: 'amount', reason: 'above zero' }]);
    const applications = await planApplications(store, customer.id, currency, input.date, input.applications);
    if (applications.totalMinor > amount)
      throw new ValidationError('Invalid receipt', [{ field: 'applications', reason: 'at most the amount received' }]);
    const dims = { facility: customer.facility, division: customer.division };
    const receipt: Receipt = {
      customerId: customer.id,
      customerName: customer.name,
      date: input.date,
      amountMinor: amount.toString(),
      appliedMinor: applications.totalMinor.toString(),
      refundedMinor: '0',
      unappliedMinor: (amount - applications.totalMinor).toString(),
      refunds: [],
      journalEntryId: entryId,
      reference: input.reference ?? null,
      ...dims,
    };
    const accounts = { cash: settings.cashAccountId, ar: settings.arControlAccountId };
    const memo = `Receipt from ${customer.name}`;
    await store.recordReceipt(id, receipt, applications.settle('receipt', id, deps.ids), {
      entryId,
      entry: cashEntry(accounts, dims, { date: input.date, memo, reference: id, amount, currency }),
      audit: { action: 'receivables.receipt-recorded', details: { receiptId: id, amount: receipt.amountMinor } },
    });
  });
  return receiptView(store, required(await store.findReceipt(id), receiptType, id), currency);
}

export async function getReceipt(deps: ReceivablesDependencies, context: TenantContext, id: string) {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  return receiptView(store, required(await store.findReceipt(id), receiptType, id), baseCurrency);
}

export async function listReceipts(deps: ReceivablesDependencies, context: TenantContext, customerId?: string) {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  const receipts = await store.listReceipts(customerId);
  return Promise.all(receipts.map((receipt) => receiptView(store, receipt, baseCurrency)));
}
