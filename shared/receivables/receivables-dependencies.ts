import type { DocumentDependencies } from '../platform/documents/document-record';
import { domainDependencies, type DomainDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';

/**
 * What receivables work is given: the one dependency shape, plus the blob store (invoice and
 * statement PDFs) and the queues (the emails' outbox work is dispatched after each commit).
 */
export interface ReceivablesDependencies extends DomainDependencies {
  readonly blobs: DocumentDependencies['blobs'];
  readonly queues: QueueSender;
  /**
   * Called at every step boundary of a statement run's processing with the boundary's name; a test
   * throws from it to kill the processing there (test/receivables/statement-run-crashes.test.ts).
   */
  readonly atBoundary?: (boundary: string) => void;
}

export function receivablesDependencies(
  services: Pick<Services, 'containers' | 'clock' | 'ids' | 'blobService' | 'queues'>,
): ReceivablesDependencies {
  return { ...domainDependencies(services), blobs: services.blobService, queues: services.queues };
}
