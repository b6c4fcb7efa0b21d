import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { closeDueOrganization, closeMessage } from '../../shared/ledger/scheduled-close';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// One organisation's scheduled close per message; a thrown error is retried by the queue, and an
// organisation whose messages all failed is still due, so the next daily run sends it again.
defineQueue({
  name: 'ledger-period-close',
  queueName: queueName(settings.QUEUE_PREFIX, 'period-closes'),
  message: { name: 'period-close', schema: closeMessage },
  handler: (services, message) =>
    closeDueOrganization(
      { ...ledgerDependencies(domainDependencies(services)), logger: services.logger, queues: services.queues },
      message,
    ),
});
