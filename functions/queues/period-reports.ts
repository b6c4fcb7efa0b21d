import { app } from '@azure/functions';
import { storePeriodReports, type PeriodReportJob } from '../../shared/ledger/period-reports';
import { documentDependencies } from '../../shared/platform/documents/document-record';
import { readOutboxMessage } from '../../shared/platform/outbox/outbox-functions';
import { runOutboxWork } from '../../shared/platform/outbox/outbox-work';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// A closed month's reports, staged by the close and dispatched by the outbox sweeper.
app.storageQueue('period-reports-store', {
  queueName: queueName(settings.QUEUE_PREFIX, 'period-reports'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const named = readOutboxMessage(message, services.logger, 'period-reports');
    const deps = documentDependencies(services);
    if (named)
      await runOutboxWork<PeriodReportJob>(deps, named, 'period-reports', (job, context) =>
        storePeriodReports(deps, context, job),
      );
  },
});
