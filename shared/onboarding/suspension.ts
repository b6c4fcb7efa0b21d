import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import type { OnboardingDependencies } from './onboarding-dependencies';
import { inOrganization, registeredOrganization, viewOf } from './organizations';
import { endSessionsIn } from './session-ending';
import type { PlatformOrganizationView } from './schemas';

/** Suspends or reactivates: the organisation's document and its audit record in one batch, then the platform's register and log. */
async function changeStatus(
  deps: OnboardingDependencies,
  context: TenantContext,
  tenantId: string,
  suspend: { reason: string } | null,
): Promise<PlatformOrganizationView> {
  const registered = await registeredOrganization(deps, context, tenantId);
  const now = deps.clock.now().toISOString();
  const action = suspend ? 'organization.suspended' : 'organization.reactivated';
  const target = { type: 'organization', id: tenantId };
  const details = { slug: registered.slug, ...(suspend ? { reason: suspend.reason } : {}) };
  await deps.storeFor(inOrganization(context, tenantId)).changeOrganization(async (organization) => {
    if (suspend && organization.suspended) throw new ConflictError('The organisation is already suspended');
    if (!suspend && !organization.suspended) throw new ConflictError('The organisation is not suspended');
    const { suspended: _previous, ...rest } = organization;
    const next = suspend ? { ...rest, suspended: { since: now, by: context.actor.id, reason: suspend.reason } } : rest;
    return { next, audit: { action, target, details }, result: undefined };
  });
  // The authenticator already refuses a suspended organisation's members on their next request;
  // revoking their sessions also ends their refresh tokens, so nothing outlives a later reactivation.
  const sessionsEnded = suspend
    ? await endSessionsIn(deps, context, tenantId, { reason: 'organization-suspended' })
    : 0;
  const registry = deps.registryFor(context);
  const updated = await retryOnConflict(`The organisation ${tenantId} on the register`, async () => {
    const current = await registeredOrganization(deps, context, tenantId);
    return registry.replaceRegistered(current, {
      ...current,
      status: suspend ? 'suspended' : 'active',
      suspendedAt: suspend ? now : null,
    });
  });
  await registry.appendAudit({
    action,
    target,
    details: { ...details, ...(suspend ? { sessionsEnded } : {}) },
  });
  return viewOf(updated);
}

/** Suspended: every member's sessions end at once and sign-in is refused, until reactivated. */
export const suspendOrganization = (
  deps: OnboardingDependencies,
  context: TenantContext,
  tenantId: string,
  reason: string,
) => changeStatus(deps, context, tenantId, { reason });

export const reactivateOrganization = (deps: OnboardingDependencies, context: TenantContext, tenantId: string) =>
  changeStatus(deps, context, tenantId, null);
