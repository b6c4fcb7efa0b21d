import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { cosmosFiguresStore } from './cosmos-figures-store';
import { cosmosJournalStore } from './cosmos-journal-store';
import { cosmosChartStore, ledgerRepositories } from './cosmos-ledger-store';
import { cosmosPeriodStore } from './cosmos-period-store';
import type { JournalStore } from './journal-store';
import type { ChartStore } from './ledger-store';
import type { FiguresStore, PeriodStore } from './period-store';

/**
 * What a ledger service is given: its stores for a caller (every read and write within the
 * caller's facilities and divisions, attributed to them), the clock and ids. The services never
 * build a store themselves; the handlers (and the domains that call the ledger) build these
 * dependencies here. The storage underneath stays in the shape because the ledger hands it on to
 * the dimension lists it checks lines against.
 */
export interface LedgerDependencies extends DomainDependencies {
  readonly chartStoreFor: (context: TenantContext) => ChartStore;
  readonly journalStoreFor: (context: TenantContext) => JournalStore;
  /** What reports and checks read: balances, snapshots, running balances, entries in reach. */
  readonly figuresStoreFor: (context: TenantContext) => FiguresStore;
  /** Closing, reopening and locking months, with the figures. */
  readonly periodStoreFor: (context: TenantContext) => PeriodStore;
}

/** The ledger's dependencies over these; what else they carry (queues, a logger, field encryption) is kept. */
export function ledgerDependencies<D extends DomainDependencies>(domain: D): D & LedgerDependencies {
  const open = ledgerRepositories(domain);
  return {
    ...domain,
    chartStoreFor: (context) => cosmosChartStore(domain, context, open(context)),
    journalStoreFor: (context) => cosmosJournalStore(domain, context, open(context)),
    figuresStoreFor: (context) => cosmosFiguresStore(open(context)),
    periodStoreFor: (context) => cosmosPeriodStore(domain, context, open(context)),
  };
}
