import type { Restrictions } from './auth/restrictions';
import type { Stored } from './data/stored-document';
import type { Organization } from './organization/organization';

/**
 * Who is acting and for which organisation. The tenant always comes from the verified
 * access token (or, for queue and timer work, from the message the app itself wrote),
 * never from a URL, body or header.
 */
export interface Actor {
  /** Stable member id within the organisation, or a system principal like `system:period-close`. */
  readonly id: string;
  readonly kind: 'member' | 'system' | 'operator';
  readonly ip?: string;
  readonly userAgent?: string;
}

export interface TenantContext {
  readonly tenantId: string;
  readonly actor: Actor;
  /**
   * The member's facility and division restrictions, from the verified principal: the HTTP
   * pipeline always sets them (`{}` when there are none). Absent only for system work. Domains
   * apply them in their data access (the ledger: ledger-repository.ts).
   */
  readonly restrictions?: Restrictions;
  /**
   * The organisation document as the HTTP pipeline read it for this request (absent for system
   * work, or when the organisation has none yet). Read it through organization-store.ts only.
   */
  readonly organization?: Stored<Organization>;
}

/**
 * The longest user agent kept with a record (sessions, audit, security events). The header is
 * the client's to choose: unbounded, one request could write kilobytes into every record it
 * causes. Real browsers' user agents are well under this.
 */
export const maxStoredUserAgentLength = 512;

export function storedUserAgent(userAgent: string | null | undefined): string | null {
  return userAgent ? userAgent.slice(0, maxStoredUserAgentLength) : null;
}
