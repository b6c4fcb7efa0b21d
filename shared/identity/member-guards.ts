import type { Permissions } from '../platform/auth/principal';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { Member } from './member';

export const isMemberAdmin = (member: Pick<Member, 'status' | 'permissions'>) =>
  member.status === 'active' && member.permissions.members === 'admin';

/**
 * Rules that keep an organisation governable: nobody locks, removes or demotes themselves
 * (another admin must do it, so a mistake or a hijacked session cannot quietly take over),
 * and the last member administrator cannot be removed or demoted.
 */
export function assertPermissionChangeAllowed(
  actorId: string,
  target: Member & { id: string },
  next: Permissions,
  activeAdminIds: readonly string[],
): void {
  if (actorId === target.id)
    throw new ForbiddenError('You cannot change your own permissions; ask another administrator');
  const losesAdmin = target.permissions.members === 'admin' && next.members !== 'admin';
  if (losesAdmin && activeAdminIds.filter((id) => id !== target.id).length === 0) {
    throw new ConflictError('This is the last member administrator; make someone else an administrator first');
  }
}

export function assertRemovalAllowed(
  actorId: string,
  target: Member & { id: string },
  activeAdminIds: readonly string[],
): void {
  if (actorId === target.id) throw new ForbiddenError('You cannot remove yourself; ask another administrator');
  if (isMemberAdmin(target) && activeAdminIds.filter((id) => id !== target.id).length === 0) {
    throw new ConflictError('This is the last member administrator; make someone else an administrator first');
  }
}

/** Nobody locks themselves; locking a locked member again would overwrite who locked them. */
export function assertLockAllowed(actorId: string, target: Member & { id: string }): void {
  if (actorId === target.id) throw new ForbiddenError('You cannot lock yourself; ask another administrator');
  if (target.locked) throw new ConflictError('This member is already locked');
}

/**
 * Unlocking takes a second administrator: not the member, and not the one who locked them, so a
 * single hijacked admin session cannot lock someone out and quietly let them back in (or itself).
 */
export function assertUnlockAllowed(actorId: string, target: Member & { id: string }): void {
  if (!target.locked) throw new ConflictError('This member is not locked');
  if (actorId === target.id) throw new ForbiddenError('You cannot unlock yourself; ask another administrator');
  if (actorId === target.locked.by) throw new ForbiddenError('Another administrator must unlock a member you locked');
}
