import { defineRoute } from '../../shared/platform/http/route';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import { voidInvoice } from '../../shared/receivables/invoice-void';
import { createInvoice, getInvoice, listInvoices, updateInvoice } from '../../shared/receivables/invoices';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import {
  invoiceInput,
  invoiceList,
  invoiceListQuery,
  invoiceParams,
  invoiceView,
  voidInput,
} from '../../shared/receivables/schemas';

defineRoute({
  name: 'receivables-invoices-list',
  method: 'GET',
  route: 'receivables/invoices',
  access: { resource: 'receivables', level: 'read' },
  query: invoiceListQuery,
  response: invoiceList,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: { items: await listInvoices(receivablesDependencies(services), tenant, query) },
  }),
});

defineRoute({
  name: 'receivables-invoices-create',
  method: 'POST',
  route: 'receivables/invoices',
  access: { resource: 'receivables', level: 'contribute' },
  body: invoiceInput,
  response: { 201: invoiceView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createInvoice(receivablesDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'receivables-invoices-get',
  method: 'GET',
  route: 'receivables/invoices/{id}',
  access: { resource: 'receivables', level: 'read' },
  params: invoiceParams,
  response: invoiceView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getInvoice(receivablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'receivables-invoices-update',
  method: 'PUT',
  route: 'receivables/invoices/{id}',
  access: { resource: 'receivables', level: 'contribute' },
  params: invoiceParams,
  body: invoiceInput,
  response: invoiceView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateInvoice(receivablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'receivables-invoices-issue',
  method: 'POST',
  route: 'receivables/invoices/{id}/issue',
  access: { resource: 'receivables', level: 'edit' },
  params: invoiceParams,
  response: invoiceView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await issueInvoice(receivablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'receivables-invoices-void',
  method: 'POST',
  route: 'receivables/invoices/{id}/void',
  access: { resource: 'receivables', level: 'edit' },
  params: invoiceParams,
  body: voidInput,
  response: invoiceView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await voidInvoice(receivablesDependencies(services), tenant, params.id, body),
  }),
});
