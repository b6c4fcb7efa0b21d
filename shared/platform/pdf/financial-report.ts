import { PdfLayout, type PdfColumn } from './pdf-layout';
import type { PdfOrganization } from './pdf-organization';

/** A financial statement (trial balance, income statement, balance sheet) as sections of rows. */
export interface FinancialReportDocument {
  readonly title: string;
  /** The date or range it covers, and the currency. */
  readonly subtitle: string;
  readonly columns: readonly PdfColumn[];
  readonly sections: ReadonlyArray<{
    readonly heading?: string;
    readonly rows: ReadonlyArray<readonly string[]>;
    readonly totals?: ReadonlyArray<readonly [string, string]>;
  }>;
}

export function renderFinancialReportPdf(
  organization: PdfOrganization,
  report: FinancialReportDocument,
  generatedAt: Date,
): Promise<Buffer> {
  const layout = new PdfLayout(
    { organizationName: organization.name, logo: organization.logo, title: report.title, subtitle: report.subtitle },
    generatedAt,
  );
  for (const section of report.sections) {
    if (section.heading) layout.heading(section.heading);
    layout.table(report.columns, section.rows);
    if (section.totals) layout.totals(section.totals);
  }
  return layout.finish();
}
