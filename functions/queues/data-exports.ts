import { app } from '@azure/functions';
import { documentDependencies } from '../../shared/platform/documents/document-record';
import { runDataExport } from '../../shared/platform/export/export-runner';
import { readOutboxMessage } from '../../shared/platform/outbox/outbox-functions';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// Each message runs one slice of an export; the slice hands over to a new message until done.
app.storageQueue('data-export-run', {
  queueName: queueName(settings.QUEUE_PREFIX, 'data-exports'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const named = readOutboxMessage(message, services.logger, 'data-exports');
    if (named) await runDataExport({ ...documentDependencies(services), queues: services.queues }, named);
  },
});
