import { approveBankAccount, requestBankAccount } from '../../shared/payables/bank-account-changes';
import { listBankAccounts, purgeBankAccount } from '../../shared/payables/bank-account-purge';
import {
  bankAccountApproval,
  bankAccountList,
  bankAccountParams,
  bankAccountPurge,
  bankAccountView,
  newBankAccount,
} from '../../shared/payables/bank-account-schemas';
import { payablesDependencies } from '../../shared/payables/payables-dependencies';
import { vendorParams } from '../../shared/payables/vendor-schemas';
import { defineRoute } from '../../shared/platform/http/route';

// Banking: its own permission and the sensitive idle timeout (10 minutes), on every route.

defineRoute({
  name: 'payables-bank-accounts-list',
  method: 'GET',
  route: 'payables/vendors/{id}/bank-accounts',
  access: { resource: 'banking', level: 'read' },
  sensitive: true,
  params: vendorParams,
  response: bankAccountList,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await listBankAccounts(payablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payables-bank-accounts-request',
  method: 'POST',
  route: 'payables/vendors/{id}/bank-accounts',
  access: { resource: 'banking', level: 'edit' },
  sensitive: true,
  params: vendorParams,
  body: newBankAccount,
  response: { 201: bankAccountView },
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 201,
    body: await requestBankAccount(payablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'payables-bank-accounts-approve',
  method: 'POST',
  route: 'payables/vendors/{id}/bank-accounts/{accountId}/approve',
  access: { resource: 'banking', level: 'admin' },
  sensitive: true,
  params: bankAccountParams,
  body: bankAccountApproval,
  response: bankAccountView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await approveBankAccount(payablesDependencies(services), tenant, params.id, params.accountId, body),
  }),
});

defineRoute({
  name: 'payables-bank-accounts-purge',
  method: 'POST',
  route: 'payables/vendors/{id}/bank-accounts/{accountId}/purge',
  access: { resource: 'banking', level: 'admin' },
  sensitive: true,
  params: bankAccountParams,
  body: bankAccountPurge,
  response: bankAccountView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await purgeBankAccount(payablesDependencies(services), tenant, params.id, params.accountId, body.reason),
  }),
});
