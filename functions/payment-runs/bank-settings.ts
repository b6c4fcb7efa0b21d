import { getCompanyBankSettings, setCompanyBankSettings } from '../../shared/payment-runs/bank-settings';
import {
  companyBankSettingsInput,
  companyBankSettingsState,
  companyBankSettingsView,
} from '../../shared/payment-runs/bank-settings-schemas';
import { withRunStores } from '../../shared/payment-runs/run-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'payment-runs-bank-settings-get',
  method: 'GET',
  route: 'payment-runs/bank-settings',
  access: { resource: 'banking', level: 'admin' },
  sensitive: true,
  response: companyBankSettingsState,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await getCompanyBankSettings(withRunStores(domainDependencies(services)), tenant),
  }),
});

defineRoute({
  name: 'payment-runs-bank-settings-set',
  method: 'PUT',
  route: 'payment-runs/bank-settings',
  access: { resource: 'banking', level: 'admin' },
  sensitive: true,
  body: companyBankSettingsInput,
  response: companyBankSettingsView,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setCompanyBankSettings(withRunStores(domainDependencies(services)), tenant, body),
  }),
});
