import { resources, type Permissions } from '../platform/auth/principal';
import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, DocumentExistsError, NotFoundError } from '../platform/errors';
import type { Organization } from '../platform/organization/organization';
import type { Member } from '../identity/member';
import { scheduleCloses } from '../ledger/close-schedule';
import type { OnboardingDependencies } from './onboarding-dependencies';
import type { RegistryEntry } from './onboarding-store';
import type { NewOrganization, PlatformOrganizationView } from './schemas';

const administrator: Permissions = Object.fromEntries(resources.map((resource) => [resource, 'admin']));

export const tenantIdOfSlug = (slug: string) => `org-${slug}`;

/** The operator (or the seed) acting in an organisation's partition. */
export const inOrganization = (context: TenantContext, tenantId: string): TenantContext => ({ ...context, tenantId });

export const viewOf = (entry: Stored<RegistryEntry>): PlatformOrganizationView => ({
  id: entry.organization,
  slug: entry.slug,
  legalName: entry.legalName,
  status: entry.status,
  createdAt: entry.createdAt,
  suspendedAt: entry.suspendedAt,
});

/** An action on an organisation, in the platform's audit log (the organisation's own is staged by the caller). */
export function auditInPlatformLog(
  deps: Pick<OnboardingDependencies, 'registryFor'>,
  context: TenantContext,
  entry: AuditEntry,
) {
  return deps.registryFor(context).appendAudit(entry);
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
  deps: OnboardingDependencies,
  context: TenantContext,
  input: NewOrganization,
): Promise<PlatformOrganizationView> {
  const tenantId = tenantIdOfSlug(input.slug);
  if (await deps.platform.slugTaken(input.slug)) throw new ConflictError(`The slug ${input.slug} is already taken`);
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
  const created = { action: 'organization.created', target: { type: 'organization', id: tenantId } };
  const details = { slug: input.slug, legalName: input.legalName, firstAdmin: email };
  try {
    await deps
      .storeFor(inOrganization(context, tenantId))
      .openOrganization(organization, adminId, admin, { ...created, details });
  } catch (error) {
    if (error instanceof DocumentExistsError) throw new ConflictError(`The organisation ${tenantId} already exists`);
    throw error;
  }
  await deps.platform.claimSlug(input.slug, tenantId);
  const registry = deps.registryFor(context);
  const registered = await registry.register({
    organization: tenantId,
    slug: input.slug,
    legalName: input.legalName,
    status: 'active',
    suspendedAt: null,
  });
  await registry.appendAudit({ ...created, details });
  const today = deps.clock.now().toISOString().slice(0, 10);
  await scheduleCloses(deps.closeSchedule, tenantId, today);
  return viewOf(registered);
}

export async function listOrganizations(
  deps: Pick<OnboardingDependencies, 'registryFor'>,
  context: TenantContext,
): Promise<PlatformOrganizationView[]> {
  return (await deps.registryFor(context).listRegistered()).map(viewOf);
}

export async function registeredOrganization(
  deps: Pick<OnboardingDependencies, 'registryFor'>,
  context: TenantContext,
  tenantId: string,
) {
  const entry = await deps.registryFor(context).findRegistered(tenantId);
  if (!entry) throw new NotFoundError(`No organisation ${tenantId} on the platform's register`);
  return entry;
}

/**
 * Every organisation the platform holds, each once: those on the register (suspended ones too)
 * and any whose books were opened before the register existed (their close-schedule entry). Two
 * single-partition queries; what platform-wide work (nightly checks, a migration) fans out over.
 */
export async function everyOrganization(
  deps: Pick<OnboardingDependencies, 'registryFor' | 'closeSchedule'>,
  context: TenantContext,
): Promise<string[]> {
  const [registered, scheduled] = await Promise.all([
    listOrganizations(deps, context),
    deps.closeSchedule.listEntries(),
  ]);
  return [...new Set([...registered.map((o) => o.id), ...scheduled.map((entry) => entry.organization)])];
}
