import { defineRoute } from '../../shared/platform/http/route';
import { payablesDependencies } from '../../shared/payables/payables-dependencies';
import {
  newVendor,
  vendorChanges,
  vendorListQuery,
  vendorPage,
  vendorParams,
  vendorView,
} from '../../shared/payables/vendor-schemas';
import { createVendor, deleteVendor, getVendor, listVendors, updateVendor } from '../../shared/payables/vendors';

defineRoute({
  name: 'payables-vendors-list',
  method: 'GET',
  route: 'payables/vendors',
  access: { resource: 'payables', level: 'read' },
  query: vendorListQuery,
  response: vendorPage,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: await listVendors(payablesDependencies(services), tenant, query),
  }),
});

defineRoute({
  name: 'payables-vendors-create',
  method: 'POST',
  route: 'payables/vendors',
  access: { resource: 'payables', level: 'edit' },
  body: newVendor,
  response: { 201: vendorView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createVendor(payablesDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'payables-vendors-get',
  method: 'GET',
  route: 'payables/vendors/{id}',
  access: { resource: 'payables', level: 'read' },
  params: vendorParams,
  response: vendorView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getVendor(payablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payables-vendors-update',
  method: 'PATCH',
  route: 'payables/vendors/{id}',
  access: { resource: 'payables', level: 'edit' },
  params: vendorParams,
  body: vendorChanges,
  response: vendorView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateVendor(payablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'payables-vendors-delete',
  method: 'DELETE',
  route: 'payables/vendors/{id}',
  access: { resource: 'payables', level: 'admin' },
  params: vendorParams,
  response: { 204: null },
  handler: async ({ services, tenant }, { params }) => {
    await deleteVendor(payablesDependencies(services), tenant, params.id);
    return { status: 204 };
  },
});
