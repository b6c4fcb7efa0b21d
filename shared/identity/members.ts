import { requireActiveRestrictions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import type { Permissions } from '../platform/auth/principal';
import type { Restrictions } from '../platform/auth/restrictions';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors';
import { memberEmailIndexId, memberType, type Member } from './member';
import {
  assertLockAllowed,
  assertPermissionChangeAllowed,
  assertRemovalAllowed,
  assertUnlockAllowed,
  isMemberAdmin,
} from './member-guards';
import { memberView, type MemberView, type NewMember } from './schemas';
import { sessionType, stageRevocations, type RevocationReason, type Session } from './sessions';

/** The schema picks what an admin sees of a member. */
const view = (member: Stored<Member>): MemberView =>
  memberView.parse({ ...member, restrictions: member.restrictions ?? {}, locked: member.locked !== undefined });

/** A member's address, for notices about their own requests (a data export ready). */
export async function memberEmail(deps: DomainDependencies, context: TenantContext, memberId: string) {
  return (await new TenantRepository(deps.container, context, deps.clock).find<Member>(memberType, memberId))?.email;
}

export async function listMembers(deps: DomainDependencies, context: TenantContext): Promise<MemberView[]> {
  return (await new TenantRepository(deps.container, context, deps.clock).queryAll<Member>(memberType)).map(view);
}

export async function addMember(
  deps: DomainDependencies,
  context: TenantContext,
  input: NewMember,
): Promise<MemberView> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const id = `member-${deps.ids.newId()}`;
  const email = input.email.toLowerCase();
  const transaction = repository
    .transaction()
    .create(memberType, id, {
      email,
      displayName: input.displayName,
      status: 'active',
      permissions: input.permissions,
    } satisfies Member)
    .create('member-email', memberEmailIndexId(email), { memberId: id });
  await stageAuditRecord(
    repository,
    transaction,
    context,
    { action: 'member.added', target: { type: 'member', id }, details: { email } },
    deps.clock.now(),
  );
  try {
    await transaction.commit();
  } catch (error) {
    if (error instanceof ConflictError && /member-email/.test(error.message))
      throw new ConflictError('A member with this email already exists in the organisation');
    throw error;
  }
  return view(await repository.get<Member>(memberType, id));
}

const rosterType = 'member-roster';
const rosterId = 'member-roster';

/**
 * Applies a change to one member with the admin rules checked and audited in the same
 * transaction. Every change also bumps the organisation's member roster under its ETag, so two
 * admins demoting each other at the same moment cannot both pass the last-admin check.
 */
async function changeMember(
  deps: DomainDependencies,
  context: TenantContext,
  memberId: string,
  decide: (
    target: Stored<Member>,
    adminIds: string[],
  ) => { next: Member; action: string; details: Record<string, string>; endSessions: RevocationReason | false },
): Promise<MemberView> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return retryOnConflict('The member roster', async () => {
    // The roster is read before the members: a change committed after this read fails our
    // roster replace, and one committed before it is in the member list we read next.
    const roster = await repository.find<{ version: number }>(rosterType, rosterId);
    const members = await repository.queryAll<Member>(memberType);
    const target = members.find((m) => m.id === memberId && m.status === 'active');
    if (!target) throw new NotFoundError(`No active member with id ${memberId}`);
    let decision: ReturnType<typeof decide>;
    try {
      decision = decide(
        target,
        members.filter(isMemberAdmin).map((m) => m.id),
      );
    } catch (refusal) {
      // Refused attempts on who may govern the organisation are evidence worth keeping.
      if (refusal instanceof ForbiddenError || refusal instanceof ConflictError) {
        await appendAuditRecord(
          repository,
          context,
          {
            action: 'member.change-refused',
            target: { type: 'member', id: memberId },
            details: { reason: refusal.message },
          },
          () => deps.clock.now(),
        );
      }
      throw refusal;
    }
    const { next, action, details, endSessions } = decision;
    const transaction = repository.transaction().replace(target, next);
    if (roster) transaction.replace(roster, { version: roster.version + 1 });
    else transaction.create(rosterType, rosterId, { version: 1 });
    if (endSessions) {
      const sessions = await repository.queryAll<Session>(sessionType, {
        where: 'c.memberId = @m',
        parameters: [{ name: '@m', value: memberId }],
      });
      const ending = { now: deps.clock.now(), reason: endSessions, by: context.actor.id, limit: 90 };
      stageRevocations(transaction, sessions, ending);
    }
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action, target: { type: 'member', id: memberId }, details },
      deps.clock.now(),
    );
    await transaction.commit();
    return view({ ...target, ...next });
  });
}

