import { defineRoute } from '../../shared/platform/http/route';
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from '../../shared/receivables/customers';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import {
  customerChanges,
  customerList,
  customerParams,
  customerView,
  newCustomer,
} from '../../shared/receivables/schemas';

defineRoute({
  name: 'receivables-customers-list',
  method: 'GET',
  route: 'receivables/customers',
  access: { resource: 'receivables', level: 'read' },
  response: customerList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: { items: await listCustomers(receivablesDependencies(services), tenant) },
  }),
});

defineRoute({
  name: 'receivables-customers-create',
  method: 'POST',
  route: 'receivables/customers',
  access: { resource: 'receivables', level: 'edit' },
  body: newCustomer,
  response: { 201: customerView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createCustomer(receivablesDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'receivables-customers-get',
  method: 'GET',
  route: 'receivables/customers/{id}',
  access: { resource: 'receivables', level: 'read' },
  params: customerParams,
  response: customerView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getCustomer(receivablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'receivables-customers-update',
  method: 'PATCH',
  route: 'receivables/customers/{id}',
  access: { resource: 'receivables', level: 'edit' },
  params: customerParams,
  body: customerChanges,
  response: customerView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateCustomer(receivablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'receivables-customers-delete',
  method: 'DELETE',
  route: 'receivables/customers/{id}',
  access: { resource: 'receivables', level: 'admin' },
  params: customerParams,
  response: { 204: null },
  handler: async ({ services, tenant }, { params }) => {
    await deleteCustomer(receivablesDependencies(services), tenant, params.id);
    return { status: 204 };
  },
});
