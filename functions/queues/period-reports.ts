import { storePeriodReports, type PeriodReportJob } from '../../shared/ledger/period-reports';
import { documentDependencies } from '../../shared/platform/documents/document-record';
import { runOutboxWork } from '../../shared/platform/outbox/outbox-work';
import { outboxMessage } from '../../shared/platform/outbox/schemas';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// A closed month's reports, staged by the close and dispatched by the outbox sweeper.
defineQueue({
  name: 'period-reports-store',
  queueName: queueName(settings.QUEUE_PREFIX, 'period-reports'),
  message: { name: 'outbox', schema: outboxMessage },
  handler: async (services, named) => {
    const deps = documentDependencies(services);
    await runOutboxWork<PeriodReportJob>(deps, named, 'period-reports', (job, context) =>
      storePeriodReports(deps, context, job),
    );
  },
});
