import { app } from '@azure/functions';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { handleStatementRunMessage, statementRunMessage } from '../../shared/receivables/statement-schedule';
import { settings } from '../app-setup';

// A due organisation's monthly run to start, or a run's statements to send; each send happens at
// most once per customer and run, so a retried or duplicated message sends only what is missing.
app.storageQueue('receivables-statement-runs', {
  queueName: queueName(settings.QUEUE_PREFIX, 'statement-runs'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const parsed = statementRunMessage.safeParse(message);
    if (!parsed.success) {
      services.logger.error('statement-run message refused', { issues: parsed.error.issues.length });
      return;
    }
    await handleStatementRunMessage(receivablesDependencies(services), parsed.data);
  },
});
