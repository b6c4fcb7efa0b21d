import type { Container } from '@azure/cosmos';
import { statusOf } from '../platform/data/cosmos-errors';

export const organizationType = 'organization';

/** Which directories may sign people in to an organisation. */
export interface SignInPolicy {
  readonly google?: { readonly domains: readonly string[] };
  readonly entra?: { readonly tenantIds: readonly string[] };
}

/** Who put the organisation into read-only lockdown, when and why. */
export interface OrganizationLockdown {
  readonly since: string;
  readonly by: string;
  readonly byKind: 'member' | 'operator';
  readonly reason: string;
}

export interface Organization {
  readonly slug: string;
  readonly name: string;
  readonly baseCurrency: string;
  readonly fiscalYearStartMonth: number;
  readonly signIn: SignInPolicy;
  /** Present while the organisation is in read-only lockdown (an incident). */
  readonly lockdown?: OrganizationLockdown;
  /** Emailed when a lockdown starts; an admin setting. */
  readonly securityContact?: string;
}

/** Slugs are global (the sign-in page names one), so their index lives in the platform container. */
export const organizationSlugPattern = /^[a-z0-9-]{2,63}$/;

export const slugDocumentId = (slug: string) => `organization-slug-${slug}`;

export async function tenantIdForSlug(platform: Container, slug: string): Promise<string | undefined> {
  if (!organizationSlugPattern.test(slug)) return undefined;
  try {
    const { resource } = await platform.item(slugDocumentId(slug), slugDocumentId(slug)).read<{ tenantId: string }>();
    return resource?.tenantId;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
