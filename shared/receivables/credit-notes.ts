import { requireActiveDimensions } from '../dimensions/dimension-check';
import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ValidationError, type FieldProblem } from '../platform/errors';
import { creditNoteView } from './credit-views';
import { creditNoteType, planApplications, type Credit } from './credits';
import { readCustomer } from './customers';
import type { InvoiceLine } from './invoice';
import { invoiceTotals } from './invoice-amounts';
import { invoiceEntry } from './invoice-posting';
import { buildLine } from './invoices';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { required } from './receivables-store';
import { readReceivablesSettings } from './receivables-settings';
import type { CreditNoteInput } from './settlement-schemas';

export interface CreditNote extends Credit {
  /** From the credit-note counter at issue (gap-free, like invoice numbers); shown as CN-000001. */
  readonly number: number;
  readonly invoiceId: string | null;
  readonly reason: string;
  readonly lines: readonly InvoiceLine[];
  readonly subtotalMinor: string;
  readonly taxMinor: string;
}

/**
 * A credit note: numbered from its own gap-free sequence in the batch that posts it, the reverse of an invoice's revenue and tax (debit revenue and sales tax payable,
 * credit AR control), priced and rounded like invoice lines. Against an invoice it is applied to
 * it at once, up to what is open; the rest (or all of it, against the account) is the customer's
 * unapplied credit, applied or refunded like a receipt's.
 */
export async function issueCreditNote(deps: ReceivablesDependencies, context: TenantContext, input: CreditNoteInput) {
  const store = deps.storeFor(context);
  const { baseCurrency: currency } = await store.readBooks();
  // Tags a line names are new use of them; the ones it inherits are the invoice's or customer's own.
  await requireActiveDimensions(deps, context, input.lines);
  const id = `credit-note-${deps.ids.newId()}`;
  const entryId = `je-${deps.ids.newId()}`;
  await retryOnConflict('The journal entry', async () => {
    const customer = await readCustomer(store, input.customerId);
    const settings = await readReceivablesSettings(store);
    const problems: FieldProblem[] = [];
    const built = await Promise.all(
      input.lines.map((line, index) => buildLine(store, currency, customer, line, index, problems)),
    );
    if (problems.length > 0) throw new ValidationError('The credit note cannot be issued', problems);
    const lines = built as InvoiceLine[];
    const totals = invoiceTotals(
      lines.map((l) => ({ amountMinor: BigInt(l.amountMinor), taxMinor: BigInt(l.taxMinor) })),
    );
    if (totals.total <= 0n)
      throw new ValidationError('Invalid credit note', [{ field: 'lines', reason: 'a total above zero' }]);
    const invoice = input.invoiceId ? await store.findInvoice(input.invoiceId) : undefined;
    if (input.invoiceId && (!invoice || invoice.customerId !== customer.id || invoice.status !== 'issued'))
      throw new ValidationError('Invalid credit note', [
        { field: 'invoiceId', reason: "an issued invoice of the customer's" },
      ]);
    const open = invoice && invoice.status === 'issued' ? BigInt(invoice.openMinor) : 0n;
    const toApply = open < totals.total ? open : totals.total;
    const applications = await planApplications(
      store,
      customer.id,
      currency,
      input.date,
      input.invoiceId && toApply > 0n ? [{ invoiceId: input.invoiceId, amount: formatAmount(toApply, currency) }] : [],
    );
    const dims = { facility: invoice?.facility ?? customer.facility, division: invoice?.division ?? customer.division };
    const note: Omit<CreditNote, 'number'> = {
      customerId: customer.id,
      customerName: customer.name,
      date: input.date,
      amountMinor: totals.total.toString(),
      appliedMinor: applications.totalMinor.toString(),
      refundedMinor: '0',
      unappliedMinor: (totals.total - applications.totalMinor).toString(),
      refunds: [],
      journalEntryId: entryId,
      invoiceId: input.invoiceId ?? null,
      reason: input.reason,
      lines,
      subtotalMinor: totals.subtotal.toString(),
      taxMinor: totals.tax.toString(),
      ...dims,
    };
    const entry = invoiceEntry({ ...note, totalMinor: note.amountMinor, currency }, settings, id, {
      date: input.date,
      memo: `Credit note to ${customer.name}`,
      reverse: true,
    });
    await store.issueCreditNote(id, note, applications.settle('credit-note', id, deps.ids), {
      entryId,
      entry,
      audit: { action: 'receivables.credit-note-issued', details: { creditNoteId: id, total: note.amountMinor } },
    });
  });
  return creditNoteView(store, required(await store.findCreditNote(id), creditNoteType, id), currency);
}

export async function getCreditNote(deps: ReceivablesDependencies, context: TenantContext, id: string) {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  return creditNoteView(store, required(await store.findCreditNote(id), creditNoteType, id), baseCurrency);
}

export async function listCreditNotes(deps: ReceivablesDependencies, context: TenantContext, customerId?: string) {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  const notes = await store.listCreditNotes(customerId);
  return Promise.all(notes.map((note) => creditNoteView(store, note, baseCurrency)));
}
