import { stringify } from 'csv-stringify/sync';
import { renderFinancialReportPdf } from '../platform/pdf/financial-report';
import type { ConsolidatedTrialBalance } from './schemas';

/** One line per row: code, name, type, one column per organisation, eliminations, total. */
export function consolidationCsv(report: ConsolidatedTrialBalance): string {
  const header = ['code', 'name', 'type', ...report.organisations.map((o) => o.name), 'eliminations', 'total'];
  const rows = report.rows.map((row) => [row.code, row.name, row.type, ...row.amounts, row.eliminations, row.total]);
  return stringify([
    header,
    ...rows,
    ['', 'Total debit', '', ...report.organisations.map(() => ''), '', report.totals.debit],
    ['', 'Total credit', '', ...report.organisations.map(() => ''), '', report.totals.credit],
  ]);
}

/** The same table as a PDF (shared/platform/pdf), with the unmapped accounts listed after it. */
export function consolidationPdf(
  organizationName: string,
  report: ConsolidatedTrialBalance,
  generatedAt: Date,
): Promise<Buffer> {
  const amountColumn = (header: string) => ({ header, width: 2, align: 'right' as const });
  return renderFinancialReportPdf(
    { name: organizationName },
    {
      title: 'Consolidated trial balance',
      subtitle: `As of ${report.asOf}, in ${report.currency}; debit positive`,
      columns: [
        { header: 'Code', width: 1 },
        { header: 'Account', width: 3 },
        ...report.organisations.map((o) => amountColumn(o.name)),
        amountColumn('Eliminations'),
        amountColumn('Total'),
      ],
      sections: [
        {
          rows: report.rows.map((row) => [row.code, row.name, ...row.amounts, row.eliminations, row.total]),
          totals: [
            ['Total debit', report.totals.debit],
            ['Total credit', report.totals.credit],
          ],
        },
        ...(report.unmapped.length > 0
          ? [
              {
                heading: 'Accounts with no parent account (shown as rows of their own above)',
                rows: report.unmapped.map((u) => [
                  u.code,
                  `${u.organisation}: ${u.name} (${u.balance} ${u.currency})`,
                  ...report.organisations.map(() => ''),
                  '',
                  '',
                ]),
              },
            ]
          : []),
      ],
    },
    generatedAt,
  );
}
