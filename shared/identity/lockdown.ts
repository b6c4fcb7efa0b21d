import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import type { EmailToSend } from '../platform/email/email-message';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { Organization, OrganizationLockdown } from '../platform/organization/organization';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { IdentityDependencies } from './identity-dependencies';
import { recordSecurityEvent } from './security-log';

export interface LockdownDependencies extends IdentityDependencies {
  /** Hands the security contact's email to the outbox's sender once the lockdown committed. */
  readonly queues: QueueSender;
}

export interface SecurityState {
  readonly lockdown: OrganizationLockdown | null;
  readonly securityContact: string | null;
}

const stateOf = (organization: Organization): SecurityState => ({
  lockdown: organization.lockdown ?? null,
  securityContact: organization.securityContact ?? null,
});

/**
 * Changes the organisation's security settings with their audit record (and any notice: an email
 * through the outbox) in one transaction, under the document's ETag; a concurrent change makes the
 * whole batch retry. The notice is sent if and only if the change commits.
 */
async function changeSecurity(
  deps: LockdownDependencies,
  context: TenantContext,
  decide: (organization: Stored<Organization>) => {
    next: Organization;
    action: string;
    details: Record<string, string>;
    notice?: EmailToSend;
  },
): Promise<SecurityState> {
  const { result, tickets } = await deps.storeFor(context).changeOrganization((organization) => {
    const { next, action, details, notice } = decide(organization);
    const audit = { action, target: { type: 'organization', id: context.tenantId }, details };
    return { next, audit, ...(notice ? { notice } : {}), result: { state: stateOf(next), action, details } };
  });
  const { state, action, details } = result;
  await dispatchOutbox(deps.queues, tickets);
  // An operator's deliberate write into an organisation is also the platform's business.
  if (context.actor.kind === 'operator') {
    await recordSecurityEvent(deps, {
      event: action,
      reason: details.reason ?? action,
      ip: context.actor.ip ?? 'unknown',
      ...(context.actor.userAgent ? { userAgent: context.actor.userAgent } : {}),
      claimedTenantId: context.tenantId,
    });
  }
  return state;
}

export async function securityState(deps: LockdownDependencies, context: TenantContext): Promise<SecurityState> {
  return stateOf(await deps.storeFor(context).readOrganization());
}

/** Read-only lockdown: every write is refused (by the pipeline) until it is lifted. */
export function startLockdown(
  deps: LockdownDependencies,
  context: TenantContext,
  reason: string,
): Promise<SecurityState> {
  return changeSecurity(deps, context, (organization) => {
    if (organization.lockdown) throw new ConflictError('The organisation is already in lockdown');
    const since = deps.clock.now().toISOString();
    const byKind = context.actor.kind === 'operator' ? 'operator' : 'member';
    const contact = organization.securityContact;
    return {
      next: { ...organization, lockdown: { since, by: context.actor.id, byKind, reason } },
      action: 'organization.lockdown-started',
      details: { reason, securityContact: contact ?? 'none named' },
      ...(contact
        ? {
            notice: {
              to: [contact],
              subject: `Ledgerline: ${organization.name} is in read-only lockdown`,
              textBody:
                `${organization.name} was put into read-only lockdown at ${since} ` +
                `by ${byKind === 'operator' ? 'a platform operator' : `member ${context.actor.id}`}. ` +
                `Reason given: ${reason}. Every change is refused until an administrator lifts it.`,
              purpose: 'lockdown-started',
            },
          }
        : {}),
    };
  });
}

/**
 * Lifting takes someone other than the person who started it (one hijacked admin session must
 * not be able to lock down and lift at will, or lift a lockdown meant to contain it), and a
 * lockdown the platform started is lifted by the platform. Operators may lift any lockdown: they
 * are the way out for an organisation with a single administrator.
 */
export function liftLockdown(deps: LockdownDependencies, context: TenantContext): Promise<SecurityState> {
  return changeSecurity(deps, context, (organization) => {
    const { lockdown, ...rest } = organization;
    if (!lockdown) throw new ConflictError('The organisation is not in lockdown');
    const operator = context.actor.kind === 'operator';
    if (!operator && lockdown.byKind === 'operator')
      throw new ForbiddenError('The platform started this lockdown; ask the platform operators to lift it');
    if (!operator && lockdown.by === context.actor.id)
      throw new ForbiddenError('Another administrator must lift a lockdown you started');
    return {
      next: rest,
      action: 'organization.lockdown-lifted',
      details: { startedBy: lockdown.by, since: lockdown.since },
    };
  });
}

export function setSecurityContact(
  deps: LockdownDependencies,
  context: TenantContext,
  email: string,
): Promise<SecurityState> {
  return changeSecurity(deps, context, (organization) => ({
    next: { ...organization, securityContact: email.toLowerCase() },
    action: 'organization.security-contact-changed',
    details: { from: organization.securityContact ?? 'none', to: email.toLowerCase() },
  }));
}
