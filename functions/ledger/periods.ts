import { z } from 'zod';
import { ledgerDependencies } from '../../shared/ledger/accounts';
import { closePeriod } from '../../shared/ledger/periods';
import { trialBalance } from '../../shared/ledger/trial-balance';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'ledger-periods-close',
  method: 'POST',
  route: 'ledger/periods/{month}/close',
  access: { resource: 'ledger', level: 'admin' },
  params: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM') }),
  handler: async ({ services, tenant }, { params }) => ({ status: 200, body: await closePeriod(ledgerDependencies(services), tenant, params.month) }),
});

defineRoute({
  name: 'ledger-reports-trial-balance',
  method: 'GET',
  route: 'ledger/reports/trial-balance',
  access: { resource: 'ledger', level: 'read' },
  query: z.object({ asOf: z.iso.date() }),
  handler: async ({ services, tenant }, { query }) => ({ status: 200, body: await trialBalance(ledgerDependencies(services), tenant, query.asOf) }),
});
