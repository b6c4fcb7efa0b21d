import { requireActiveDimensions, type DimensionTags } from '../dimensions/dimension-check';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../platform/errors';
import { readCustomer, type Customer } from './customers';
import { invoiceType, invoiceView, scaledQuantity, type Invoice, type InvoiceLine } from './invoice';
import { invoiceTotals, lineFigures, tenThousandths } from './invoice-amounts';
import { dueDateFor } from './payment-terms';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { required, type ReceivablesStore } from './receivables-store';
import type { InvoiceInput, InvoiceLineInput, InvoiceView } from './schemas';

export async function buildLine(
  store: ReceivablesStore,
  currency: string,
  customer: Customer,
  input: InvoiceLineInput,
  index: number,
  problems: FieldProblem[],
): Promise<InvoiceLine | undefined> {
  const field = (name: string) => `lines.${index}.${name}`;
  const item = input.itemId ? await store.findItem(input.itemId) : undefined;
  if (input.itemId && (!item || item.deleted || !item.active))
    problems.push({ field: field('itemId'), reason: 'no such active item' });
  const description = input.description ?? item?.name;
  const revenueAccountId = input.revenueAccountId ?? item?.revenueAccountId;
  const unitPriceMinor = input.unitPrice
    ? parseAmount(input.unitPrice, currency, field('unitPrice'))
    : item && item.currency === currency
      ? BigInt(item.unitPriceMinor)
      : undefined;
  if (!description) problems.push({ field: field('description'), reason: 'a description or an item' });
  if (unitPriceMinor === undefined)
    problems.push({ field: field('unitPrice'), reason: 'a unit price or an item priced in the base currency' });
  if (!revenueAccountId) problems.push({ field: field('revenueAccountId'), reason: 'a revenue account or an item' });
  else {
    const account = await store.findAccount(revenueAccountId);
    if (!account || account.deleted || !account.active || account.accountType !== 'revenue')
      problems.push({ field: field('revenueAccountId'), reason: 'an active revenue account' });
  }
  if (customer.taxExempt && tenThousandths(input.taxRate) !== 0n)
    problems.push({ field: field('taxRate'), reason: 'the customer is tax exempt' });
  if (!description || unitPriceMinor === undefined || !revenueAccountId) return undefined;
  const figures = lineFigures(input.quantity, unitPriceMinor, input.taxRate);
  return {
    itemId: input.itemId ?? null,
    description,
    quantity: scaledQuantity(input.quantity),
    unitPriceMinor: unitPriceMinor.toString(),
    revenueAccountId,
    taxRate: tenThousandths(input.taxRate).toString(),
    amountMinor: figures.amountMinor.toString(),
    taxMinor: figures.taxMinor.toString(),
    facility: input.facility ?? customer.facility,
    division: input.division ?? customer.division,
  };
}

/**
 * An invoice's facilities and divisions must be active entries of the lists (dimension-check.ts),
 * checked when it is drafted and again when it is issued, as the ledger checks at posting: its own
 * (the customer's: the AR and tax lines carry them), named `header`, and each line's.
 */
export function requireActiveInvoiceTags(
  deps: DomainDependencies,
  context: TenantContext,
  header: { readonly field: string; readonly tags: DimensionTags },
  lines: readonly DimensionTags[],
): Promise<void> {
  return requireActiveDimensions(deps, context, [header.tags, ...lines], (index) =>
    index === 0 ? header.field : `lines.${index - 1}`,
  );
}

/** A draft from its input: customer, lines priced and rounded (invoice-amounts.ts), due date from terms. */
async function draftFrom(
  deps: ReceivablesDependencies,
  context: TenantContext,
  store: ReceivablesStore,
  input: InvoiceInput,
): Promise<Invoice> {
  const { baseCurrency: currency } = await store.readBooks();
  const customer = await readCustomer(store, input.customerId).catch((error: unknown) => {
    if (error instanceof NotFoundError)
      throw new ValidationError('No such customer', [{ field: 'customerId', reason: 'no such customer' }]);
    throw error;
  });
  if (!customer.active) throw new ConflictError(`${customer.name} is inactive`);
  await requireActiveInvoiceTags(deps, context, { field: 'customer', tags: customer }, input.lines);
  const problems: FieldProblem[] = [];
  const lines = await Promise.all(
    input.lines.map((line, index) => buildLine(store, currency, customer, line, index, problems)),
  );
  const dueDate = input.dueDate ?? dueDateFor(input.issueDate, customer.paymentTerms);
  if (dueDate < input.issueDate) problems.push({ field: 'dueDate', reason: 'on or after the issue date' });
  if (problems.length > 0) throw new ValidationError('The invoice cannot be drafted', problems);
  const priced = lines as InvoiceLine[];
  const totals = invoiceTotals(
    priced.map((l) => ({ amountMinor: BigInt(l.amountMinor), taxMinor: BigInt(l.taxMinor) })),
  );
  return {
    status: 'draft',
    number: null,
    customerId: customer.id,
    customerName: customer.name,
    issueDate: input.issueDate,
    dueDate,
    currency,
    memo: input.memo ?? null,
    facility: customer.facility,
    division: customer.division,
    lines: priced,
    subtotalMinor: totals.subtotal.toString(),
    taxMinor: totals.tax.toString(),
    totalMinor: totals.total.toString(),
    paidMinor: '0',
    openMinor: '0',
    journalEntryId: null,
    voidEntryId: null,
    voidDate: null,
    documentId: null,
    emailedTo: [],
    emailSkipped: [],
  };
}

export async function createInvoice(
  deps: ReceivablesDependencies,
  context: TenantContext,
  input: InvoiceInput,
): Promise<InvoiceView> {
  const store = deps.storeFor(context);
  const draft = await draftFrom(deps, context, store, input);
  return invoiceView(await store.createInvoice(`invoice-${deps.ids.newId()}`, draft));
}

/** An invoice the caller may see, or 404. */
export async function readInvoice(store: ReceivablesStore, id: string): Promise<Stored<Invoice>> {
  return required(await store.findInvoice(id), invoiceType, id);
}

export async function updateInvoice(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
  input: InvoiceInput,
): Promise<InvoiceView> {
  const store = deps.storeFor(context);
  return retryOnConflict(`invoice ${id}`, async () => {
    const current = await readInvoice(store, id);
    if (current.status !== 'draft')
      throw new ConflictError(
        `Invoice ${current.number} is issued: it is voided or corrected by a credit note, never edited`,
      );
    return invoiceView(await store.saveInvoice(current, await draftFrom(deps, context, store, input)));
  });
}

export async function getInvoice(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
): Promise<InvoiceView> {
  return invoiceView(await readInvoice(deps.storeFor(context), id));
}

export async function listInvoices(
  deps: ReceivablesDependencies,
  context: TenantContext,
  query: { customerId?: string | undefined; status?: Invoice['status'] | undefined },
): Promise<InvoiceView[]> {
  const invoices = await deps.storeFor(context).listInvoices({
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return invoices.map(invoiceView);
}
