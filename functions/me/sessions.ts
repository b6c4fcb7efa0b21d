import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { endSession, listActiveSessions } from '../../shared/identity/session-admin';
import { signInHistory } from '../../shared/identity/sign-in-history';
import { NotFoundError } from '../../shared/platform/errors';
import { ownSessionList, sessionParams, signInHistoryList } from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'me-sessions-list',
  method: 'GET',
  route: 'me/sessions',
  access: { self: true, reason: "a member's own sessions, whatever their permissions" },
  response: ownSessionList,
  handler: async (ctx) => {
    const items = await listActiveSessions(
      tenantIdentityDependencies(domainDependencies(ctx.services)),
      ctx.tenant,
      ctx.principal.memberId,
    );
    return { status: 200, body: { items: items.map((s) => ({ ...s, current: s.id === ctx.principal.sessionId })) } };
  },
});

defineRoute({
  name: 'me-sessions-revoke',
  method: 'DELETE',
  route: 'me/sessions/{id}',
  access: { self: true, reason: 'a member may end any of their own sessions, and only those' },
  lockdownExempt: 'signing out of one of your own sessions only takes access away',
  params: sessionParams,
  response: { 204: null },
  handler: async (ctx, { params }) => {
    const own = await listActiveSessions(
      tenantIdentityDependencies(domainDependencies(ctx.services)),
      ctx.tenant,
      ctx.principal.memberId,
    );
    if (!own.some((s) => s.id === params.id)) throw new NotFoundError('No such session');
    await endSession(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, params.id, 'logout');
    return { status: 204 };
  },
});

defineRoute({
  name: 'me-sign-ins',
  method: 'GET',
  route: 'me/sign-ins',
  access: { self: true, reason: "a member's own sign-in history: time, address, browser, provider, result" },
  response: signInHistoryList,
  handler: async (ctx) => ({
    status: 200,
    body: {
      items: await signInHistory(
        tenantIdentityDependencies(domainDependencies(ctx.services)),
        ctx.tenant,
        ctx.principal.memberId,
      ),
    },
  }),
});
