import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import { migrateOrganization, migrationMessage } from '../../shared/dimensions/platform-migration';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

// One organisation's part of an operator's facility and division migration per message; a thrown
// error is retried by the queue, and the migration picks up where the failed delivery stopped.
defineQueue({
  name: 'dimension-migration-organisation',
  queueName: queueName(settings.QUEUE_PREFIX, 'dimension-migrations'),
  message: { name: 'dimension-migration', schema: migrationMessage },
  handler: async (services, message) => {
    const outcome = await migrateOrganization(
      { ...dimensionsDependencies(domainDependencies(services)), logger: services.logger, queues: services.queues },
      message,
    );
    services.logger.info('dimension migration', { tenantId: message.tenantId, outcome });
  },
});
