import { ledgerDependencies, type LedgerDependencies } from '../ledger/ledger-dependencies';
import type { TenantContext } from '../platform/actor';
import type { Clock, IdGenerator } from '../platform/clock';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { cosmosAcrossTenantsStore } from './cosmos-across-tenants-store';
import { cosmosPortfolioStore, cosmosShareCodeStore } from './cosmos-portfolio-store';
import type { AcrossTenantsStore, PortfolioStore, ShareCodeStore } from './portfolio-store';

/**
 * What a portfolio service is given: its store for the caller's own partition (ForbiddenError for
 * a member restricted to some facilities or divisions), the platform's share codes, the one path
 * into another organisation's partition, and the ledger the consolidation reads the caller's own
 * books through. Built here only, once per request.
 */
export interface PortfolioDependencies {
  readonly storeFor: (context: TenantContext) => PortfolioStore;
  readonly codes: ShareCodeStore;
  readonly acrossTenants: AcrossTenantsStore;
  readonly ledger: LedgerDependencies;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function portfolioDependencies(deps: PlatformDependencies): PortfolioDependencies {
  const ledger = ledgerDependencies(deps);
  return {
    storeFor: (context) => cosmosPortfolioStore(deps, context),
    codes: cosmosShareCodeStore(deps.platform),
    acrossTenants: cosmosAcrossTenantsStore(deps, ledger.figuresStoreFor),
    ledger,
    clock: deps.clock,
    ids: deps.ids,
  };
}
