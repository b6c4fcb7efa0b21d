import { readBooks } from '../ledger/cosmos-books-store';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { changeOrganization, requireOrganization } from '../platform/organization/organization-store';
import { billType } from './bill';
import { cosmosBillStore } from './cosmos-bill-store';
import { PayablesRepository } from './cosmos-payables-repository';
import { cosmosVendorStore } from './cosmos-vendor-store';
import type { AccountSummary, PayablesStore } from './payables-store';
import { payablesSettingsOf, type PayablesSettingsView } from './payables-settings';

/** The settings from the organisation document a repository reads (the request's copy for a member). */
export async function readPayablesSettings(repository: TenantRepository): Promise<PayablesSettingsView> {
  return payablesSettingsOf(await requireOrganization(repository));
}

/** Payables' store for one caller: one PayablesRepository (their facility and division reach) under all of it. */
export function cosmosPayablesStore(deps: DomainDependencies, context: TenantContext): PayablesStore {
  const repository = PayablesRepository.open(deps, context);
  return {
    ...cosmosVendorStore(deps, context, repository),
    ...cosmosBillStore(deps, context, repository),
    readSettings: () => readPayablesSettings(repository),
    async changeSettings(decide) {
      await changeOrganization(repository, async (organization, transaction) => {
        const { next, audit } = await decide(organization.payables);
        await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
        return { next: { ...organization, payables: next }, result: undefined };
      });
    },
    requireWholeOrganisation: (action) => repository.requireWholeOrganisation(action),
    findAccount: (id) => repository.find<AccountSummary>('account', id),
    async hasPostedBills() {
      const posted = await repository.query(billType, { where: "c.status IN ('posted', 'void')", maxItemCount: 1 });
      return posted.items.length > 0;
    },
    readBooks: () => readBooks(repository),
    documentKind: async (id) => (await repository.find<{ kind: string }>('document', id))?.kind,
    organisationName: async () => (await requireOrganization(repository)).name,
  };
}
