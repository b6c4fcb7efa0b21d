import { randomUUID } from 'node:crypto';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { inject } from 'vitest';
import { poisonQueueName } from '../../shared/platform/queues/queue-names';

export function storageConnectionString(): string {
  return inject('storageConnectionString');
}

/** A uniquely named queue and its poison twin on the run's shared Azurite. */
export async function createTestQueue(prefix = 'test'): Promise<QueueClient> {
  const service = QueueServiceClient.fromConnectionString(storageConnectionString());
  const name = `${prefix}-${randomUUID().slice(0, 8)}`.toLowerCase();
  const queue = service.getQueueClient(name);
  await queue.create();
  await service.getQueueClient(poisonQueueName(name)).create();
  return queue;
}
