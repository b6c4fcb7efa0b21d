import { app } from '@azure/functions';
import { sendIntegrityChecks } from '../../shared/integrity/integrity-monitor';
import { getServices } from '../../shared/platform/services';

// Nightly at 01:30 UTC: one queue message per organisation (see integrity-checks).
app.timer('integrity-checks-nightly', {
  schedule: '0 30 1 * * *',
  handler: async () => {
    const services = await getServices();
    await sendIntegrityChecks({
      container: services.containers.tenantData,
      clock: services.clock,
      queues: services.queues,
      logger: services.logger,
    });
  },
});
