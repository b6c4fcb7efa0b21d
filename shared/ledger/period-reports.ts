import { ledgerDependencies } from './ledger-dependencies';
import { stringify } from 'csv-stringify/sync';
import type { TenantContext } from '../platform/actor';
import { findDocument, listDocuments, readDocumentContent } from '../platform/documents/document-reads';
import type { DocumentDependencies } from '../platform/documents/document-record';
import { storeGeneratedDocument } from '../platform/documents/document-store';
import { renderFinancialReportPdf } from '../platform/pdf/financial-report';
import type { PdfOrganization } from '../platform/pdf/pdf-organization';
import { lastDayOf } from './ledger-dates';
import type { PeriodStore } from './period-store';
import { periodReportFiles } from './period-report-files';
import { balanceSheet, incomeStatement } from './reports';
import { trialBalance } from './trial-balance';

/**
 * Which close the reports are of: a month re-closed after a reopen gets its own set. The close
 * stages the job as an outbox record in its own transaction (PeriodStore.closeMonth), so closing
 * stays fast and no close goes without its reports.
 */
export interface PeriodReportJob {
  readonly month: string;
  readonly version: number;
}

/** The organisation's name and its latest logo, for the PDFs' header. */
async function letterhead(
  deps: DocumentDependencies,
  context: TenantContext,
  periods: PeriodStore,
): Promise<PdfOrganization> {
  const organization = await periods.findOrganization();
  const [logo] = (await listDocuments(deps, context, 'logo', { limit: 1 })).items;
  return {
    name: organization?.name ?? context.tenantId,
    ...(logo ? { logo: (await readDocumentContent(deps, context, 'logo', logo.id)).bytes } : {}),
  };
}

/**
 * Stores a closed month's trial balance, income statement and balance sheet, each as PDF and
 * CSV, as immutable `period-report` documents owned by the month. Ids are stable per close
 * (month and snapshot version), so a retry finds what an earlier attempt stored.
 */
export async function storePeriodReports(
  deps: DocumentDependencies,
  context: TenantContext,
  job: PeriodReportJob,
): Promise<Record<string, string>> {
  const asOf = lastDayOf(job.month);
  const ledger = ledgerDependencies(deps);
  const [trial, income, sheet] = await Promise.all([
    trialBalance(ledger, context, asOf),
    incomeStatement(ledger, context, { from: `${job.month}-01`, to: asOf }),
    balanceSheet(ledger, context, { asOf }),
  ]);
  const organization = await letterhead(deps, context, ledger.periodStoreFor(context));
  const stored: Record<string, string> = {};
  for (const file of periodReportFiles(job.month, trial, income, sheet)) {
    const base = `${file.report}-${job.month}-v${job.version}`;
    const owner = { type: 'period', id: job.month };
    const pdfId = `document-period-report-${base}-pdf`;
    const csvId = `document-period-report-${base}-csv`;
    if (!(await findDocument(deps, context, 'period-report', pdfId))) {
      const pdf = await renderFinancialReportPdf(organization, file.pdf, deps.clock.now());
      await storeGeneratedDocument(
        deps,
        context,
        { kind: 'period-report', id: pdfId, contentType: 'application/pdf', filename: `${base}.pdf`, owner },
        pdf,
      );
    }
    if (!(await findDocument(deps, context, 'period-report', csvId))) {
      const csv = stringify(file.csv, { header: true, columns: Object.keys(file.csv[0] ?? { empty: '' }) });
      await storeGeneratedDocument(
        deps,
        context,
        { kind: 'period-report', id: csvId, contentType: 'text/csv', filename: `${base}.csv`, owner },
        Buffer.from(csv),
      );
    }
    stored[`${file.report}.pdf`] = pdfId;
    stored[`${file.report}.csv`] = csvId;
  }
  return stored;
}
