import { requireActiveDimensions } from '../dimensions/dimension-check';
import { readBooks } from '../ledger/cosmos-books-store';
import { formatAmount } from '../ledger/money';
import { commitPosting } from '../ledger/cosmos-posting-lane';
import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ValidationError, type FieldProblem } from '../platform/errors';
import { creditNoteView } from './credit-views';
import { creditNoteCounter, creditNoteType, planApplications, type Credit } from './credits';
import { readCustomer } from './customers';
import { invoiceType, type Invoice, type InvoiceLine } from './invoice';
import { invoiceTotals } from './invoice-amounts';
import { invoiceEntry } from './invoice-posting';
import { buildLine } from './invoices';
import { ReceivablesRepository } from './receivables-repository';
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
export async function issueCreditNote(deps: DomainDependencies, context: TenantContext, input: CreditNoteInput) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency: currency } = await readBooks(repository);
  // Tags a line names are new use of them; the ones it inherits are the invoice's or customer's own.
  await requireActiveDimensions(deps, context, input.lines);
  const id = `credit-note-${deps.ids.newId()}`;
  const entryId = `je-${deps.ids.newId()}`;
  await commitPosting(deps, context, async () => {
    const customer = await readCustomer(repository, input.customerId);
    const settings = await readReceivablesSettings(repository);
    const problems: FieldProblem[] = [];
    const built = await Promise.all(
      input.lines.map((line, index) => buildLine(repository, currency, customer, line, index, problems)),
    );
    if (problems.length > 0) throw new ValidationError('The credit note cannot be issued', problems);
    const lines = built as InvoiceLine[];
    const totals = invoiceTotals(
      lines.map((l) => ({ amountMinor: BigInt(l.amountMinor), taxMinor: BigInt(l.taxMinor) })),
    );
    if (totals.total <= 0n)
      throw new ValidationError('Invalid credit note', [{ field: 'lines', reason: 'a total above zero' }]);
    const invoice = input.invoiceId ? await repository.find<Invoice>(invoiceType, input.invoiceId) : undefined;
    if (input.invoiceId && (!invoice || invoice.customerId !== customer.id || invoice.status !== 'issued'))
      throw new ValidationError('Invalid credit note', [
        { field: 'invoiceId', reason: "an issued invoice of the customer's" },
      ]);
    const open = invoice && invoice.status === 'issued' ? BigInt(invoice.openMinor) : 0n;
    const toApply = open < totals.total ? open : totals.total;
    const applications = await planApplications(
      repository,
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
    return {
      entryId,
      entry,
      audit: { action: 'receivables.credit-note-issued', details: { creditNoteId: id, total: note.amountMinor } },
      numbered: {
        counter: creditNoteCounter,
        stage: (transaction, number) => {
          transaction.create<CreditNote>(creditNoteType, id, { ...note, number });
          applications.stage(transaction, 'credit-note', id, () => `application-${deps.ids.newId()}`);
        },
      },
    };
  });
  return creditNoteView(repository, await repository.get<CreditNote>(creditNoteType, id), currency);
}

export async function getCreditNote(deps: DomainDependencies, context: TenantContext, id: string) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  return creditNoteView(repository, await repository.get<CreditNote>(creditNoteType, id), baseCurrency);
}

export async function listCreditNotes(deps: DomainDependencies, context: TenantContext, customerId?: string) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  const notes = await repository.queryAll<CreditNote>(creditNoteType, {
    ...(customerId ? { where: 'c.customerId = @customer' } : {}),
    parameters: customerId ? [{ name: '@customer', value: customerId }] : [],
    orderBy: 'c.date ASC',
  });
  return Promise.all(notes.map((note) => creditNoteView(repository, note, baseCurrency)));
}
