import { resources, platformAdministrationTenant, type Permissions } from '../platform/auth/principal';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import type { AuditEntry } from '../platform/audit/audit-record';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { ConflictError, DocumentExistsError, NotFoundError } from '../platform/errors';
import { organizationType, type Organization } from '../platform/organization/organization';
import { memberEmailIndexId, memberType, type Member } from '../identity/member';
import { slugDocumentId } from '../identity/organization';
import { closeSchedule, scheduleCloses } from '../ledger/close-schedule';
import type { NewOrganization, PlatformOrganizationView } from './schemas';

/**
 * The platform's register of the organisations it took on, in the platform-administration
 * partition (one query lists them all, no cross-partition read): the organisation's own document
 * stays in its own partition and is the truth about its settings; this entry mirrors its status.
 */
export const registryType = 'platform-organization';
// `organization`, not `tenantId`: on a stored document that is the partition's (the platform's).
type RegistryEntry = Omit<PlatformOrganizationView, 'id' | 'createdAt'> & { readonly organization: string };

const administrator: Permissions = Object.fromEntries(resources.map((resource) => [resource, 'admin']));

export const tenantIdOfSlug = (slug: string) => `org-${slug}`;

/** The platform's own partition, as the operator acting. */
export const platformRegistry = (deps: PlatformDependencies, context: TenantContext) =>
  new TenantRepository(deps.container, { ...context, tenantId: platformAdministrationTenant }, deps.clock);

/** Writes in the organisation's partition as the operator (or the seed) acting. */
export const organizationRepository = (deps: PlatformDependencies, context: TenantContext, tenantId: string) =>
  new TenantRepository(deps.container, { ...context, tenantId }, deps.clock);

export const viewOf = (entry: RegistryEntry & { readonly createdAt: string }): PlatformOrganizationView => ({
  id: entry.organization,
  slug: entry.slug,
  legalName: entry.legalName,
  status: entry.status,
  createdAt: entry.createdAt,
  suspendedAt: entry.suspendedAt,
});

/** An action on an organisation, in the platform's audit log (the organisation's own is staged by the caller). */
export function auditInPlatformLog(deps: PlatformDependencies, context: TenantContext, entry: AuditEntry) {
  return appendAuditRecord(platformRegistry(deps, context), context, entry, () => deps.clock.now());
}

/**
 * Takes a new customer on: the organisation document (its books settings and sign-in policy), its
 * first admin as a member with every permission (pre-registered by email, so their first sign-in
 * through the redirect flow finds them and, with Entra, binds their object id), and the audit
 * record, in one batch in the organisation's partition; then the slug sign-in names it by, the
 * platform's register and audit log, and the close schedule (every organisation closes its
 * months by itself). A slug already taken is a conflict before anything is written.
 */
export async function createOrganization(
  deps: PlatformDependencies,
  context: TenantContext,
  input: NewOrganization,
): Promise<PlatformOrganizationView> {
  const tenantId = tenantIdOfSlug(input.slug);
  if (await deps.platform.find(slugDocumentId(input.slug)))
    throw new ConflictError(`The slug ${input.slug} is already taken`);
  const repository = organizationRepository(deps, context, tenantId);
  const organization: Organization = {
    slug: input.slug,
    name: input.legalName,
    baseCurrency: input.baseCurrency,
    fiscalYearStartMonth: input.fiscalYearStartMonth,
    booksStartMonth: input.booksStartMonth,
    signIn: {
      ...(input.signIn.entraTenantIds?.length ? { entra: { tenantIds: input.signIn.entraTenantIds } } : {}),
      ...(input.signIn.googleDomains?.length ? { google: { domains: input.signIn.googleDomains } } : {}),
    },
  };
  const email = input.firstAdminEmail.toLowerCase();
  const adminId = `member-${deps.ids.newId()}`;
  const displayName = input.firstAdminName ?? email;
  const admin: Member = { email, displayName, status: 'active', permissions: administrator };
  const transaction = repository
    .transaction()
    .create(organizationType, tenantId, organization)
    .create(memberType, adminId, admin)
    .create('member-email', memberEmailIndexId(email), { memberId: adminId });
  const created = { action: 'organization.created', target: { type: 'organization', id: tenantId } };
  const details = { slug: input.slug, legalName: input.legalName, firstAdmin: email };
  await stageAuditRecord(repository, transaction, context, { ...created, details }, deps.clock.now());
  try {
    await transaction.commit();
  } catch (error) {
    if (error instanceof DocumentExistsError) throw new ConflictError(`The organisation ${tenantId} already exists`);
    throw error;
  }
  await deps.platform.create('organization-slug', slugDocumentId(input.slug), { tenantId });
  const entry: RegistryEntry = {
    organization: tenantId,
    slug: input.slug,
    legalName: input.legalName,
    status: 'active',
    suspendedAt: null,
  };
  const registered = await platformRegistry(deps, context).create(registryType, tenantId, entry);
  await auditInPlatformLog(deps, context, { ...created, details });
  const today = deps.clock.now().toISOString().slice(0, 10);
  await scheduleCloses(closeSchedule(deps), tenantId, today);
  return viewOf(registered);
}

export async function listOrganizations(
  deps: PlatformDependencies,
  context: TenantContext,
): Promise<PlatformOrganizationView[]> {
  const entries = await platformRegistry(deps, context).queryAll<RegistryEntry>(registryType, { orderBy: 'c.slug' });
  return entries.map(viewOf);
}

export async function registeredOrganization(deps: PlatformDependencies, context: TenantContext, tenantId: string) {
  const entry = await platformRegistry(deps, context).find<RegistryEntry>(registryType, tenantId);
  if (!entry) throw new NotFoundError(`No organisation ${tenantId} on the platform's register`);
  return entry;
}

/**
 * Every organisation the platform holds, each once: those on the register (suspended ones too)
 * and any whose books were opened before the register existed (their close-schedule entry). Two
 * single-partition queries; what platform-wide work (nightly checks, a migration) fans out over.
 */
export async function everyOrganization(deps: PlatformDependencies, context: TenantContext): Promise<string[]> {
  const [registered, scheduled] = await Promise.all([
    listOrganizations(deps, context),
    closeSchedule(deps).listEntries(),
  ]);
  return [...new Set([...registered.map((o) => o.id), ...scheduled.map((entry) => entry.organization)])];
}
