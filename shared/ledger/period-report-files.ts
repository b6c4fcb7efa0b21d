import type { FinancialReportDocument } from '../platform/pdf/financial-report';
import type { TrialBalance } from './report-schemas';
import type { balanceSheet, incomeStatement } from './reports';

type IncomeStatement = Awaited<ReturnType<typeof incomeStatement>>;
type BalanceSheet = Awaited<ReturnType<typeof balanceSheet>>;
type Row = { readonly code: string; readonly name: string; readonly amount: string };

/** One report of a closed month: the PDF's content and the CSV's rows. */
export interface PeriodReportFile {
  readonly report: 'trial-balance' | 'income-statement' | 'balance-sheet';
  readonly pdf: FinancialReportDocument;
  readonly csv: Array<Record<string, string>>;
}

const amountColumns = [
  { header: 'Code', width: 1 },
  { header: 'Account', width: 4 },
  { header: 'Amount', width: 2, align: 'right' as const },
];
const sectionRows = (rows: readonly Row[]) => rows.map((r) => [r.code, r.name, r.amount]);
const csvRows = (section: string, rows: readonly Row[]) =>
  rows.map((r) => ({ section, code: r.code, name: r.name, amount: r.amount }));

/** The month's trial balance, income statement and balance sheet, as the close stores them. */
export function periodReportFiles(
  month: string,
  trialBalance: TrialBalance,
  income: IncomeStatement,
  sheet: BalanceSheet,
): PeriodReportFile[] {
  const currency = trialBalance.currency;
  return [
    {
      report: 'trial-balance',
      pdf: {
        title: `Trial balance ${month}`,
        subtitle: `As of ${trialBalance.asOf} · ${currency}`,
        columns: [
          { header: 'Code', width: 1 },
          { header: 'Account', width: 4 },
          { header: 'Debit', width: 2, align: 'right' },
          { header: 'Credit', width: 2, align: 'right' },
        ],
        sections: [
          {
            rows: trialBalance.rows.map((r) => [r.code, r.name, r.debit, r.credit]),
            totals: [
              ['Total debit', trialBalance.totals.debit],
              ['Total credit', trialBalance.totals.credit],
            ],
          },
        ],
      },
      csv: [
        ...trialBalance.rows.map(({ code, name, type, debit, credit }) => ({ code, name, type, debit, credit })),
        { code: '', name: 'Total', type: '', debit: trialBalance.totals.debit, credit: trialBalance.totals.credit },
      ],
    },
    {
      report: 'income-statement',
      pdf: {
        title: `Income statement ${month}`,
        subtitle: `${income.from} to ${income.to} · ${currency}`,
        columns: amountColumns,
        sections: [
          { heading: 'Revenue', rows: sectionRows(income.revenue), totals: [['Total revenue', income.totals.revenue]] },
          {
            heading: 'Expenses',
            rows: sectionRows(income.expenses),
            totals: [['Total expenses', income.totals.expenses]],
          },
          { rows: [], totals: [['Net income', income.totals.netIncome]] },
        ],
      },
      csv: [
        ...csvRows('revenue', income.revenue),
        ...csvRows('expenses', income.expenses),
        { section: 'net income', code: '', name: 'Net income', amount: income.totals.netIncome },
      ],
    },
    {
      report: 'balance-sheet',
      pdf: {
        title: `Balance sheet ${month}`,
        subtitle: `As of ${sheet.asOf} · ${currency}`,
        columns: amountColumns,
        sections: [
          { heading: 'Assets', rows: sectionRows(sheet.assets), totals: [['Total assets', sheet.totals.assets]] },
          { heading: 'Liabilities', rows: sectionRows(sheet.liabilities) },
          {
            heading: 'Equity',
            rows: [...sectionRows(sheet.equity), ['', 'Earnings not yet closed', sheet.unclosedEarnings]],
            totals: [['Total liabilities and equity', sheet.totals.liabilitiesAndEquity]],
          },
        ],
      },
      csv: [
        ...csvRows('assets', sheet.assets),
        ...csvRows('liabilities', sheet.liabilities),
        ...csvRows('equity', sheet.equity),
        { section: 'equity', code: '', name: 'Earnings not yet closed', amount: sheet.unclosedEarnings },
        { section: 'totals', code: '', name: 'Total assets', amount: sheet.totals.assets },
        {
          section: 'totals',
          code: '',
          name: 'Total liabilities and equity',
          amount: sheet.totals.liabilitiesAndEquity,
        },
      ],
    },
  ];
}
