import { app } from '@azure/functions';
import { sweepOutbox } from '../../shared/platform/outbox/outbox-sweep';
import { getServices } from '../../shared/platform/services';

// Every minute: outbox work whose queue message was never sent, was lost, or whose attempt died.
app.timer('outbox-sweep', {
  schedule: '0 * * * * *',
  handler: async () => {
    const services = await getServices();
    await sweepOutbox({
      container: services.containers.tenantData,
      clock: services.clock,
      queues: services.queues,
      logger: services.logger,
    });
  },
});
