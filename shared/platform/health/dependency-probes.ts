import type { Container } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { QueueServiceClient } from '@azure/storage-queue';
import { allQueues, queueName } from '../queues/queue-names';
import { allBlobContainers } from '../storage/blob-containers';
import type { Probe } from './dependency-health';

export interface ProbedDependencies {
  readonly containers: { readonly tenantData: Container; readonly platform: Container };
  readonly queueService: QueueServiceClient;
  readonly blobService: BlobServiceClient;
  readonly settings: { readonly QUEUE_PREFIX: string };
}

/** One cheap read per resource the app needs: every container, queue and blob container exists and answers. */
export function dependencyProbes({
  containers,
  queueService,
  blobService,
  settings,
}: ProbedDependencies): Record<string, Probe> {
  return {
    cosmos: async () => {
      await Promise.all([containers.tenantData.read(), containers.platform.read()]);
    },
    queues: async () => {
      await Promise.all(
        allQueues.map((name) => queueService.getQueueClient(queueName(settings.QUEUE_PREFIX, name)).getProperties()),
      );
    },
    blobs: async () => {
      await Promise.all(allBlobContainers.map((name) => blobService.getContainerClient(name).getProperties()));
    },
  };
}
