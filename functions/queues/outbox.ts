import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { poisonOutboxRecord } from '../../shared/platform/outbox/outbox-attempts';
import { outboxQueues } from '../../shared/platform/outbox/outbox-record';
import { outboxMessage } from '../../shared/platform/outbox/schemas';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { poisonQueueName, queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// A message that failed maxDequeueCount times lands in its queue's poison twin: its record is
// marked poisoned so admins see it (GET /api/admin/outbox?state=poisoned).
for (const queue of new Set(Object.values(outboxQueues))) {
  defineQueue({
    name: `outbox-poisoned-${queue}`,
    queueName: poisonQueueName(queueName(settings.QUEUE_PREFIX, queue)),
    message: { name: 'outbox', schema: outboxMessage },
    handler: async (services, named) => {
      const context = { tenantId: named.tenantId, actor: { id: 'system:outbox', kind: 'system' as const } };
      const repository = new TenantRepository(services.containers.tenantData, context, services.clock);
      await poisonOutboxRecord(repository, services.clock, named.outboxId);
    },
  });
}
