import { deactivateOperator, listOperators, registerOperator } from '../../shared/onboarding/operators';
import { newOperator, operatorList, operatorParams, operatorView } from '../../shared/onboarding/operator-schemas';
import { onboardingDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

const operatorAdministration = {
  platform: true,
  permission: 'operators',
  reason: 'operator administration: who may look into organisations and administer the platform',
} as const;

defineRoute({
  name: 'platform-operators-list',
  method: 'GET',
  route: 'platform/operators',
  access: operatorAdministration,
  response: operatorList,
  handler: async ({ services }) => ({
    status: 200,
    body: { items: await listOperators(onboardingDependencies(platformDependencies(services))) },
  }),
});

defineRoute({
  name: 'platform-operators-register',
  method: 'POST',
  route: 'platform/operators',
  access: operatorAdministration,
  sensitive: true,
  body: newOperator,
  response: { 201: operatorView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await registerOperator(onboardingDependencies(platformDependencies(services)), tenant, body),
  }),
});

defineRoute({
  name: 'platform-operators-deactivate',
  method: 'POST',
  route: 'platform/operators/{id}/deactivate',
  access: operatorAdministration,
  sensitive: true,
  params: operatorParams,
  response: operatorView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await deactivateOperator(onboardingDependencies(platformDependencies(services)), tenant, params.id),
  }),
});
