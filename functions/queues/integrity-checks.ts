import { integrityDependencies } from '../../shared/integrity/integrity-dependencies';
import { checkOrganisation, integrityMessage } from '../../shared/integrity/integrity-monitor';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// One organisation's nightly checks per message; a thrown error is retried by the queue.
defineQueue({
  name: 'integrity-check-organisation',
  queueName: queueName(settings.QUEUE_PREFIX, 'integrity-checks'),
  message: { name: 'integrity-check', schema: integrityMessage },
  handler: (services, message) => checkOrganisation(integrityDependencies(services), message),
});
