import { defineRoute, type RouteContext } from '../../shared/platform/http/route';
import { signalListQuery, signalPage, thresholdsSchema } from '../../shared/security-signals/schemas';
import { signalsDependenciesOf } from '../../shared/security-signals/security-signals-dependencies';
import { changeSignalThresholds, listSignals, signalThresholds } from '../../shared/security-signals/signal-review';

const storeOf = ({ services, tenant }: RouteContext) => signalsDependenciesOf(services).storeFor(tenant);

defineRoute({
  name: 'admin-security-signals-list',
  method: 'GET',
  route: 'admin/security-signals',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  query: signalListQuery,
  response: signalPage,
  handler: async (ctx, { query }) => ({ status: 200, body: await listSignals(storeOf(ctx), query) }),
});

defineRoute({
  name: 'admin-security-signals-settings',
  method: 'GET',
  route: 'admin/security-signals/settings',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  response: thresholdsSchema,
  handler: async (ctx) => ({ status: 200, body: await signalThresholds(storeOf(ctx)) }),
});

defineRoute({
  name: 'admin-security-signals-settings-change',
  method: 'PUT',
  route: 'admin/security-signals/settings',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: thresholdsSchema,
  response: thresholdsSchema,
  handler: async (ctx, { body }) => ({
    status: 200,
    body: await changeSignalThresholds(storeOf(ctx), ctx.tenant.tenantId, body),
  }),
});
