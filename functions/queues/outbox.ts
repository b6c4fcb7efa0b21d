import { app } from '@azure/functions';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { poisonOutboxRecord } from '../../shared/platform/outbox/outbox-attempts';
import { readOutboxMessage } from '../../shared/platform/outbox/outbox-functions';
import { outboxQueues } from '../../shared/platform/outbox/outbox-record';
import { poisonQueueName, queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// A message that failed maxDequeueCount times lands in its queue's poison twin: its record is
// marked poisoned so admins see it (GET /api/admin/outbox?state=poisoned).
for (const queue of new Set(Object.values(outboxQueues))) {
  app.storageQueue(`outbox-poisoned-${queue}`, {
    queueName: poisonQueueName(queueName(settings.QUEUE_PREFIX, queue)),
    connection: 'AzureWebJobsStorage',
    handler: async (message) => {
      const services = await getServices();
      const named = readOutboxMessage(message, services.logger, poisonQueueName(queue));
      if (!named) return;
      const context = { tenantId: named.tenantId, actor: { id: 'system:outbox', kind: 'system' as const } };
      const repository = new TenantRepository(services.containers.tenantData, context, services.clock);
      await poisonOutboxRecord(repository, services.clock, named.outboxId);
    },
  });
}
