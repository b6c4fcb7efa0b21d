import { app } from '@azure/functions';
import { checkOrganisation, integrityMessage } from '../../shared/integrity/integrity-monitor';
import { payablesDependencies } from '../../shared/payables/payables-dependencies';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// One organisation's nightly checks per message; a thrown error is retried by the queue.
app.storageQueue('integrity-check-organisation', {
  queueName: queueName(settings.QUEUE_PREFIX, 'integrity-checks'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const parsed = integrityMessage.safeParse(message);
    if (!parsed.success) {
      services.logger.error('integrity-check message refused', { issues: parsed.error.issues.length });
      return;
    }
    await checkOrganisation({ ...payablesDependencies(services), telemetry: services.telemetry }, parsed.data);
  },
});
