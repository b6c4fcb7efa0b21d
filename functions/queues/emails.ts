import { deliverEmail, emailDeliveryDependencies } from '../../shared/platform/email/email-delivery';
import { outboxMessage } from '../../shared/platform/outbox/schemas';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// Each message names an outbox email; a thrown error is retried by the queue (host.json maxDequeueCount).
defineQueue({
  name: 'email-send',
  queueName: queueName(settings.QUEUE_PREFIX, 'emails'),
  message: { name: 'outbox', schema: outboxMessage },
  handler: (services, named) => deliverEmail(emailDeliveryDependencies(services), named),
});
