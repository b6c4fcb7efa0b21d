import { stringify } from 'csv-stringify/sync';
import type { TenantContext } from '../platform/actor';
import { renderFinancialReportPdf } from '../platform/pdf/financial-report';
import type { AgingReport } from './aging-schemas';
import type { PayablesStores } from './payables-dependencies';

/** The aging as a spreadsheet: one row per vendor, then the totals. */
export function agingCsv(report: AgingReport): string {
  const rows = [
    ...report.vendors.map((v) => [v.name, v.vendorId, ...v.buckets, v.total]),
    ['Total', '', ...report.totals.buckets, report.totals.total],
  ];
  return stringify([['vendor', 'vendorId', ...report.buckets, 'total'], ...rows]);
}

/** The aging as a PDF under the organisation's name. */
export async function agingPdf(
  deps: Pick<PayablesStores, 'storeFor' | 'clock'>,
  context: TenantContext,
  report: AgingReport,
): Promise<Buffer> {
  return renderFinancialReportPdf(
    { name: await deps.storeFor(context).organisationName() },
    {
      title: 'Accounts payable aging',
      subtitle: `As of ${report.asOf}, ${report.currency}`,
      columns: [
        { header: 'Vendor', width: 3 },
        ...report.buckets.map((bucket) => ({ header: bucket, width: 1.4, align: 'right' as const })),
        { header: 'Total', width: 1.6, align: 'right' },
      ],
      sections: [
        {
          rows: report.vendors.map((v) => [v.name, ...v.buckets, v.total]),
          totals: [[`Total ${report.currency}`, report.totals.total]],
        },
      ],
    },
    deps.clock.now(),
  );
}
