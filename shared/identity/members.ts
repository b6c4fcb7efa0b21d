import type { TenantContext } from '../platform/actor';
import type { Permissions } from '../platform/auth/principal';
import type { Restrictions } from '../platform/auth/restrictions';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors';
import type { TenantIdentityDependencies } from './identity-dependencies';
import type { Member } from './member';
import {
  assertLockAllowed,
  assertPermissionChangeAllowed,
  assertRemovalAllowed,
  assertUnlockAllowed,
  isMemberAdmin,
} from './member-guards';
import { memberView, type MemberView, type NewMember } from './schemas';
import type { RevocationReason } from './sessions';

/** The schema picks what an admin sees of a member. */
const view = (member: Stored<Member>): MemberView =>
  memberView.parse({ ...member, restrictions: member.restrictions ?? {}, locked: member.locked !== undefined });

/** A member's address, for notices about their own requests (a data export ready). */
export async function memberEmail(deps: TenantIdentityDependencies, context: TenantContext, memberId: string) {
  return (await deps.storeFor(context).findMember(memberId))?.email;
}

export async function listMembers(deps: TenantIdentityDependencies, context: TenantContext): Promise<MemberView[]> {
  return (await deps.storeFor(context).listMembers()).map(view);
}

export async function addMember(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  input: NewMember,
): Promise<MemberView> {
  const store = deps.storeFor(context);
  const id = `member-${deps.ids.newId()}`;
  const email = input.email.toLowerCase();
  const member: Member = { email, displayName: input.displayName, status: 'active', permissions: input.permissions };
  await store.addMember(id, member, { action: 'member.added', target: { type: 'member', id }, details: { email } });
  const added = await store.findMember(id);
  if (!added) throw new NotFoundError(`No member with id ${id}`);
  return view(added);
}

/**
 * Applies a change to one member with the admin rules checked and audited in the same
 * transaction. Every change also bumps the organisation's member roster under its ETag, so two
 * admins demoting each other at the same moment cannot both pass the last-admin check.
 */
async function changeMember(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId: string,
  decide: (
    target: Stored<Member>,
    adminIds: string[],
  ) => { next: Member; action: string; details: Record<string, string>; endSessions: RevocationReason | false },
): Promise<MemberView> {
  const store = deps.storeFor(context);
  return retryOnConflict('The member roster', async () => {
    const roster = await store.readRoster();
    const { members } = roster;
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
        await store.appendAudit({
          action: 'member.change-refused',
          target: { type: 'member', id: memberId },
          details: { reason: refusal.message },
        });
      }
      throw refusal;
    }
    const { next, action, details, endSessions } = decision;
    await store.changeMember({
      roster,
      target,
      next,
      ...(endSessions ? { endSessions: { now: deps.clock.now(), reason: endSessions, by: context.actor.id } } : {}),
      audit: { action, target: { type: 'member', id: memberId }, details },
    });
    return view({ ...target, ...next });
  });
}

export function changePermissions(
  deps: TenantIdentityDependencies,
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
export function removeMember(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId: string,
): Promise<MemberView> {
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
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId: string,
  restrictions: Restrictions,
): Promise<MemberView> {
  // Unknown ids answer 404 before the lists are consulted: another organisation's member stays unseen.
  if (!(await memberEmail(deps, context, memberId))) throw new NotFoundError(`No active member with id ${memberId}`);
  await deps.checkRestrictions(context, restrictions);
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
  deps: TenantIdentityDependencies,
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

export function unlockMember(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId: string,
): Promise<MemberView> {
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
