import type { PlatformIdentityStore } from './identity-store';

/** Slugs are global (the sign-in page names one), so their index lives in the platform container. */
export const organizationSlugPattern = /^[a-z0-9-]{2,63}$/;

export const slugDocumentId = (slug: string) => `organization-slug-${slug}`;

export async function tenantIdForSlug(platform: PlatformIdentityStore, slug: string): Promise<string | undefined> {
  if (!organizationSlugPattern.test(slug)) return undefined;
  return platform.tenantOfSlug(slug);
}
