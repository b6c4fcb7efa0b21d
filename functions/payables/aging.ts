import { apAging } from '../../shared/payables/ap-aging';
import { agingCsv, agingPdf } from '../../shared/payables/aging-files';
import { agingQuery, agingResponse } from '../../shared/payables/aging-schemas';
import { payablesDependencies } from '../../shared/payables/payables-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

const attachment = (name: string, type: string) => ({
  'content-type': type,
  'content-disposition': `attachment; filename="${name}"`,
});

defineRoute({
  name: 'payables-aging',
  method: 'GET',
  route: 'payables/aging',
  access: { resource: 'payables', level: 'read' },
  query: agingQuery,
  response: agingResponse,
  handler: async ({ services, tenant }, { query }) => {
    const deps = payablesDependencies(services);
    const report = await apAging(deps, tenant, query);
    const name = `ap-aging-${query.asOf}`;
    if (query.format === 'csv')
      return { status: 200, body: agingCsv(report), headers: attachment(`${name}.csv`, 'text/csv; charset=utf-8') };
    if (query.format === 'pdf')
      return {
        status: 200,
        body: new Uint8Array(await agingPdf(deps, tenant, report)),
        headers: attachment(`${name}.pdf`, 'application/pdf'),
      };
    return { status: 200, body: report };
  },
});
