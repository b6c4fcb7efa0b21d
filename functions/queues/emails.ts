import { app } from '@azure/functions';
import { deliverEmail, emailDeliveryDependencies } from '../../shared/platform/email/email-delivery';
import { readOutboxMessage } from '../../shared/platform/outbox/outbox-functions';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// Each message names an outbox email; a thrown error is retried by the queue (host.json maxDequeueCount).
app.storageQueue('email-send', {
  queueName: queueName(settings.QUEUE_PREFIX, 'emails'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const named = readOutboxMessage(message, services.logger, 'emails');
    if (named) await deliverEmail(emailDeliveryDependencies(services), named);
  },
});
