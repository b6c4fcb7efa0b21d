import { app } from '@azure/functions';
import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import { migrateOrganization, migrationMessage } from '../../shared/dimensions/platform-migration';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

// One organisation's part of an operator's facility and division migration per message; a thrown
// error is retried by the queue, and the migration picks up where the failed delivery stopped.
app.storageQueue('dimension-migration-organisation', {
  queueName: queueName(settings.QUEUE_PREFIX, 'dimension-migrations'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const parsed = migrationMessage.safeParse(message);
    if (!parsed.success) {
      services.logger.error('dimension-migration message refused', { issues: parsed.error.issues.length });
      return;
    }
    const outcome = await migrateOrganization(
      { ...dimensionsDependencies(domainDependencies(services)), logger: services.logger, queues: services.queues },
      parsed.data,
    );
    services.logger.info('dimension migration', { tenantId: parsed.data.tenantId, outcome });
  },
});
