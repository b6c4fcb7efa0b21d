import type { CosmosClient, Database } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { allContainers } from '../shared/platform/data/containers';
import { allQueues, poisonQueueName, queueName } from '../shared/platform/queues/queue-names';
import { allBlobContainers } from '../shared/platform/storage/blob-containers';

/** Creates the database and every container the app uses; safe to run again. */
export async function provisionCosmos(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const definition of allContainers) {
    await database.containers.createIfNotExists({
      id: definition.name,
      partitionKey: { paths: [definition.partitionKeyPath] },
      ...(definition.defaultTtl ? { defaultTtl: definition.defaultTtl } : {}),
    });
  }
  return database;
}

/** Creates every queue (with its poison twin, under the app's `QUEUE_PREFIX`) and blob container; safe to run again. */
export async function provisionStorage(connectionString: string, queuePrefix = ''): Promise<void> {
  const queues = QueueServiceClient.fromConnectionString(connectionString);
  const names = allQueues.map((queue) => queueName(queuePrefix, queue));
  for (const name of names.flatMap((queue) => [queue, poisonQueueName(queue)])) {
    await queues.getQueueClient(name).createIfNotExists();
  }
  const blobs = BlobServiceClient.fromConnectionString(connectionString);
  for (const name of allBlobContainers) {
    await blobs.getContainerClient(name).createIfNotExists();
  }
}
