import { defineRoute } from '../../shared/platform/http/route';
import { listOutbox } from '../../shared/platform/outbox/outbox-review';
import { outboxListQuery, outboxPage } from '../../shared/platform/outbox/schemas';

defineRoute({
  name: 'admin-outbox-list',
  method: 'GET',
  route: 'admin/outbox',
  access: { resource: 'settings', level: 'admin' },
  query: outboxListQuery,
  response: outboxPage,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: await listOutbox(services.containers.tenantData, tenant, query),
  }),
});
