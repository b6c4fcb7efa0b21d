import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { endMemberSessions, endSession, listActiveSessions } from '../../shared/identity/session-admin';
import {
  memberParams,
  sessionList,
  sessionListQuery,
  sessionParams,
  sessionsRevoked,
} from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'admin-sessions-list',
  method: 'GET',
  route: 'admin/sessions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  query: sessionListQuery,
  response: sessionList,
  handler: async (ctx, { query }) => ({
    status: 200,
    body: {
      items: await listActiveSessions(
        tenantIdentityDependencies(domainDependencies(ctx.services)),
        ctx.tenant,
        query.memberId,
      ),
    },
  }),
});

defineRoute({
  name: 'admin-sessions-revoke',
  method: 'DELETE',
  route: 'admin/sessions/{id}',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  lockdownExempt: 'containment: ending a session only takes access away',
  params: sessionParams,
  response: { 204: null },
  handler: async (ctx, { params }) => {
    await endSession(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, params.id, 'admin');
    return { status: 204 };
  },
});

defineRoute({
  name: 'admin-members-revoke-sessions',
  method: 'POST',
  route: 'admin/members/{id}/revoke-sessions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  lockdownExempt: 'containment: ending sessions only takes access away',
  params: memberParams,
  response: sessionsRevoked,
  handler: async (ctx, { params }) => ({
    status: 200,
    body: {
      revoked: await endMemberSessions(
        tenantIdentityDependencies(domainDependencies(ctx.services)),
        ctx.tenant,
        params.id,
      ),
    },
  }),
});
