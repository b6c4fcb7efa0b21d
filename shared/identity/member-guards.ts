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
