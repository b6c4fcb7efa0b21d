import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import { readStoredOrganization, requireOrganization } from '../platform/organization/organization-store';
import { booksOf, type Books } from './books';

/*
 * The books (books.ts) as the organisation document holds them, for code that holds a
 * repository: other domains' services and the posting lane. The ledger's periods and reports
 * read them through their store (FiguresStore.readBooks).
 */

/** From the request's copy of the organisation document (one read per request, validated where it was read). */
export async function readBooks(repository: TenantRepository): Promise<Books> {
  return booksOf(await requireOrganization(repository));
}

/** The settings as stored now, not the request's copy (see `FixedBooks`). ConflictError without a profile. */
export async function readStoredBooks(repository: TenantRepository): Promise<Books> {
  const organization = await readStoredOrganization(repository);
  if (!organization) throw new ConflictError('The organisation has no profile yet');
  return booksOf(organization);
}
