import { PdfLayout } from './pdf-layout';
import type { PdfOrganization } from './pdf-organization';

/** A customer's statement for a date range; amounts are decimal strings. */
export interface CustomerStatementDocument {
  readonly customer: { readonly name: string; readonly address?: readonly string[] };
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly openingBalance: string;
  readonly activity: ReadonlyArray<{
    readonly date: string;
    readonly kind: 'Invoice' | 'Receipt' | 'Credit note';
    readonly reference: string;
    readonly charges: string;
    readonly credits: string;
    readonly balance: string;
  }>;
  readonly closingBalance: string;
  /** Open amounts by how long past due, as of `to`. */
  readonly aging: ReadonlyArray<readonly [bucket: string, amount: string]>;
}

export function renderCustomerStatementPdf(
  organization: PdfOrganization,
  statement: CustomerStatementDocument,
  generatedAt: Date,
): Promise<Buffer> {
  return new PdfLayout(
    {
      organizationName: organization.name,
      logo: organization.logo,
      title: 'Statement',
      subtitle: `${statement.from} to ${statement.to}`,
    },
    generatedAt,
  )
    .fields([
      ['Customer', [statement.customer.name, ...(statement.customer.address ?? [])].join('\n')],
      ['Currency', statement.currency],
      ['Opening balance', statement.openingBalance],
    ])
    .heading('Activity')
    .table(
      [
        { header: 'Date', width: 1.4 },
        { header: 'Type', width: 1.4 },
        { header: 'Reference', width: 2 },
        { header: 'Charges', width: 1.5, align: 'right' },
        { header: 'Credits', width: 1.5, align: 'right' },
        { header: 'Balance', width: 1.6, align: 'right' },
      ],
      statement.activity.map((a) => [a.date, a.kind, a.reference, a.charges, a.credits, a.balance]),
    )
    .totals([[`Closing balance ${statement.currency}`, statement.closingBalance]])
    .heading('Aging')
    .table(
      statement.aging.map(([bucket]) => ({ header: bucket, width: 1, align: 'right' as const })),
      [statement.aging.map(([, amount]) => amount)],
    )
    .finish();
}
