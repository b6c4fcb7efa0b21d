import { classifyItem } from '../../shared/items/classification';
import { classificationDependencies } from '../../shared/items/items-dependencies';
import { app } from '@azure/functions';
import { readOutboxMessage } from '../../shared/platform/outbox/outbox-functions';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

/** host.json's maxDequeueCount: on this delivery a retryable failure is final ("suggestion unavailable"). */
const lastDelivery = 5;

// Each message names outbox work asking for an item's tax-code suggestion; a thrown error is retried by the queue.
app.storageQueue('tax-classification', {
  queueName: queueName(settings.QUEUE_PREFIX, 'tax-classification'),
  connection: 'AzureWebJobsStorage',
  handler: async (message, context) => {
    const services = await getServices();
    const named = readOutboxMessage(message, services.logger, 'tax-classification');
    const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
    if (named) await classifyItem(classificationDependencies(services, lastDelivery), named, { dequeueCount });
  },
});
