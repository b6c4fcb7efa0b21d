import { ledgerDependencies, type LedgerDependencies } from '../ledger/ledger-dependencies';
import { payablesDependencies, type PayablesDependencies } from '../payables/payables-dependencies';
import type { TenantContext } from '../platform/actor';
import type { DocumentDependencies } from '../platform/documents/document-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';
import { cosmosRunStore } from './cosmos-run-store';
import { payablesForRuns } from './payables-adapter';
import type { PayablesForRuns } from './payables-port';
import type { RunStore } from './run-store';

/**
 * The run's store for a caller (ForbiddenError for a member restricted to some facilities or
 * divisions), and the ledger whose chart the bank settings name accounts of. The storage stays in
 * the shape for the document store, which keeps the NACHA file.
 */
export interface RunStores extends DomainDependencies {
  readonly storeFor: (context: TenantContext) => RunStore;
  readonly ledger: LedgerDependencies;
}

/**
 * What payment-run services are given: the stores, payables as the run sees it, the document
 * store's blobs (the NACHA file) and the queues (the run's own steps, remittance emails).
 */
export interface RunDependencies extends RunStores {
  readonly payables: PayablesForRuns;
  readonly blobs: DocumentDependencies['blobs'];
  readonly queues: QueueSender;
  /**
   * Called at every step boundary of execution with the boundary's name; a test throws from it to
   * kill the processing there. Absent in the app.
   */
  readonly atBoundary?: (boundary: string) => void;
}

/** The message that drives a run's execution: the tenant is one the app itself wrote. */
export interface RunMessage {
  readonly tenantId: string;
  readonly runId: string;
}

/** The run's stores over these dependencies. */
export function withRunStores(domain: DomainDependencies): RunStores {
  const { container, clock, ids } = domain;
  return {
    container,
    clock,
    ids,
    storeFor: (context) => cosmosRunStore(domain, context),
    ledger: ledgerDependencies({ container, clock, ids }),
  };
}

/** The app's payment-run dependencies, built once per request or queue message. */
export function runDependencies(services: Services): RunDependencies {
  return runDependenciesOver(payablesDependencies(services), { blobs: services.blobService, queues: services.queues });
}

/** The same from payables' dependencies: what suites and benches build over the emulators. */
export function runDependenciesOver(
  payables: PayablesDependencies,
  outside: Pick<RunDependencies, 'blobs' | 'queues'>,
): RunDependencies {
  return { ...withRunStores(payables), ...outside, payables: payablesForRuns(payables) };
}
