import {
  liftLockdown,
  securityState,
  setSecurityContact,
  startLockdown,
  type LockdownDependencies,
} from '../../shared/identity/lockdown';
import { reasonInput, securityContactInput, securityStateView } from '../../shared/identity/schemas';
import { identityDependencies } from '../../shared/identity/identity-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';

const deps = ({ services }: RouteContext): LockdownDependencies => ({
  ...identityDependencies(platformDependencies(services)),
  queues: services.queues,
});

defineRoute({
  name: 'admin-security-state',
  method: 'GET',
  route: 'admin/security',
  access: { resource: 'settings', level: 'read' },
  response: securityStateView,
  handler: async (ctx) => ({ status: 200, body: await securityState(deps(ctx), ctx.tenant) }),
});

defineRoute({
  name: 'admin-security-contact',
  method: 'PUT',
  route: 'admin/security/contact',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: securityContactInput,
  response: securityStateView,
  handler: async (ctx, { body }) => ({
    status: 200,
    body: await setSecurityContact(deps(ctx), ctx.tenant, body.email),
  }),
});

defineRoute({
  name: 'admin-lockdown-start',
  method: 'POST',
  route: 'admin/security/lockdown',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: reasonInput,
  response: securityStateView,
  handler: async (ctx, { body }) => ({ status: 200, body: await startLockdown(deps(ctx), ctx.tenant, body.reason) }),
});

defineRoute({
  name: 'admin-lockdown-lift',
  method: 'DELETE',
  route: 'admin/security/lockdown',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  lockdownExempt: 'lifts the lockdown itself (by an administrator other than the one who started it)',
  response: securityStateView,
  handler: async (ctx) => ({ status: 200, body: await liftLockdown(deps(ctx), ctx.tenant) }),
});

// The one deliberate exception to "operators never write": in an incident the platform can put an
// organisation into lockdown (and lift it), from an MFA-asserted impersonation session, audited in
// the organisation's log and the platform's security log.
defineRoute({
  name: 'operator-lockdown-start',
  method: 'POST',
  route: 'operator/lockdown',
  access: { operator: true, reason: 'platform incident response: only registered operators lock an organisation down' },
  body: reasonInput,
  response: securityStateView,
  handler: async (ctx, { body }) => ({ status: 200, body: await startLockdown(deps(ctx), ctx.tenant, body.reason) }),
});

defineRoute({
  name: 'operator-lockdown-lift',
  method: 'DELETE',
  route: 'operator/lockdown',
  access: {
    operator: true,
    reason: 'platform incident response: operators lift the lockdowns they (or anyone) started',
  },
  lockdownExempt: 'lifts the lockdown itself',
  response: securityStateView,
  handler: async (ctx) => ({ status: 200, body: await liftLockdown(deps(ctx), ctx.tenant) }),
});
