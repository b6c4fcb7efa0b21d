import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import { domainDependencies, type DomainDependencies } from '../platform/domain-dependencies';
import type { Services } from '../platform/services';
import type { Logger } from '../platform/telemetry/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import { ledgerDependencies } from '../ledger/ledger-dependencies';
import type { FiguresStore } from '../ledger/period-store';
import { withPayablesStore, type PayablesStores } from '../payables/payables-dependencies';
import { withReceivablesStores, type ReceivablesStores } from '../receivables/receivables-dependencies';
import { cosmosIntegrityStore } from './cosmos-integrity-store';
import type { IntegrityStore } from './integrity-store';

/**
 * What the integrity monitor is given: its own store, the ledger's figures, and payables' and
 * receivables' stores (each subledger is read through its own domain's service, as its users see
 * it). The domains' stores stay in fields of their own: both are called `storeFor`.
 */
export interface IntegrityDependencies {
  readonly storeFor: (context: TenantContext) => IntegrityStore;
  readonly figuresFor: (context: TenantContext) => FiguresStore;
  readonly payables: Pick<PayablesStores, 'storeFor'>;
  readonly receivables: Pick<ReceivablesStores, 'storeFor'>;
  readonly clock: Clock;
  readonly telemetry: Telemetry;
  readonly logger: Logger;
}

export function withIntegrityStores(
  domain: DomainDependencies & { readonly telemetry: Telemetry; readonly logger: Logger },
): IntegrityDependencies {
  return {
    storeFor: (context) => cosmosIntegrityStore(domain, context),
    figuresFor: ledgerDependencies(domain).figuresStoreFor,
    payables: withPayablesStore(domain),
    receivables: withReceivablesStores(domain),
    clock: domain.clock,
    telemetry: domain.telemetry,
    logger: domain.logger,
  };
}

export function integrityDependencies(services: Services): IntegrityDependencies {
  return withIntegrityStores({
    ...domainDependencies(services),
    telemetry: services.telemetry,
    logger: services.logger,
  });
}
