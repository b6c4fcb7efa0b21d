import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { app } from '@azure/functions';
import { closeDueOrganization, closeMessage } from '../../shared/ledger/scheduled-close';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// One organisation's scheduled close per message; a thrown error is retried by the queue, and an
// organisation whose messages all failed is still due, so the next daily run sends it again.
app.storageQueue('ledger-period-close', {
  queueName: queueName(settings.QUEUE_PREFIX, 'period-closes'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const parsed = closeMessage.safeParse(message);
    if (!parsed.success) {
      services.logger.error('period-close message refused', { issues: parsed.error.issues.length });
      return;
    }
    await closeDueOrganization(
      { ...ledgerDependencies(domainDependencies(services)), logger: services.logger, queues: services.queues },
      parsed.data,
    );
  },
});
