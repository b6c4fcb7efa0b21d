import { approveBill, voidBill } from '../../shared/payables/bill-approval';
import { recordBillPayment } from '../../shared/payables/manual-payments';
import {
  billApproval,
  billChanges,
  billListQuery,
  billPage,
  billParams,
  billPaymentInput,
  billView,
  billVoid,
  creditApplicationInput,
  newBill,
} from '../../shared/payables/bill-schemas';
import { applyVendorCredit } from '../../shared/payables/vendor-credits';
import { createBill, getBill, listBills, submitBill, updateBill } from '../../shared/payables/bills';
import { payablesDependencies } from '../../shared/payables/payables-dependencies';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'payables-bills-list',
  method: 'GET',
  route: 'payables/bills',
  access: { resource: 'payables', level: 'read' },
  query: billListQuery,
  response: billPage,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: await listBills(payablesDependencies(services), tenant, query),
  }),
});

defineRoute({
  name: 'payables-bills-create',
  method: 'POST',
  route: 'payables/bills',
  access: { resource: 'payables', level: 'contribute' },
  body: newBill,
  response: { 201: billView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createBill(payablesDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'payables-bills-get',
  method: 'GET',
  route: 'payables/bills/{id}',
  access: { resource: 'payables', level: 'read' },
  params: billParams,
  response: billView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getBill(payablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payables-bills-update',
  method: 'PUT',
  route: 'payables/bills/{id}',
  access: { resource: 'payables', level: 'contribute' },
  params: billParams,
  body: billChanges,
  response: billView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateBill(payablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'payables-bills-submit',
  method: 'POST',
  route: 'payables/bills/{id}/submit',
  access: { resource: 'payables', level: 'contribute' },
  params: billParams,
  response: billView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await submitBill(payablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payables-bills-approve',
  method: 'POST',
  route: 'payables/bills/{id}/approve',
  access: { resource: 'payables', level: 'edit' },
  params: billParams,
  body: billApproval,
  response: billView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await approveBill(payablesDependencies(services), tenant, params.id, body.version),
  }),
});

defineRoute({
  name: 'payables-bills-void',
  method: 'POST',
  route: 'payables/bills/{id}/void',
  access: { resource: 'payables', level: 'admin' },
  params: billParams,
  body: billVoid,
  response: billView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await voidBill(payablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'payables-bills-record-payment',
  method: 'POST',
  route: 'payables/bills/{id}/payments',
  access: { resource: 'payables', level: 'admin' },
  params: billParams,
  body: billPaymentInput,
  response: billView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await recordBillPayment(payablesDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'payables-bills-apply-credit',
  method: 'POST',
  route: 'payables/bills/{id}/credits',
  access: { resource: 'payables', level: 'edit' },
  params: billParams,
  body: creditApplicationInput,
  response: billView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await applyVendorCredit(payablesDependencies(services), tenant, params.id, body),
  }),
});
