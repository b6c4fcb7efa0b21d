import { PdfLayout } from './pdf-layout';
import type { PdfOrganization } from './pdf-organization';

/** What a payment to a vendor paid; the account is shown masked only. */
export interface RemittanceAdviceDocument {
  readonly vendor: { readonly name: string };
  readonly paymentDate: string;
  readonly paymentReference: string;
  readonly method: string;
  /** Already masked (`••••6789`): full account numbers never reach a document. */
  readonly maskedAccount: string;
  readonly currency: string;
  readonly bills: ReadonlyArray<{
    readonly billNumber: string;
    readonly billDate: string;
    readonly billAmount: string;
    readonly discount: string;
    readonly paid: string;
  }>;
  readonly total: string;
}

export function renderRemittanceAdvicePdf(
  organization: PdfOrganization,
  advice: RemittanceAdviceDocument,
  generatedAt: Date,
): Promise<Buffer> {
  return new PdfLayout(
    { organizationName: organization.name, logo: organization.logo, title: 'Remittance advice' },
    generatedAt,
  )
    .fields([
      ['Paid to', advice.vendor.name],
      ['Payment date', advice.paymentDate],
      ['Reference', advice.paymentReference],
      ['Method', `${advice.method} to account ${advice.maskedAccount}`],
    ])
    .heading('Bills paid')
    .table(
      [
        { header: 'Bill', width: 2 },
        { header: 'Bill date', width: 1.5 },
        { header: 'Bill amount', width: 1.6, align: 'right' },
        { header: 'Discount', width: 1.4, align: 'right' },
        { header: 'Paid', width: 1.6, align: 'right' },
      ],
      advice.bills.map((b) => [b.billNumber, b.billDate, b.billAmount, b.discount, b.paid]),
    )
    .totals([[`Total paid ${advice.currency}`, advice.total]])
    .finish();
}
