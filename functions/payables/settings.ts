import { defineRoute } from '../../shared/platform/http/route';
import { payablesDependencies } from '../../shared/payables/payables-dependencies';
import {
  getPayablesSettings,
  payablesSettingsInput,
  payablesSettingsView,
  setPayablesSettings,
} from '../../shared/payables/payables-settings';

defineRoute({
  name: 'payables-settings-get',
  method: 'GET',
  route: 'payables/settings',
  access: { resource: 'payables', level: 'read' },
  response: payablesSettingsView,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await getPayablesSettings(payablesDependencies(services), tenant),
  }),
});

defineRoute({
  name: 'payables-settings-set',
  method: 'PUT',
  route: 'payables/settings',
  access: { resource: 'payables', level: 'admin' },
  body: payablesSettingsInput,
  response: payablesSettingsView,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setPayablesSettings(payablesDependencies(services), tenant, body),
  }),
});
