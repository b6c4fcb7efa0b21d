import type { TenantContext } from '../platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import { platformAdministrationTenant } from '../platform/auth/principal';
import type { PlatformRepository } from '../platform/data/platform-repository';
import { TenantRepository, type TenantTransaction } from '../platform/data/tenant-repository';
import { documentType, type DocumentRecord } from '../platform/documents/document-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { organizationType, type Organization } from '../platform/organization/organization';
import { changeOrganization, requireOrganization } from '../platform/organization/organization-store';
import { memberEmailIndexId, memberType } from '../identity/member';
import { slugDocumentId } from '../identity/organization';
import { sessionType, stageRevocations, type Session } from '../identity/sessions';
import { counterId, counterType, type EntryCounter } from '../ledger/entry-numbers';
import type {
  Operator,
  OrganizationStore,
  PlatformOnboardingStore,
  RegistryEntry,
  RegistryStore,
  Roster,
} from './onboarding-store';

export const registryType = 'platform-organization';
const rosterId = 'platform-operator-roster';
const operatorPrefix = 'operator-';

/** The register and the platform's log in the platform-administration partition, written as `context`'s actor. */
export function cosmosRegistryStore(deps: DomainDependencies, context: TenantContext): RegistryStore {
  const repository = new TenantRepository(
    deps.container,
    { ...context, tenantId: platformAdministrationTenant },
    deps.clock,
  );
  return {
    listRegistered: () => repository.queryAll<RegistryEntry>(registryType, { orderBy: 'c.slug' }),
    findRegistered: (tenantId) => repository.find<RegistryEntry>(registryType, tenantId),
    register: (entry) => repository.create(registryType, entry.organization, entry),
    replaceRegistered: (current, next) => repository.replace(current, next),
    appendAudit: (entry) => appendAuditRecord(repository, context, entry, () => deps.clock.now()),
  };
}

/**
 * Whether anything is numbered yet, with the entry counter staged into the batch (BooksGuard).
 * The posting lane reads the books settings after the counter while it is at 0 (ledger/books.ts,
 * `FixedBooks`), so either the post sees the change or the change sees the post.
 */
async function stageNothingPosted(repository: TenantRepository, transaction: TenantTransaction): Promise<boolean> {
  const counter = await repository.find<EntryCounter>(counterType, counterId);
  if ((counter?.last ?? 0) > 0) return false;
  if (counter) transaction.replace<EntryCounter>(counter, { last: counter.last });
  else transaction.create<EntryCounter>(counterType, counterId, { last: 0 });
  return true;
}

/** One organisation's partition (`context.tenantId`), every write attributed to `context`'s actor. */
export function cosmosOrganizationStore(deps: DomainDependencies, context: TenantContext): OrganizationStore {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return {
    async openOrganization(organization, adminId, admin, audit) {
      const transaction = repository
        .transaction()
        .create<Organization>(organizationType, repository.tenantId, organization)
        .create(memberType, adminId, admin)
        .create('member-email', memberEmailIndexId(admin.email), { memberId: adminId });
      await transaction.commitWithAudit(audit);
    },
    readOrganization: () => requireOrganization(repository),
    async isLogo(documentId) {
      return (await repository.find<DocumentRecord>(documentType, documentId))?.kind === 'logo';
    },
    changeOrganization: (decide) =>
      changeOrganization(repository, async (organization, transaction) => {
        const books = { nothingPosted: () => stageNothingPosted(repository, transaction) };
        const { next, audit, result } = await decide(organization, books);
        if (audit) await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
        return { next, result };
      }),
    async endLiveSessions({ now, reason, by, memberId }, limit) {
      const where = ['NOT IS_DEFINED(c.revokedAt)', ...(memberId ? ['c.memberId = @memberId'] : [])].join(' AND ');
      const parameters = memberId ? [{ name: '@memberId', value: memberId }] : [];
      const sessions = await repository.queryAll<Session>(sessionType, { where, parameters });
      const transaction = repository.transaction();
      const live = stageRevocations(transaction, sessions, { now, reason, by, limit });
      await transaction.commit();
      return live;
    },
  };
}

/** Slugs, operators and the roster in the platform container, each keyed by its own id. */
export function cosmosPlatformOnboardingStore(platform: PlatformRepository): PlatformOnboardingStore {
  return {
    slugTaken: async (slug) => (await platform.find(slugDocumentId(slug))) !== undefined,
    claimSlug: (slug, tenantId) => platform.create('organization-slug', slugDocumentId(slug), { tenantId }),
    listOperators: () => platform.listByIdPrefix<Operator>(operatorPrefix),
    findOperator: (id) => platform.find<Operator>(id),
    createOperator: (id, operator) => platform.create<Operator>('platform-operator', id, operator),
    changeOperator: (current, changes) => platform.replace<Partial<Operator>>(current, changes),
    findRoster: () => platform.find<Roster>(rosterId),
    createRoster: (roster) => platform.create<Roster>('platform-operator-roster', rosterId, roster),
    replaceRoster: (current, next) => platform.replace<Roster>(current, next),
  };
}
