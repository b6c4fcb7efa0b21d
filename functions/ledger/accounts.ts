import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { createAccount, deleteAccount, getAccount, listAccounts, updateAccount } from '../../shared/ledger/accounts';
import {
  accountChanges,
  accountList,
  accountListQuery,
  accountParams,
  accountView,
  newAccount,
} from '../../shared/ledger/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'ledger-accounts-list',
  method: 'GET',
  route: 'ledger/accounts',
  access: { resource: 'ledger', level: 'read' },
  query: accountListQuery,
  response: accountList,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: { items: await listAccounts(ledgerDependencies(domainDependencies(services)), tenant, query) },
  }),
});

defineRoute({
  name: 'ledger-accounts-create',
  method: 'POST',
  route: 'ledger/accounts',
  access: { resource: 'ledger', level: 'edit' },
  body: newAccount,
  response: { 201: accountView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createAccount(ledgerDependencies(domainDependencies(services)), tenant, body),
  }),
});

defineRoute({
  name: 'ledger-accounts-get',
  method: 'GET',
  route: 'ledger/accounts/{id}',
  access: { resource: 'ledger', level: 'read' },
  params: accountParams,
  response: accountView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getAccount(ledgerDependencies(domainDependencies(services)), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-accounts-update',
  method: 'PATCH',
  route: 'ledger/accounts/{id}',
  access: { resource: 'ledger', level: 'edit' },
  params: accountParams,
  body: accountChanges,
  response: accountView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateAccount(ledgerDependencies(domainDependencies(services)), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'ledger-accounts-delete',
  method: 'DELETE',
  route: 'ledger/accounts/{id}',
  access: { resource: 'ledger', level: 'admin' },
  params: accountParams,
  response: { 204: null },
  handler: async ({ services, tenant }, { params }) => {
    await deleteAccount(ledgerDependencies(domainDependencies(services)), tenant, params.id);
    return { status: 204 };
  },
});
