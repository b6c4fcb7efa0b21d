import type { TenantContext } from '../actor';
import { retryOnConflict } from '../data/retry';
import type { Stored } from '../data/stored-document';
import type { TenantRepository, TenantTransaction } from '../data/tenant-repository';
import { ConflictError } from '../errors';
import { organizationType, parseOrganization, type Organization } from './organization';

/**
 * The one module that reads and writes the organisation document. The HTTP pipeline reads it
 * once per request (the authenticator, for the lockdown check) and puts it on the tenant
 * context; everything after uses that copy instead of reading again. A write through
 * `changeOrganization` marks the copy stale, so a later read in the same request goes to the store.
 */
const changed = new WeakSet<TenantContext>();

/** One point read, checked against the schema: a broken document is an error here, not a default later. */
export async function readStoredOrganization(repository: TenantRepository): Promise<Stored<Organization> | undefined> {
  return checkedOrganization(await repository.find<Record<string, unknown>>(organizationType, repository.tenantId));
}

/** Where the organisation document lies among documents read together (the pipeline's one query). */
export const organizationRef = (tenantId: string) => ({ type: organizationType, id: tenantId });

/** A read organisation document, checked against the schema as every read of it is. */
export function checkedOrganization(
  found: Stored<Record<string, unknown>> | undefined,
): Stored<Organization> | undefined {
  return found && { ...found, ...parseOrganization(found) };
}

/** The organisation as this request knows it: the pipeline's copy, or one read for system work. */
export function findOrganization(repository: TenantRepository): Promise<Stored<Organization> | undefined> {
  const { context } = repository;
  if (context.organization && !changed.has(context)) return Promise.resolve(context.organization);
  return readStoredOrganization(repository);
}

export async function requireOrganization(repository: TenantRepository): Promise<Stored<Organization>> {
  const organization = await findOrganization(repository);
  if (!organization) throw new ConflictError('The organisation has no profile yet');
  return organization;
}

/** What a change decides: the organisation's next settings (or none), and what to return. */
export interface OrganizationChange<R> {
  readonly next?: Organization;
  readonly result: R;
}

/**
 * Changes the organisation under its ETag together with whatever `decide` stages (its audit
 * record, a request document), in one transaction, retried as a whole when someone else
 * changed any of it. The first attempt uses the request's copy; a retry reads afresh.
 */
export async function changeOrganization<R>(
  repository: TenantRepository,
  decide: (organization: Stored<Organization>, transaction: TenantTransaction) => Promise<OrganizationChange<R>>,
): Promise<R> {
  const result = await retryOnConflict('The organisation', async (attempt) => {
    const current = attempt === 1 ? await findOrganization(repository) : await readStoredOrganization(repository);
    if (!current) throw new ConflictError('The organisation has no profile yet');
    const transaction = repository.transaction();
    const { next, result } = await decide(current, transaction);
    if (next) transaction.replace<Organization>(current, parseOrganization(next));
    await transaction.commit();
    if (next) changed.add(repository.context);
    return result;
  });
  return result;
}
