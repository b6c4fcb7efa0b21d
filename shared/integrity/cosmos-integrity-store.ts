import { accountType } from '../ledger/accounts';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord } from '../platform/audit/audit-log';
import { verifyAuditChain } from '../platform/audit/verify-chain';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { findOrganization } from '../platform/organization/organization-store';
import type { IntegrityResult, IntegrityStore } from './integrity-store';

export const integrityResultType = 'integrity-result';

/** The integrity store over Cosmos: the organisation's partition, as the system (nothing is narrowed). */
export function cosmosIntegrityStore(deps: DomainDependencies, context: TenantContext): IntegrityStore {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return {
    findOrganization: () => findOrganization(repository),
    hasAccounts: async () => (await repository.query(accountType, { maxItemCount: 1 })).items.length > 0,
    verifyAuditChain: () => verifyAuditChain(repository),
    listResults: () => repository.queryAll<IntegrityResult>(integrityResultType),
    async keepResult(result) {
      const id = `integrity-result-${result.check}`;
      const existing = await repository.find<IntegrityResult>(integrityResultType, id);
      if (existing) await repository.replace(existing, result);
      else await repository.create(integrityResultType, id, result);
    },
    async appendAudit(entry) {
      await appendAuditRecord(repository, context, entry, () => deps.clock.now());
    },
  };
}
