import { stringify } from 'csv-stringify/sync';
import type { TenantContext } from '../platform/actor';
import { renderFinancialReportPdf } from '../platform/pdf/financial-report';
import { agingBuckets, bucketLabels, type ArAging } from './aging';
import type { ReceivablesDependencies } from './receivables-dependencies';

const columns = [...agingBuckets, 'open', 'unappliedCredit', 'balance'] as const;
const headers = [...agingBuckets.map((b) => bucketLabels[b]), 'Open', 'Unapplied credit', 'Balance'];

/** The aging as CSV: one row per customer, then the totals row. */
export function agingCsv(report: ArAging): string {
  const rows = [
    ...report.customers.map((c) => [c.customerId, c.name, ...columns.map((k) => c[k])]),
    ['', 'Total', ...columns.map((k) => report.totals[k])],
  ];
  return stringify(rows, { header: true, columns: ['Customer id', 'Customer', ...headers] });
}

/** The aging as a PDF, with the organisation's name on top. */
export async function agingPdf(
  deps: ReceivablesDependencies,
  context: TenantContext,
  report: ArAging,
): Promise<Buffer> {
  const organization = await deps.storeFor(context).readOrganization();
  return renderFinancialReportPdf(
    { name: organization.name },
    {
      title: 'Accounts receivable aging',
      subtitle: `As of ${report.asOf}, ${report.currency}`,
      columns: [
        { header: 'Customer', width: 3 },
        ...headers.map((header) => ({ header, width: 1.4, align: 'right' as const })),
      ],
      sections: [
        {
          rows: report.customers.map((c) => [c.name, ...columns.map((k) => c[k])]),
          totals: [[`Balance ${report.currency}`, report.totals.balance]],
        },
      ],
    },
    deps.clock.now(),
  );
}
