import { app } from '@azure/functions';
import { getServices } from '../../shared/platform/services';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { sendDueStatementRuns } from '../../shared/receivables/statement-schedule';

// Daily at 04:00 UTC: one queue message per organisation whose statement day has come (see statement-runs).
app.timer('receivables-statement-runs-due', {
  schedule: '0 0 4 * * *',
  handler: async () => {
    const services = await getServices();
    await sendDueStatementRuns({ ...receivablesDependencies(services), logger: services.logger });
  },
});
