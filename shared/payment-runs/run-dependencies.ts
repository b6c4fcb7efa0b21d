import type { DocumentDependencies } from '../platform/documents/document-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { PayablesForRuns } from './payables-port';

/**
 * What payment-run services are given: the one domain shape, payables as the run sees it, the
 * document store's blobs (the NACHA file) and the queues (the run's own steps, remittance emails).
 */
export interface RunDependencies extends DomainDependencies {
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
