import type { FiguresStore } from '../ledger/period-store';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord } from '../platform/audit/audit-log';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import {
  grantType,
  shareRequestType,
  shareType,
  type Grant,
  type Share,
  type ShareRequest,
} from './portfolio-documents';
import type { AcrossTenantsStore } from './portfolio-store';

/**
 * THE ONE PATH ACROSS A TENANT BOUNDARY (architecture guide, section 7). Only this module builds a
 * repository for an organisation other than the caller's (test/repo/portfolio-data-access.test.ts
 * fails otherwise), and only from the other organisation's id kept in a grant or a share;
 * across-tenants.ts decides what is done there (the grant checked before every balance read).
 */

/** Work in `tenantId`'s partition on behalf of a member of another organisation (named in its audit log). */
function otherPartition(deps: DomainDependencies, tenantId: string, caller: TenantContext): TenantRepository {
  const actor = {
    id: `portfolio:${caller.tenantId}:${caller.actor.id}`,
    kind: 'system' as const,
    ...(caller.actor.ip ? { ip: caller.actor.ip } : {}),
    ...(caller.actor.userAgent ? { userAgent: caller.actor.userAgent } : {}),
  };
  return new TenantRepository(deps.container, { tenantId, actor }, deps.clock);
}

export function cosmosAcrossTenantsStore(
  deps: DomainDependencies,
  figuresFor: (context: TenantContext) => FiguresStore,
): AcrossTenantsStore {
  return {
    requesterOf(grant, caller) {
      const repository = otherPartition(deps, grant.requesterTenantId, caller);
      return {
        findRequest: (id) => repository.find<ShareRequest>(shareRequestType, id),
        async findShareOf(grantId) {
          const [share] = await repository.queryAll<Share>(shareType, {
            where: 'c.grantId = @grantId',
            parameters: [{ name: '@grantId', value: grantId }],
          });
          return share;
        },
        async addShare(id, share, request, audit) {
          const transaction = repository.transaction().create(shareType, id, share);
          if (request) transaction.replace<ShareRequest>(request.current, request.next);
          await transaction.commitWithAudit(audit);
        },
        saveShare: (current, next, audit) =>
          repository.transaction().replace<Share>(current, next).commitWithAudit(audit),
      };
    },
    ownerOf(share, caller) {
      const repository = otherPartition(deps, share.ownerTenantId, caller);
      return {
        findGrant: (id) => repository.find<Grant>(grantType, id),
        saveGrant: (current, next, audit) =>
          repository.transaction().replace<Grant>(current, next).commitWithAudit(audit),
        figures: figuresFor(repository.context),
        appendAudit: (entry) => appendAuditRecord(repository, repository.context, entry, () => deps.clock.now()),
      };
    },
  };
}
