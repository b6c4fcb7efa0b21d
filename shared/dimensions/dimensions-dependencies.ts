import type { TenantContext } from '../platform/actor';
import type { Clock, IdGenerator } from '../platform/clock';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { cosmosDimensionStore } from './cosmos-dimension-store';
import type { MigrationStore } from './dimension-store';

/** What the lists' services are given: the organisation's lists (and what the migration reads) for a caller. */
export interface DimensionsDependencies {
  readonly storeFor: (context: TenantContext) => MigrationStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function dimensionsDependencies(deps: DomainDependencies): DimensionsDependencies {
  return { storeFor: (context) => cosmosDimensionStore(deps, context), clock: deps.clock, ids: deps.ids };
}
