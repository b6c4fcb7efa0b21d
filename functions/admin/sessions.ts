import { z } from 'zod';
import { endMemberSessions, endSession, listActiveSessions } from '../../shared/identity/session-admin';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';

const sessionDeps = ({ services }: RouteContext) => ({ container: services.containers.tenantData, clock: services.clock, ids: services.ids });
const recordId = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, 'not a valid id');

defineRoute({
  name: 'admin-sessions-list',
  method: 'GET',
  route: 'admin/sessions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  query: z.object({ memberId: recordId.optional() }),
  handler: async (ctx, { query }) => ({ status: 200, body: { items: await listActiveSessions(sessionDeps(ctx), ctx.tenant, query.memberId) } }),
});

defineRoute({
  name: 'admin-sessions-revoke',
  method: 'DELETE',
  route: 'admin/sessions/{id}',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: z.object({ id: recordId }),
  handler: async (ctx, { params }) => {
    await endSession(sessionDeps(ctx), ctx.tenant, params.id, 'admin');
    return { status: 204 };
  },
});

defineRoute({
  name: 'admin-members-revoke-sessions',
  method: 'POST',
  route: 'admin/members/{id}/revoke-sessions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: z.object({ id: recordId }),
  handler: async (ctx, { params }) => ({ status: 200, body: { revoked: await endMemberSessions(sessionDeps(ctx), ctx.tenant, params.id) } }),
});
