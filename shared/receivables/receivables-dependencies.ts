import type { TenantContext } from '../platform/actor';
import type { DocumentDependencies } from '../platform/documents/document-record';
import { domainDependencies, type DomainDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';
import { cosmosReceivablesStore } from './cosmos-receivables-store';
import { cosmosStatementSchedule } from './cosmos-statement-schedule-store';
import type { ReceivablesStore } from './receivables-store';
import type { StatementScheduleStore } from './statement-store';

/** The receivables stores: one caller's (every read and write within their facilities and divisions), and the schedule's. */
export interface ReceivablesStores {
  readonly storeFor: (context: TenantContext) => ReceivablesStore;
  readonly schedule: StatementScheduleStore;
}

/**
 * What receivables work is given: its stores, plus the blob store (invoice and statement PDFs)
 * and the queues (the emails' outbox work is dispatched after each commit). The storage
 * underneath stays in the shape for the dimension lists and the document store it hands it on to.
 */
export interface ReceivablesDependencies extends DomainDependencies, ReceivablesStores {
  readonly blobs: DocumentDependencies['blobs'];
  readonly queues: QueueSender;
  /**
   * Called at every step boundary of a statement run's processing with the boundary's name; a test
   * throws from it to kill the processing there (test/receivables/statement-run-crashes.test.ts).
   */
  readonly atBoundary?: (boundary: string) => void;
}

/** These dependencies with the receivables stores over their Cosmos container; what else they carry is kept. */
export function withReceivablesStores<D extends DomainDependencies>(deps: D): D & ReceivablesStores {
  return {
    ...deps,
    storeFor: (context) => cosmosReceivablesStore(deps, context),
    schedule: cosmosStatementSchedule(deps),
  };
}

export function receivablesDependencies(
  services: Pick<Services, 'containers' | 'clock' | 'ids' | 'blobService' | 'queues'>,
): ReceivablesDependencies {
  return withReceivablesStores({
    ...domainDependencies(services),
    blobs: services.blobService,
    queues: services.queues,
  });
}
