import { createOrganization, listOrganizations } from '../../shared/onboarding/organizations';
import { reactivateOrganization, suspendOrganization } from '../../shared/onboarding/suspension';
import {
  newOrganization,
  platformOrganizationList,
  platformOrganizationParams,
  platformOrganizationView,
  suspensionInput,
} from '../../shared/onboarding/schemas';
import { onboardingDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

const platform = {
  platform: true,
  reason: 'platform administration: taking organisations on, suspending and reactivating them',
} as const;

defineRoute({
  name: 'platform-organizations-list',
  method: 'GET',
  route: 'platform/organizations',
  access: platform,
  response: platformOrganizationList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: { items: await listOrganizations(onboardingDependencies(platformDependencies(services)), tenant) },
  }),
});

defineRoute({
  name: 'platform-organizations-create',
  method: 'POST',
  route: 'platform/organizations',
  access: platform,
  sensitive: true,
  body: newOrganization,
  response: { 201: platformOrganizationView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createOrganization(onboardingDependencies(platformDependencies(services)), tenant, body),
  }),
});

defineRoute({
  name: 'platform-organizations-suspend',
  method: 'POST',
  route: 'platform/organizations/{id}/suspend',
  access: platform,
  sensitive: true,
  params: platformOrganizationParams,
  body: suspensionInput,
  response: platformOrganizationView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await suspendOrganization(
      onboardingDependencies(platformDependencies(services)),
      tenant,
      params.id,
      body.reason,
    ),
  }),
});

defineRoute({
  name: 'platform-organizations-reactivate',
  method: 'POST',
  route: 'platform/organizations/{id}/reactivate',
  access: platform,
  sensitive: true,
  params: platformOrganizationParams,
  response: platformOrganizationView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await reactivateOrganization(onboardingDependencies(platformDependencies(services)), tenant, params.id),
  }),
});
