import { auditCsv, exportAuditLog, reviewAuditLog, verifyAuditLog } from '../../shared/platform/audit/audit-review';
import { auditPageOrCsv, auditQuery, chainReport } from '../../shared/platform/audit/schemas';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';

const repositoryOf = ({ services, tenant }: RouteContext) =>
  new TenantRepository(services.containers.tenantData, tenant, services.clock);

defineRoute({
  name: 'admin-audit-list',
  method: 'GET',
  route: 'admin/audit',
  access: { resource: 'audit', level: 'read' },
  sensitive: true,
  query: auditQuery,
  response: { 200: auditPageOrCsv },
  handler: async (ctx, { query }) => {
    const { pageSize, continuationToken, format, ...filters } = query;
    const page = { pageSize: pageSize ?? (format === 'csv' ? 1000 : 100), continuationToken };
    if (format === 'json') return { status: 200, body: await reviewAuditLog(repositoryOf(ctx), filters, page) };
    const exported = await exportAuditLog(repositoryOf(ctx), ctx.tenant, filters, page, () => ctx.services.clock.now());
    return {
      status: 200,
      body: auditCsv(exported.items),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="audit-log.csv"',
        ...(exported.continuationToken ? { 'x-continuation-token': exported.continuationToken } : {}),
      },
    };
  },
});

defineRoute({
  name: 'admin-audit-verify',
  method: 'GET',
  route: 'admin/audit/verify',
  access: { resource: 'audit', level: 'read' },
  sensitive: true,
  response: chainReport,
  handler: async (ctx) => ({
    status: 200,
    body: await verifyAuditLog(repositoryOf(ctx), ctx.tenant, () => ctx.services.clock.now()),
  }),
});
