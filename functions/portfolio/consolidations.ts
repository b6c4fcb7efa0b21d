import { z } from 'zod';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { portfolioDependencies } from '../../shared/portfolio/portfolio-dependencies';
import { defineRoute } from '../../shared/platform/http/route';
import { binaryBody } from '../../shared/platform/http/responses';
import { consolidatedTrialBalance } from '../../shared/portfolio/consolidated-trial-balance';
import { consolidationCsv, consolidationPdf } from '../../shared/portfolio/consolidation-files';
import { readConsolidationSetup, setConsolidation } from '../../shared/portfolio/consolidation-setup';
import {
  consolidatedTrialBalance as report,
  consolidationParams,
  consolidationQuery,
  consolidationSetup,
} from '../../shared/portfolio/schemas';

defineRoute({
  name: 'portfolio-consolidations-get',
  method: 'GET',
  route: 'portfolio/consolidations/{month}',
  access: { resource: 'portfolio', level: 'read' },
  params: consolidationParams,
  response: consolidationSetup,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await readConsolidationSetup(portfolioDependencies(platformDependencies(services)), tenant, params.month),
  }),
});

defineRoute({
  name: 'portfolio-consolidations-set',
  method: 'PUT',
  route: 'portfolio/consolidations/{month}',
  access: { resource: 'portfolio', level: 'admin' },
  params: consolidationParams,
  body: consolidationSetup,
  response: consolidationSetup,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await setConsolidation(portfolioDependencies(platformDependencies(services)), tenant, params.month, body),
  }),
});

defineRoute({
  name: 'portfolio-consolidations-trial-balance',
  method: 'GET',
  route: 'portfolio/consolidations/{month}/trial-balance',
  access: { resource: 'portfolio', level: 'read' },
  params: consolidationParams,
  query: consolidationQuery,
  response: {
    200: {
      'application/json': report,
      'text/csv': z.string().meta({ description: 'The rows as CSV with a header line' }),
      'application/pdf': binaryBody,
    },
  },
  handler: async ({ services, tenant }, { params, query }) => {
    const body = await consolidatedTrialBalance(
      portfolioDependencies(platformDependencies(services)),
      tenant,
      params.month,
    );
    const filename = `consolidated-trial-balance-${params.month}`;
    if (query.format === 'json') return { status: 200, body };
    const attachment = (type: string, extension: string) => ({
      'content-type': type,
      'content-disposition': `attachment; filename="${filename}.${extension}"`,
    });
    if (query.format === 'csv')
      return { status: 200, body: consolidationCsv(body), headers: attachment('text/csv; charset=utf-8', 'csv') };
    const pdf = await consolidationPdf(tenant.organization?.name ?? '', body, services.clock.now());
    return { status: 200, body: new Uint8Array(pdf), headers: attachment('application/pdf', 'pdf') };
  },
});