export function changePermissions(
  deps: DomainDependencies,
  context: TenantContext,
  memberId: string,
  permissions: Permissions,
): Promise<MemberView> {
  return changeMember(deps, context, memberId, (target, adminIds) => {
    assertPermissionChangeAllowed(context.actor.id, target, permissions, adminIds);
    return {
      next: { ...memberFields(target), permissions },
      action: 'member.permissions-changed',
      details: { from: JSON.stringify(target.permissions), to: JSON.stringify(permissions) },
      endSessions: false,
    };
  });
}

/** Soft delete: the member keeps their history and attribution; their sessions end at once. */
export function removeMember(deps: DomainDependencies, context: TenantContext, memberId: string): Promise<MemberView> {
  return changeMember(deps, context, memberId, (target, adminIds) => {
    assertRemovalAllowed(context.actor.id, target, adminIds);
    return {
      next: { ...memberFields(target), status: 'removed' },
      action: 'member.removed',
      details: { email: target.email },
      endSessions: 'member-removed',
    };
  });
}

/** Sets which facilities and divisions (active entries of the lists) a member may reach (absent = all), audited. */
export async function changeRestrictions(
  deps: DomainDependencies,
  context: TenantContext,
  memberId: string,
  restrictions: Restrictions,
): Promise<MemberView> {
  // Unknown ids answer 404 before the lists are consulted: another organisation's member stays unseen.
  if (!(await memberEmail(deps, context, memberId))) throw new NotFoundError(`No active member with id ${memberId}`);
  await requireActiveRestrictions(deps, context, restrictions);
  return changeMember(deps, context, memberId, (target) => {
    if (context.actor.id === target.id)
      throw new ForbiddenError('You cannot change your own restrictions; ask another administrator');
    return {
      next: { ...memberFields(target), restrictions },
      action: 'member.restrictions-changed',
      details: { from: JSON.stringify(target.restrictions ?? {}), to: JSON.stringify(restrictions) },
      endSessions: false,
    };
  });
}

/** A member's own fields, without what the data layer adds. */
function memberFields(member: Stored<Member>): Member {
  return {
    email: member.email,
    displayName: member.displayName,
    status: member.status,
    permissions: member.permissions,
    ...(member.restrictions ? { restrictions: member.restrictions } : {}),
    ...(member.entraIdentity ? { entraIdentity: member.entraIdentity } : {}),
    ...(member.locked ? { locked: member.locked } : {}),
  };
}

/** Locks a member in an incident: every session ends in the same transaction, sign-in is refused. */
export function lockMember(
  deps: DomainDependencies,
  context: TenantContext,
  memberId: string,
  reason: string,
): Promise<MemberView> {
  return changeMember(deps, context, memberId, (target) => {
    assertLockAllowed(context.actor.id, target);
    const locked = { at: deps.clock.now().toISOString(), by: context.actor.id, reason };
    return {
      next: { ...memberFields(target), locked },
      action: 'member.locked',
      details: { reason },
      endSessions: 'member-locked',
    };
  });
}

export function unlockMember(deps: DomainDependencies, context: TenantContext, memberId: string): Promise<MemberView> {
  return changeMember(deps, context, memberId, (target) => {
    assertUnlockAllowed(context.actor.id, target);
    const { locked, ...fields } = memberFields(target);
    return {
      next: fields,
      action: 'member.unlocked',
      details: { lockedBy: locked!.by, lockedAt: locked!.at },
      endSessions: false,
    };
  });
}
