import { defineRoute } from '../../shared/platform/http/route';
import { binaryBody } from '../../shared/platform/http/responses';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { customerParams } from '../../shared/receivables/schemas';
import {
  statementQuery,
  statementRunInput,
  statementRunList,
  statementRunParams,
  statementRunReportView,
  statementRunView,
  statementView,
} from '../../shared/receivables/statement-schemas';
import { listStatementRuns, startStatementRun, statementRunReport } from '../../shared/receivables/statement-runs';
import { customerStatement, customerStatementPdf, runView } from '../../shared/receivables/statement-views';

defineRoute({
  name: 'receivables-customers-statement',
  method: 'GET',
  route: 'receivables/customers/{id}/statement',
  access: { resource: 'receivables', level: 'read' },
  params: customerParams,
  query: statementQuery,
  response: { 200: { 'application/json': statementView, 'application/pdf': binaryBody } },
  handler: async ({ services, tenant }, { params, query }) => {
    const deps = receivablesDependencies(services);
    if (query.format === 'json') return { status: 200, body: await customerStatement(deps, tenant, params.id, query) };
    const pdf = await customerStatementPdf(deps, tenant, params.id, query);
    const disposition = `attachment; filename="statement-${query.to}.pdf"`;
    return {
      status: 200,
      body: pdf,
      headers: { 'content-type': 'application/pdf', 'content-disposition': disposition },
    };
  },
});

defineRoute({
  name: 'receivables-statement-runs-list',
  method: 'GET',
  route: 'receivables/statement-runs',
  access: { resource: 'receivables', level: 'read' },
  response: statementRunList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: { items: (await listStatementRuns(receivablesDependencies(services), tenant)).map(runView) },
  }),
});

defineRoute({
  name: 'receivables-statement-runs-create',
  method: 'POST',
  route: 'receivables/statement-runs',
  access: { resource: 'receivables', level: 'edit' },
  body: statementRunInput,
  response: { 202: statementRunView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 202,
    body: runView(await startStatementRun(receivablesDependencies(services), tenant, { ...body, trigger: 'manual' })),
  }),
});

defineRoute({
  name: 'receivables-statement-runs-get',
  method: 'GET',
  route: 'receivables/statement-runs/{id}',
  access: { resource: 'receivables', level: 'read' },
  params: statementRunParams,
  response: statementRunReportView,
  handler: async ({ services, tenant }, { params }) => {
    const report = await statementRunReport(receivablesDependencies(services), tenant, params.id);
    return { status: 200, body: { run: runView(report.run), deliveries: [...report.deliveries] } };
  },
});
