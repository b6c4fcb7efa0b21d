import { z } from 'zod';
import { type LedgerDependencies } from '../../shared/ledger/accounts';
import { closePeriod } from '../../shared/ledger/periods';
import { trialBalance } from '../../shared/ledger/trial-balance';
import type { Services } from '../../shared/platform/services';
import { defineRoute } from '../../shared/platform/http/route';

const deps = (services: Services): LedgerDependencies => ({ container: services.containers.tenantData, clock: services.clock, ids: services.ids });

defineRoute({
  name: 'ledger-periods-close',
  method: 'POST',
  route: 'ledger/periods/{month}/close',
  access: { resource: 'ledger', level: 'admin' },
  params: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM') }),
  handler: async ({ services, tenant }, { params }) => ({ status: 200, body: await closePeriod(deps(services), tenant, params.month) }),
});

defineRoute({
  name: 'ledger-reports-trial-balance',
  method: 'GET',
  route: 'ledger/reports/trial-balance',
  access: { resource: 'ledger', level: 'read' },
  query: z.object({ asOf: z.iso.date() }),
  handler: async ({ services, tenant }, { query }) => ({ status: 200, body: await trialBalance(deps(services), tenant, query.asOf) }),
});
