import { changeOrganizationSettings, organizationSettings } from '../../shared/onboarding/organization-settings';
import { settingsChanges, settingsView } from '../../shared/onboarding/schemas';
import { settingsDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'settings-organization',
  method: 'GET',
  route: 'settings/organization',
  access: { resource: 'settings', level: 'read' },
  response: settingsView,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await organizationSettings(settingsDependencies(domainDependencies(services)), tenant),
  }),
});

defineRoute({
  name: 'settings-organization-change',
  method: 'PATCH',
  route: 'settings/organization',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: settingsChanges,
  response: settingsView,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await changeOrganizationSettings(settingsDependencies(domainDependencies(services)), tenant, body),
  }),
});
