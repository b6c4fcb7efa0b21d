import { readBooks } from '../ledger/cosmos-books-store';
import { commitPosting } from '../ledger/cosmos-posting-lane';
import type { JournalEntry } from '../ledger/journal-entry';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ValidationError } from '../platform/errors';
import { receiptView } from './credit-views';
import { planApplications, receiptType, type Credit } from './credits';
import { readCustomer } from './customers';
import { groupedLines } from './invoice-posting';
import { ReceivablesRepository } from './receivables-repository';
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
export async function recordReceipt(deps: DomainDependencies, context: TenantContext, input: ReceiptInput) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency: currency } = await readBooks(repository);
  const id = `receipt-${deps.ids.newId()}`;
  const entryId = `je-${deps.ids.newId()}`;
  await commitPosting(deps, context, async () => {
    const customer = await readCustomer(repository, input.customerId);
    const settings = await readReceivablesSettings(repository);
    const amount = parseAmount(input.amount, currency, 'amount');
    if (amount <= 0n) throw new ValidationError('Invalid receipt', [{ field: 'amount', reason: 'above zero' }]);
    const applications = await planApplications(repository, customer.id, currency, input.date, input.applications);
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
    return {
      entryId,
      entry: cashEntry(accounts, dims, { date: input.date, memo, reference: id, amount, currency }),
      audit: { action: 'receivables.receipt-recorded', details: { receiptId: id, amount: receipt.amountMinor } },
      stage: (transaction) => {
        transaction.create(receiptType, id, receipt);
        applications.stage(transaction, 'receipt', id, () => `application-${deps.ids.newId()}`);
      },
    };
  });
  return receiptView(repository, await repository.get<Receipt>(receiptType, id), currency);
}

export async function getReceipt(deps: DomainDependencies, context: TenantContext, id: string) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  return receiptView(repository, await repository.get<Receipt>(receiptType, id), baseCurrency);
}

export async function listReceipts(deps: DomainDependencies, context: TenantContext, customerId?: string) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  const receipts = await repository.queryAll<Receipt>(receiptType, {
    ...(customerId ? { where: 'c.customerId = @customer' } : {}),
    parameters: customerId ? [{ name: '@customer', value: customerId }] : [],
    orderBy: 'c.date ASC',
  });
  return Promise.all(receipts.map((receipt) => receiptView(repository, receipt, baseCurrency)));
}
