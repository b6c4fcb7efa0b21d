import { requestPlatformMigration } from '../../shared/dimensions/platform-migration';
import { platformDimensionMigration } from '../../shared/dimensions/schemas';
import { onboardingDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'platform-dimensions-migrate',
  method: 'POST',
  route: 'platform/dimension-migrations',
  access: {
    platform: true,
    reason:
      "platform administration: turning every organisation's free-text facilities and divisions into list entries",
  },
  sensitive: true,
  response: { 202: platformDimensionMigration },
  handler: async ({ services, tenant }) => ({
    status: 202,
    body: await requestPlatformMigration(
      { ...onboardingDependencies(platformDependencies(services)), queues: services.queues },
      tenant,
    ),
  }),
});
