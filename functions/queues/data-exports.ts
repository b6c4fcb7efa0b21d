import { documentDependencies } from '../../shared/platform/documents/document-record';
import { runDataExport } from '../../shared/platform/export/export-runner';
import { outboxMessage } from '../../shared/platform/outbox/schemas';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// Each message runs one slice of an export; the slice hands over to a new message until done.
defineQueue({
  name: 'data-export-run',
  queueName: queueName(settings.QUEUE_PREFIX, 'data-exports'),
  message: { name: 'outbox', schema: outboxMessage },
  handler: (services, named) => runDataExport({ ...documentDependencies(services), queues: services.queues }, named),
});
