import { z } from 'zod';
import { defineRoute } from '../../shared/platform/http/route';
import { integrityDependencies } from '../../shared/integrity/integrity-dependencies';
import { lastIntegrityResults } from '../../shared/integrity/integrity-monitor';

const integrityView = z
  .object({
    items: z.array(
      z.object({
        check: z.string(),
        status: z.enum(['ok', 'break', 'not-applicable', 'never-run']),
        detail: z.string().nullable(),
        checkedAt: z.string().nullable(),
        durationMs: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'IntegrityResults' });

defineRoute({
  name: 'admin-integrity',
  method: 'GET',
  route: 'admin/integrity',
  access: { resource: 'audit', level: 'read' },
  response: integrityView,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: { items: await lastIntegrityResults(integrityDependencies(services), tenant) },
  }),
});
