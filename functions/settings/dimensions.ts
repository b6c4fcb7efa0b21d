import { changeDimension, createDimension, listDimensions } from '../../shared/dimensions/dimensions';
import { migrateDimensions } from '../../shared/dimensions/dimension-migration';
import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import {
  dimensionChanges,
  dimensionList,
  dimensionListQuery,
  dimensionMigrationResult,
  dimensionParams,
  dimensionView,
  newDimension,
} from '../../shared/dimensions/schemas';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';
import type { Services } from '../../shared/platform/services';

const admin = { resource: 'settings', level: 'admin' } as const;
const lists = (services: Services) => dimensionsDependencies(domainDependencies(services));

for (const [kind, plural] of [
  ['facility', 'facilities'],
  ['division', 'divisions'],
] as const) {
  defineRoute({
    name: `settings-${plural}-list`,
    method: 'GET',
    route: `settings/${plural}`,
    // Whoever writes lines picks from the list, so any ledger reader may read it.
    access: { resource: 'ledger', level: 'read' },
    query: dimensionListQuery,
    response: dimensionList,
    handler: async ({ services, tenant }, { query }) => ({
      status: 200,
      body: { items: await listDimensions(lists(services), tenant, kind, query) },
    }),
  });

  defineRoute({
    name: `settings-${plural}-create`,
    method: 'POST',
    route: `settings/${plural}`,
    access: admin,
    body: newDimension,
    response: { 201: dimensionView },
    handler: async ({ services, tenant }, { body }) => ({
      status: 201,
      body: await createDimension(lists(services), tenant, kind, body),
    }),
  });

  defineRoute({
    name: `settings-${plural}-change`,
    method: 'PATCH',
    route: `settings/${plural}/{code}`,
    access: admin,
    params: dimensionParams,
    body: dimensionChanges,
    response: dimensionView,
    handler: async ({ services, tenant }, { params, body }) => ({
      status: 200,
      body: await changeDimension(lists(services), tenant, kind, params.code, body),
    }),
  });
}

defineRoute({
  name: 'settings-dimensions-migrate',
  method: 'POST',
  route: 'settings/dimensions/migration',
  access: admin,
  response: dimensionMigrationResult,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await migrateDimensions(lists(services), tenant),
  }),
});
