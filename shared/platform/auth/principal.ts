/**
 * The authenticated caller as the pipeline sees it. Identity and sessions (issue 3) produce
 * it from a verified access token; nothing else may construct one for a live request.
 */
export const permissionLevels = ['none', 'read', 'contribute', 'edit', 'admin'] as const;
export type PermissionLevel = (typeof permissionLevels)[number];

export const resources = [
  'ledger',
  'journal-entries',
  'payables',
  'receivables',
  'items',
  'banking',
  'payment-runs',
  'portfolio',
  'members',
  'settings',
  'audit',
] as const;
export type Resource = (typeof resources)[number];
export type Permissions = Readonly<Partial<Record<Resource, PermissionLevel>>>;

/**
 * The partition of platform administration: operators' administration sessions and the
 * platform's own audit log of what they did. Organisations' ids are `org-…`, so none is this.
 */
export const platformAdministrationTenant = 'ledgerline-platform';

import type { Stored } from '../data/stored-document';
import type { Organization } from '../organization/organization';
import type { Restrictions } from './restrictions';

/** Operator administration: registering and deactivating the platform's operators. */
export type PlatformPermission = 'operators';

export interface Principal {
  readonly tenantId: string;
  readonly memberId: string;
  readonly kind: 'member' | 'operator';
  readonly sessionId?: string;
  readonly permissions: Permissions;
  /** Facility / division restrictions, applied by the domains to what they read and write. */
  readonly restrictions?: Restrictions;
  /** When and from where the session was signed in to (absent for sessions opened without an address). */
  readonly signedIn?: { readonly at: string; readonly ip: string | null };
  /** An operator's platform permissions beyond looking and administering organisations (the registry's, as now). */
  readonly platformPermissions?: readonly PlatformPermission[];
  /** The organisation document as read (once) on this request; absent while it has none. */
  readonly organization?: Stored<Organization>;
}

export interface RequestCredentials {
  readonly authorization?: string;
  readonly ip: string;
  readonly userAgent?: string;
}

/** Turns a request's credentials into a principal, or throws UnauthenticatedError. */
export interface Authenticator {
  authenticate(credentials: RequestCredentials): Promise<Principal>;
}
