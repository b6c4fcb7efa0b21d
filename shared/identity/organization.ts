import type { Container } from '@azure/cosmos';
import { statusOf } from '../platform/data/cosmos-errors';

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
