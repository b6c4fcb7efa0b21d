import { createHash } from 'node:crypto';
import type { Permissions } from '../platform/auth/principal';
import type { Restrictions } from '../platform/auth/restrictions';

export const memberType = 'member';

/** A person in one organisation: the same email in two organisations is two members. */
export interface Member {
  readonly email: string;
  readonly displayName: string;
  readonly status: 'active' | 'removed';
  readonly permissions: Permissions;
  readonly restrictions?: Restrictions;
  /**
   * The Microsoft Entra identity (tenant id and object id) that first signed in as this member.
   * Later Entra sign-ins must present the same pair: email addresses get reassigned (a leaver's
   * address given to someone new, a renamed account), object ids never do.
   */
  readonly entraIdentity?: EntraIdentity;
  /** Set by an admin in an incident: no access, no sign-in, until another admin unlocks. */
  readonly locked?: { readonly at: string; readonly by: string; readonly reason: string };
}

export interface EntraIdentity {
  readonly tenantId: string;
  readonly objectId: string;
}

/** Email uniqueness within an organisation: an index document whose id derives from the email. */
export const memberEmailIndexId = (email: string) =>
  `member-email-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 40)}`;
