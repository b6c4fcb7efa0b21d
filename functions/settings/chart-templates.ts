import { accountList } from '../../shared/ledger/schemas';
import { listChartTemplates, loadChartTemplate } from '../../shared/onboarding/chart-setup';
import { chartTemplateList, chartTemplateLoad } from '../../shared/onboarding/schemas';
import { settingsDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'settings-chart-templates',
  method: 'GET',
  route: 'settings/chart-templates',
  access: { resource: 'ledger', level: 'read' },
  response: chartTemplateList,
  handler: () => Promise.resolve({ status: 200, body: { items: listChartTemplates() } }),
});

defineRoute({
  name: 'ledger-accounts-load-template',
  method: 'POST',
  route: 'ledger/accounts/from-template',
  access: { resource: 'ledger', level: 'admin' },
  body: chartTemplateLoad,
  response: { 201: accountList },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: { items: await loadChartTemplate(settingsDependencies(domainDependencies(services)), tenant, body.template) },
  }),
});
