import { app } from '@azure/functions';
import { sendIntegrityChecks } from '../../shared/integrity/integrity-monitor';
import { onboardingDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { getServices } from '../../shared/platform/services';

// Nightly at 01:30 UTC: one queue message per organisation on the platform's register (see integrity-checks).
app.timer('integrity-checks-nightly', {
  schedule: '0 30 1 * * *',
  handler: async () => {
    const services = await getServices();
    await sendIntegrityChecks({
      ...onboardingDependencies(platformDependencies(services)),
      queues: services.queues,
      logger: services.logger,
    });
  },
});
