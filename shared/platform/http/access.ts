import {
  permissionLevels,
  platformAdministrationTenant,
  type PermissionLevel,
  type PlatformPermission,
  type Principal,
  type Resource,
} from '../auth/principal';
import { ForbiddenError } from '../errors';

export type RouteAccess =
  | { readonly public: true; readonly reason: string }
  /** Any signed-in member, for routes about the caller's own account (their sessions, their sign-ins). */
  | { readonly self: true; readonly reason: string }
  /** Registered platform operators only (in an impersonation session); never a member. */
  | { readonly operator: true; readonly reason: string }
  /**
   * Platform administration (taking organisations on, suspending them): operators holding that
   * permission, in a platform-administration session (signed in for it, MFA asserted); never a
   * member, however much of an admin, nor an operator's read-only look into an organisation.
   */
  | { readonly platform: true; readonly reason: string; readonly permission?: PlatformPermission }
  | { readonly resource: Resource; readonly level: Exclude<PermissionLevel, 'none'> };

export function isPublic(access: RouteAccess): access is Extract<RouteAccess, { public: true }> {
  return 'public' in access;
}

/** Levels are ordered: each grants everything the ones before it grant. */
export function isOperatorOnly(access: RouteAccess): access is Extract<RouteAccess, { operator: true }> {
  return 'operator' in access;
}

export function isPlatformOnly(access: RouteAccess): access is Extract<RouteAccess, { platform: true }> {
  return 'platform' in access;
}

export function levelAllows(granted: PermissionLevel | undefined, required: PermissionLevel): boolean {
  return permissionLevels.indexOf(granted ?? 'none') >= permissionLevels.indexOf(required);
}

export function authorize(principal: Principal, access: Exclude<RouteAccess, { public: true }>): void {
  const administering = principal.kind === 'operator' && principal.tenantId === platformAdministrationTenant;
  if ('platform' in access) {
    if (!administering)
      throw new ForbiddenError('Only a platform operator signed in for platform administration may do this');
    if (access.permission && !principal.platformPermissions?.includes(access.permission))
      throw new ForbiddenError(`This needs the platform permission ${access.permission}`);
    return;
  }
  // A platform-administration session opens platform administration and nothing else.
  if (administering) throw new ForbiddenError('A platform-administration session opens only platform administration');
  if ('self' in access) return;
  if ('operator' in access) {
    if (principal.kind !== 'operator') throw new ForbiddenError('Only a platform operator may do this');
    return;
  }
  if (!levelAllows(principal.permissions[access.resource], access.level)) {
    throw new ForbiddenError(`This needs ${access.level} access to ${access.resource}`);
  }
}
