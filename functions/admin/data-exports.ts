import { memberEmail } from '../../shared/identity/members';
import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { documentDependencies } from '../../shared/platform/documents/document-record';
import { documentDownload } from '../../shared/platform/documents/document-response';
import {
  getDataExport,
  listDataExports,
  readDataExportFile,
  requestDataExport,
} from '../../shared/platform/export/export-request';
import { documentContent } from '../../shared/platform/documents/schemas';
import {
  dataExportFileParams,
  dataExportList,
  dataExportParams,
  dataExportView,
} from '../../shared/platform/export/schemas';
import { defineRoute } from '../../shared/platform/http/route';
import type { Services } from '../../shared/platform/services';

// A full export is everything the organisation holds: admins of its settings only, sensitive.
const access = { resource: 'settings', level: 'admin' } as const;
const deps = (services: Services) => ({ ...documentDependencies(services), queues: services.queues });

defineRoute({
  name: 'admin-data-exports-request',
  method: 'POST',
  route: 'admin/data-exports',
  access,
  sensitive: true,
  response: { 202: dataExportView },
  handler: async ({ services, tenant, principal }) => ({
    status: 202,
    body: await requestDataExport(deps(services), tenant, {
      notify:
        (await memberEmail(tenantIdentityDependencies(domainDependencies(services)), tenant, principal.memberId)) ??
        null,
    }),
  }),
});

defineRoute({
  name: 'admin-data-exports-list',
  method: 'GET',
  route: 'admin/data-exports',
  access,
  sensitive: true,
  response: dataExportList,
  handler: async ({ services, tenant }) => ({ status: 200, body: await listDataExports(deps(services), tenant) }),
});

defineRoute({
  name: 'admin-data-exports-get',
  method: 'GET',
  route: 'admin/data-exports/{id}',
  access,
  sensitive: true,
  params: dataExportParams,
  response: dataExportView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getDataExport(deps(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'admin-data-exports-file',
  method: 'GET',
  route: 'admin/data-exports/{id}/files/{name}',
  access,
  sensitive: true,
  params: dataExportFileParams,
  response: { 200: documentContent('data-export') },
  handler: async ({ services, tenant }, { params }) =>
    documentDownload(await readDataExportFile(deps(services), tenant, params.id, params.name)),
});
