import type { HttpRequest } from '@azure/functions';
import type { Actor, TenantContext } from '../actor';
import type { Principal } from '../auth/principal';
import { ForbiddenError, LockedDownError, UnauthenticatedError } from '../errors';
import type { Services } from '../services';
import { authorize, isOperatorOnly, isPlatformOnly, type RouteAccess } from './access';

/** Who called a protected route, for which organisation, and the session headers to send back. */
export interface Caller {
  readonly principal: Principal;
  readonly tenant: TenantContext;
  readonly headers: Record<string, string>;
}

/**
 * The pipeline's steps for a protected route, in order: authentication (which reads the session,
 * the member and the organisation once), session liveness, the tenant from the token only, the
 * operator's read-only rule, the permission, and the organisation's lockdown.
 */
export async function identifyCaller(
  services: Services,
  request: HttpRequest,
  route: {
    readonly access: Exclude<RouteAccess, { public: true }>;
    readonly sensitive?: boolean;
    readonly lockdownExempt?: string;
  },
  client: { readonly ip: string; readonly userAgent: string | undefined },
  writes: boolean,
  onPrincipal: (principal: Principal) => void,
): Promise<Caller> {
  const authorization = request.headers.get('authorization') ?? undefined;
  if (!authorization) throw new UnauthenticatedError('Sign in to use this route');
  const principal = await services.authenticator.authenticate({ authorization, ...client });
  onPrincipal(principal);
  const session = await services.sessionGuard.touch(principal, { sensitive: route.sensitive === true });
  const headers: Record<string, string> = {};
  // The SPA warns before a timeout and offers to extend (any request, or a refresh, extends).
  if (session.idleSecondsRemaining !== undefined)
    headers['x-session-idle-remaining'] = String(session.idleSecondsRemaining);
  if (session.sensitiveIdleSecondsRemaining !== undefined)
    headers['x-session-sensitive-idle-remaining'] = String(session.sensitiveIdleSecondsRemaining);
  const actor: Actor = { id: principal.memberId, kind: principal.kind, ip: client.ip, userAgent: client.userAgent };
  const tenant: TenantContext = {
    tenantId: principal.tenantId,
    actor,
    restrictions: principal.restrictions ?? {},
    ...(principal.organization ? { organization: principal.organization } : {}),
  };
  // Platform operators look, never touch: impersonation sessions are read-only, except for
  // the operator-only routes (locking an organisation down in an incident).
  if (principal.kind === 'operator' && writes && !isOperatorOnly(route.access) && !isPlatformOnly(route.access))
    throw new ForbiddenError('An operator session is read-only');
  authorize(principal, route.access);
  // Right after authorization, before any input is read: a locked-down organisation is read-only.
  if (principal.organization?.lockdown && writes && !route.lockdownExempt)
    throw new LockedDownError('The organisation is in read-only lockdown; only reads are allowed until it is lifted');
  return { principal, tenant, headers };
}
