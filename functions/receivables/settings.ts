import { defineRoute } from '../../shared/platform/http/route';
import { getReceivablesSettings, setReceivablesSettings } from '../../shared/receivables/receivables-settings';
import { receivablesSettingsInput, receivablesSettingsView } from '../../shared/receivables/schemas';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';

defineRoute({
  name: 'receivables-settings-get',
  method: 'GET',
  route: 'receivables/settings',
  access: { resource: 'receivables', level: 'read' },
  response: receivablesSettingsView,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await getReceivablesSettings(receivablesDependencies(services), tenant),
  }),
});

defineRoute({
  name: 'receivables-settings-update',
  method: 'PUT',
  route: 'receivables/settings',
  access: { resource: 'receivables', level: 'admin' },
  body: receivablesSettingsInput,
  response: receivablesSettingsView,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setReceivablesSettings(receivablesDependencies(services), tenant, body),
  }),
});
