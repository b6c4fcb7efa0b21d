import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { storeGeneratedDocument } from '../platform/documents/document-store';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import { renderInvoicePdf, type InvoiceDocument } from '../platform/pdf/invoice';
import type { Customer } from './customers';
import { invoiceView, type Invoice } from './invoice';
import { readInvoice } from './invoices';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { required } from './receivables-store';

/** The invoice as printed: number, customer, every line, totals. */
export function invoiceDocument(invoice: Invoice, customer: Customer): InvoiceDocument {
  const view = invoiceView({ ...invoice, id: '' } as Parameters<typeof invoiceView>[0]);
  return {
    number: String(invoice.number),
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    customer: { name: customer.name, address: customer.address },
    lines: view.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      amount: line.amount,
    })),
    subtotal: view.subtotal,
    tax: view.tax,
    total: view.total,
    ...(invoice.memo ? { note: invoice.memo } : {}),
  };
}

/**
 * After an invoice is issued: its PDF into the document store (a stable id, so a retry finds
 * what an earlier attempt stored) and one email to the customer's billing contacts through the
 * outbox (a stable outbox id, so it is staged once), leaving out addresses on the suppression
 * list. The invoice records the document and who was, and was not, emailed. Idempotent.
 */
export async function deliverInvoice(deps: ReceivablesDependencies, context: TenantContext, id: string): Promise<void> {
  const store = deps.storeFor(context);
  const invoice = await readInvoice(store, id);
  if (invoice.status !== 'issued' || invoice.documentId) return;
  const customer = required(await store.findCustomer(invoice.customerId), 'customer', invoice.customerId);
  const organization = await store.readOrganization();
  const pdf = await renderInvoicePdf({ name: organization.name }, invoiceDocument(invoice, customer), deps.clock.now());
  const filename = `invoice-${invoice.number}.pdf`;
  const document = await storeGeneratedDocument(
    deps,
    context,
    { kind: 'invoice', id: `document-${id}`, contentType: 'application/pdf', filename, owner: { type: 'invoice', id } },
    pdf,
  );
  const skipped = await store.suppressedAmong(customer.billingEmails);
  const to = customer.billingEmails.filter((address) => !skipped.includes(address));
  const email = {
    outboxId: `outbox-${id}-email`,
    message: {
      to,
      subject: `Invoice ${invoice.number} from ${organization.name}`,
      textBody: [
        `Dear ${customer.name},`,
        `please find attached invoice ${invoice.number} for ${invoice.currency} ${formatAmount(BigInt(invoice.totalMinor), invoice.currency)}, due ${invoice.dueDate}.`,
        organization.name,
      ].join('\n\n'),
      attachments: [{ documentId: document.id, kind: 'invoice' as const, filename, size: document.size }],
      purpose: 'invoice-issued',
    },
  };
  const recorded = await retryOnConflict(`invoice ${id}`, async () => {
    const current = await readInvoice(store, id);
    if (current.documentId) return undefined;
    const next = { ...current, documentId: document.id, emailedTo: to, emailSkipped: skipped };
    return { ticket: await store.recordInvoiceDelivery(current, next, to.length > 0 ? email : undefined) };
  });
  if (recorded?.ticket) await dispatchOutbox(deps.queues, [recorded.ticket]);
}
