import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { handleStatementRunMessage, statementRunMessage } from '../../shared/receivables/statement-schedule';
import { settings } from '../app-setup';

// A due organisation's monthly run to start, or a run's statements to send; each send happens at
// most once per customer and run, so a retried or duplicated message sends only what is missing.
defineQueue({
  name: 'receivables-statement-runs',
  queueName: queueName(settings.QUEUE_PREFIX, 'statement-runs'),
  message: { name: 'statement-run', schema: statementRunMessage },
  handler: (services, message) => handleStatementRunMessage(receivablesDependencies(services), message),
});
