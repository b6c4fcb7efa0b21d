import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { ConflictError } from '../platform/errors';
import { changeOrganization } from '../platform/organization/organization-store';
import {
  auditInPlatformLog,
  organizationRepository,
  platformRegistry,
  registeredOrganization,
  registryType,
  viewOf,
} from './organizations';
import { endSessionsIn } from './session-ending';
import type { PlatformOrganizationView } from './schemas';

/** Suspends or reactivates: the organisation's document and its audit record in one batch, then the platform's register and log. */
async function changeStatus(
  deps: PlatformDependencies,
  context: TenantContext,
  tenantId: string,
  suspend: { reason: string } | null,
): Promise<PlatformOrganizationView> {
  const registered = await registeredOrganization(deps, context, tenantId);
  const now = deps.clock.now().toISOString();
  const action = suspend ? 'organization.suspended' : 'organization.reactivated';
  const target = { type: 'organization', id: tenantId };
  const details = { slug: registered.slug, ...(suspend ? { reason: suspend.reason } : {}) };
  const repository = organizationRepository(deps, context, tenantId);
  await changeOrganization(repository, async (organization, transaction) => {
    if (suspend && organization.suspended) throw new ConflictError('The organisation is already suspended');
    if (!suspend && !organization.suspended) throw new ConflictError('The organisation is not suspended');
    const { suspended: _previous, ...rest } = organization;
    const next = suspend ? { ...rest, suspended: { since: now, by: context.actor.id, reason: suspend.reason } } : rest;
    await stageAuditRecord(repository, transaction, context, { action, target, details }, deps.clock.now());
    return { next, result: undefined };
  });
  // The authenticator already refuses a suspended organisation's members on their next request;
  // revoking their sessions also ends their refresh tokens, so nothing outlives a later reactivation.
  const sessionsEnded = suspend
    ? await endSessionsIn(deps, context, tenantId, { reason: 'organization-suspended' })
    : 0;
  const registry = platformRegistry(deps, context);
  const updated = await registry.update<typeof registered>(registryType, tenantId, (current) => ({
    ...current,
    status: suspend ? 'suspended' : 'active',
    suspendedAt: suspend ? now : null,
  }));
  await auditInPlatformLog(deps, context, {
    action,
    target,
    details: { ...details, ...(suspend ? { sessionsEnded } : {}) },
  });
  return viewOf(updated);
}

/** Suspended: every member's sessions end at once and sign-in is refused, until reactivated. */
export const suspendOrganization = (
  deps: PlatformDependencies,
  context: TenantContext,
  tenantId: string,
  reason: string,
) => changeStatus(deps, context, tenantId, { reason });

export const reactivateOrganization = (deps: PlatformDependencies, context: TenantContext, tenantId: string) =>
  changeStatus(deps, context, tenantId, null);
