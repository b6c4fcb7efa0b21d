import { PdfLayout } from './pdf-layout';
import type { PdfOrganization } from './pdf-organization';

/** An issued invoice as printed; amounts are decimal strings in the invoice's currency. */
export interface InvoiceDocument {
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly customer: { readonly name: string; readonly address?: readonly string[] };
  readonly lines: ReadonlyArray<{
    readonly description: string;
    readonly quantity: string;
    readonly unitPrice: string;
    readonly amount: string;
  }>;
  readonly subtotal: string;
  readonly tax: string;
  readonly total: string;
  readonly note?: string;
}

export function renderInvoicePdf(
  organization: PdfOrganization,
  invoice: InvoiceDocument,
  generatedAt: Date,
): Promise<Buffer> {
  const layout = new PdfLayout(
    { organizationName: organization.name, logo: organization.logo, title: `Invoice ${invoice.number}` },
    generatedAt,
  )
    .fields([
      ['Bill to', [invoice.customer.name, ...(invoice.customer.address ?? [])].join('\n')],
      ['Invoice date', invoice.issueDate],
      ['Due date', invoice.dueDate],
      ['Currency', invoice.currency],
    ])
    .heading('Lines')
    .table(
      [
        { header: 'Description', width: 5 },
        { header: 'Quantity', width: 1.2, align: 'right' },
        { header: 'Unit price', width: 1.6, align: 'right' },
        { header: 'Amount', width: 1.8, align: 'right' },
      ],
      invoice.lines.map((line) => [line.description, line.quantity, line.unitPrice, line.amount]),
    )
    .totals([
      ['Subtotal', invoice.subtotal],
      ['Tax', invoice.tax],
      [`Total ${invoice.currency}`, invoice.total],
    ]);
  if (invoice.note) layout.note(invoice.note);
  return layout.finish();
}
