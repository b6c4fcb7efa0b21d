import { z } from 'zod';
import { ledgerDependencies } from '../../shared/ledger/accounts';
import { closePeriod } from '../../shared/ledger/periods';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'ledger-periods-close',
  method: 'POST',
  route: 'ledger/periods/{month}/close',
  access: { resource: 'ledger', level: 'admin' },
  params: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM') }),
  handler: async ({ services, tenant }, { params }) => ({ status: 200, body: await closePeriod(ledgerDependencies(services), tenant, params.month) }),
});
