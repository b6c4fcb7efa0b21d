import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { stringify } from 'csv-stringify/sync';
import { accountDetail, balanceSheet, incomeStatement } from '../../shared/ledger/reports';
import { trialBalance } from '../../shared/ledger/trial-balance';
import {
  accountDetailQuery,
  accountDetailReport,
  asOfQuery,
  balanceSheetReport,
  incomeStatementReport,
  periodQuery,
  reportOrCsv,
  trialBalanceReport,
} from '../../shared/ledger/report-schemas';
import { accountParams } from '../../shared/ledger/schemas';
import { defineRoute } from '../../shared/platform/http/route';
import type { RouteResult } from '../../shared/platform/http/route-result';

const filterOf = (query: { facility?: string | undefined; division?: string | undefined }) => ({
  ...(query.facility ? { facility: query.facility } : {}),
  ...(query.division ? { division: query.division } : {}),
});

/** JSON by default; `format=csv` gives the report's rows as a spreadsheet-ready file. */
function respond<T extends object>(
  body: T,
  requested: 'json' | 'csv',
  name: string,
  rows: () => Array<Record<string, unknown>>,
): RouteResult<200, T | string> & { body: T | string } {
  if (requested === 'json') return { status: 200, body };
  const records = rows();
  return {
    status: 200,
    body: stringify(records, { header: true, columns: Object.keys(records[0] ?? { empty: '' }) }),
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` },
  };
}

defineRoute({
  name: 'ledger-reports-trial-balance',
  method: 'GET',
  route: 'ledger/reports/trial-balance',
  access: { resource: 'ledger', level: 'read' },
  query: asOfQuery,
  response: reportOrCsv(trialBalanceReport),
  handler: async ({ services, tenant }, { query }) => {
    const report = await trialBalance(
      ledgerDependencies(domainDependencies(services)),
      tenant,
      query.asOf,
      filterOf(query),
    );
    return respond(report, query.format, `trial-balance-${query.asOf}`, () =>
      report.rows.map(({ code, name, type, debit, credit }) => ({ code, name, type, debit, credit })),
    );
  },
});

defineRoute({
  name: 'ledger-reports-income-statement',
  method: 'GET',
  route: 'ledger/reports/income-statement',
  access: { resource: 'ledger', level: 'read' },
  query: periodQuery,
  response: reportOrCsv(incomeStatementReport),
  handler: async ({ services, tenant }, { query }) => {
    const report = await incomeStatement(ledgerDependencies(domainDependencies(services)), tenant, {
      from: query.from,
      to: query.to,
      ...filterOf(query),
    });
    return respond(report, query.format, `income-statement-${query.from}-${query.to}`, () => [
      ...report.revenue.map((r) => ({ section: 'revenue', code: r.code, name: r.name, amount: r.amount })),
      ...report.expenses.map((r) => ({ section: 'expense', code: r.code, name: r.name, amount: r.amount })),
      { section: 'net income', code: '', name: '', amount: report.totals.netIncome },
    ]);
  },
});

defineRoute({
  name: 'ledger-reports-balance-sheet',
  method: 'GET',
  route: 'ledger/reports/balance-sheet',
  access: { resource: 'ledger', level: 'read' },
  query: asOfQuery,
  response: reportOrCsv(balanceSheetReport),
  handler: async ({ services, tenant }, { query }) => {
    const report = await balanceSheet(ledgerDependencies(domainDependencies(services)), tenant, {
      asOf: query.asOf,
      ...filterOf(query),
    });
    return respond(report, query.format, `balance-sheet-${query.asOf}`, () => [
      ...report.assets.map((r) => ({ section: 'assets', code: r.code, name: r.name, amount: r.amount })),
      ...report.liabilities.map((r) => ({ section: 'liabilities', code: r.code, name: r.name, amount: r.amount })),
      ...report.equity.map((r) => ({ section: 'equity', code: r.code, name: r.name, amount: r.amount })),
      { section: 'equity', code: '', name: 'Earnings not yet closed', amount: report.unclosedEarnings },
    ]);
  },
});

defineRoute({
  name: 'ledger-reports-account-detail',
  method: 'GET',
  route: 'ledger/reports/accounts/{id}/detail',
  access: { resource: 'ledger', level: 'read' },
  params: accountParams,
  query: accountDetailQuery,
  response: reportOrCsv(accountDetailReport),
  handler: async ({ services, tenant }, { params, query }) => {
    const deps = { ...ledgerDependencies(domainDependencies(services)), fieldCrypto: services.fieldCrypto };
    const report = await accountDetail(deps, tenant, {
      accountId: params.id,
      from: query.from,
      to: query.to,
      ...(query.pageSize ? { pageSize: query.pageSize } : {}),
      ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
      ...filterOf(query),
    });
    return respond(report, query.format, `account-${report.code}-${query.from}-${query.to}`, () =>
      report.lines.map((l) => ({ ...l })),
    );
  },
});
