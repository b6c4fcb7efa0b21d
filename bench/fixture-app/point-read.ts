import { z } from 'zod';
import { defineRoute } from '../../shared/platform/http/route';
import { readBenchAccount } from '../point-read';

defineRoute({
  name: 'bench-point-read',
  method: 'GET',
  route: 'bench/accounts/{id}',
  access: { public: true, reason: 'benchmark fixture only, never part of the deployed app' },
  params: z.object({ id: z.string() }),
  response: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  handler: async ({ services }, { params }) => ({
    status: 200,
    body: await readBenchAccount(services.containers.tenantData, params.id),
  }),
});
