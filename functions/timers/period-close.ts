import { app } from '@azure/functions';
import { runScheduledCloses } from '../../shared/ledger/scheduled-close';
import { getServices } from '../../shared/platform/services';

// Daily at 02:00 UTC; each organisation's close day decides whether its previous month closes.
app.timer('ledger-scheduled-close', {
  schedule: '0 0 2 * * *',
  handler: async () => {
    const services = await getServices();
    await runScheduledCloses({
      container: services.containers.tenantData,
      clock: services.clock,
      ids: services.ids,
      logger: services.logger,
    });
  },
});
