import { z } from 'zod';
import { binaryBody } from '../../shared/platform/http/responses';
import { defineRoute } from '../../shared/platform/http/route';
import { arAging } from '../../shared/receivables/aging';
import { agingCsv, agingPdf } from '../../shared/receivables/aging-files';
import { agingQuery, agingReport } from '../../shared/receivables/settlement-schemas';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';

const attachment = (name: string) => ({ 'content-disposition': `attachment; filename="${name}"` });

defineRoute({
  name: 'receivables-aging',
  method: 'GET',
  route: 'receivables/aging',
  access: { resource: 'receivables', level: 'read' },
  query: agingQuery,
  response: {
    200: {
      'application/json': agingReport,
      'text/csv': z.string().meta({ description: 'One row per customer, then the totals' }),
      'application/pdf': binaryBody,
    },
  },
  handler: async ({ services, tenant }, { query }) => {
    const deps = receivablesDependencies(services);
    const report = await arAging(deps, tenant, query.asOf, query.customerId);
    const name = `ar-aging-${query.asOf}`;
    if (query.format === 'csv')
      return {
        status: 200,
        body: agingCsv(report),
        headers: { 'content-type': 'text/csv; charset=utf-8', ...attachment(`${name}.csv`) },
      };
    if (query.format === 'pdf')
      return {
        status: 200,
        body: new Uint8Array(await agingPdf(deps, tenant, report)),
        headers: { 'content-type': 'application/pdf', ...attachment(`${name}.pdf`) },
      };
    return { status: 200, body: report };
  },
});
