import { accountType, type Account } from '../ledger/accounts';
import { isRestricted } from '../ledger/ledger-reach';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord } from '../platform/audit/audit-log';
import type { PlatformRepository } from '../platform/data/platform-repository';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ForbiddenError } from '../platform/errors';
import { requireOrganization } from '../platform/organization/organization-store';
import {
  consolidationSetupType,
  grantType,
  shareCodeType,
  shareRequestType,
  shareType,
  type Grant,
  type Share,
  type ShareCode,
  type ShareRequest,
} from './portfolio-documents';
import type { PortfolioStore, ShareCodeStore } from './portfolio-store';
import type { ConsolidationSetup } from './schemas';

/**
 * The portfolio's store over the caller's own partition. The portfolio speaks for the whole
 * organisation (its whole chart goes out, whole charts come in), so a member restricted to some
 * facilities or divisions may neither share nor see shares: refused here, before anything is read.
 */
export function cosmosPortfolioStore(deps: DomainDependencies, context: TenantContext): PortfolioStore {
  if (isRestricted(context.restrictions))
    throw new ForbiddenError(
      'The portfolio acts for the whole organisation: not for a member restricted to some facilities or divisions',
    );
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return {
    readOrganization: () => requireOrganization(repository),
    async chartAccounts() {
      const accounts = await repository.queryAll<Account>(accountType, { orderBy: 'c.code ASC' });
      return accounts
        .filter((account) => !account.deleted)
        .map((account) => ({ code: account.code, name: account.name, type: account.accountType }));
    },
    appendAudit: (entry) => appendAuditRecord(repository, context, entry, () => deps.clock.now()),
    async addShareRequest(id, request, audit) {
      await repository.transaction().create<ShareRequest>(shareRequestType, id, request).commitWithAudit(audit);
    },
    findGrant: (id) => repository.find<Grant>(grantType, id),
    listGrants: (filter) =>
      repository.queryAll<Grant>(
        grantType,
        filter
          ? {
              where: "c.requesterTenantId = @requester AND c.status = 'active'",
              parameters: [{ name: '@requester', value: filter.activeTo }],
            }
          : { orderBy: 'c.grantedAt DESC' },
      ),
    async addGrant(id, grant, audit) {
      await repository.transaction().create<Grant>(grantType, id, grant).commitWithAudit(audit);
      return repository.get<Grant>(grantType, id);
    },
    async saveGrant(current, next, audit) {
      await repository.transaction().replace<Grant>(current, next).commitWithAudit(audit);
      return repository.get<Grant>(grantType, current.id);
    },
    findShare: (id) => repository.find<Share>(shareType, id),
    listShares: (filter) =>
      repository.queryAll<Share>(
        shareType,
        filter === 'active'
          ? { where: "c.status = 'active'", orderBy: 'c.grantedAt ASC' }
          : { orderBy: 'c.grantedAt DESC' },
      ),
    async saveShare(current, next, audit) {
      await repository.transaction().replace<Share>(current, next).commitWithAudit(audit);
      return repository.get<Share>(shareType, current.id);
    },
    findConsolidationSetup: (id) => repository.find<ConsolidationSetup>(consolidationSetupType, id),
    async saveConsolidationSetup(id, current, next, audit) {
      const transaction = repository.transaction();
      if (current) transaction.replace(current, next);
      else transaction.create(consolidationSetupType, id, next);
      await transaction.commitWithAudit(audit);
    },
  };
}

/** Share code indexes and attempt counters in the platform container. */
export function cosmosShareCodeStore(platform: PlatformRepository): ShareCodeStore {
  return {
    findCode: (id) => platform.find<ShareCode>(id),
    addCode: (id, code, ttlSeconds) => platform.create(shareCodeType, id, code, { ttlSeconds }),
    useCode: (current, usedAt) => platform.replace<ShareCode>(current, { ...current, usedAt }),
    countAttempt: (id, windowSeconds) => platform.countInWindow('portfolio-code-attempts', id, windowSeconds),
  };
}
