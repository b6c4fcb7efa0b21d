import { classifyItem } from '../../shared/items/classification';
import { classificationDependencies } from '../../shared/items/items-dependencies';
import { outboxMessage } from '../../shared/platform/outbox/schemas';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

/** host.json's maxDequeueCount: on this delivery a retryable failure is final ("suggestion unavailable"). */
const lastDelivery = 5;

// Each message names outbox work asking for an item's tax-code suggestion; a thrown error is retried by the queue.
defineQueue({
  name: 'tax-classification',
  queueName: queueName(settings.QUEUE_PREFIX, 'tax-classification'),
  message: { name: 'outbox', schema: outboxMessage },
  handler: (services, named, invocation) => {
    const dequeueCount = Number(invocation.triggerMetadata?.dequeueCount ?? 1);
    return classifyItem(classificationDependencies(services, lastDelivery), named, { dequeueCount });
  },
});
