import { app } from '@azure/functions';
import { sendDueCloses } from '../../shared/ledger/scheduled-close';
import { getServices } from '../../shared/platform/services';

// Daily at 02:00 UTC: one queue message per organisation whose close is due (see period-closes).
app.timer('ledger-scheduled-close', {
  schedule: '0 0 2 * * *',
  handler: async () => {
    const services = await getServices();
    await sendDueCloses({
      container: services.containers.tenantData,
      clock: services.clock,
      queues: services.queues,
      logger: services.logger,
    });
  },
});
