import {
  approvePaymentRun,
  cancelPaymentRun,
  createPaymentRun,
  getPaymentRun,
  listPaymentRuns,
} from '../../shared/payment-runs/payment-runs';
import { editPaymentRun } from '../../shared/payment-runs/run-edits';
import { releasePaymentFile } from '../../shared/payment-runs/run-release';
import { returnPayment } from '../../shared/payment-runs/run-returns';
import {
  newPaymentRun,
  paymentReturnInput,
  paymentRunEdit,
  paymentRunList,
  paymentRunParams,
  paymentRunView,
} from '../../shared/payment-runs/run-schemas';
import { runDependencies } from '../../shared/payment-runs/run-dependencies';
import { documentContent } from '../../shared/platform/documents/schemas';
import { documentDownload } from '../../shared/platform/documents/document-response';
import { defineRoute } from '../../shared/platform/http/route';

// Payment runs move money: every route is sensitive (10-minute idle timeout).
defineRoute({
  name: 'payment-runs-list',
  method: 'GET',
  route: 'payment-runs',
  access: { resource: 'payment-runs', level: 'read' },
  sensitive: true,
  response: paymentRunList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await listPaymentRuns(runDependencies(services), tenant),
  }),
});

defineRoute({
  name: 'payment-runs-create',
  method: 'POST',
  route: 'payment-runs',
  access: { resource: 'payment-runs', level: 'edit' },
  sensitive: true,
  body: newPaymentRun,
  response: { 201: paymentRunView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createPaymentRun(runDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'payment-runs-get',
  method: 'GET',
  route: 'payment-runs/{id}',
  access: { resource: 'payment-runs', level: 'read' },
  sensitive: true,
  params: paymentRunParams,
  response: paymentRunView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getPaymentRun(runDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payment-runs-edit',
  method: 'PATCH',
  route: 'payment-runs/{id}',
  access: { resource: 'payment-runs', level: 'edit' },
  sensitive: true,
  params: paymentRunParams,
  body: paymentRunEdit,
  response: paymentRunView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await editPaymentRun(runDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'payment-runs-approve',
  method: 'POST',
  route: 'payment-runs/{id}/approve',
  access: { resource: 'payment-runs', level: 'admin' },
  sensitive: true,
  params: paymentRunParams,
  response: paymentRunView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await approvePaymentRun(runDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payment-runs-cancel',
  method: 'POST',
  route: 'payment-runs/{id}/cancel',
  access: { resource: 'payment-runs', level: 'edit' },
  sensitive: true,
  params: paymentRunParams,
  response: paymentRunView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await cancelPaymentRun(runDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'payment-runs-file',
  method: 'GET',
  route: 'payment-runs/{id}/file',
  access: { resource: 'banking', level: 'admin' },
  sensitive: true,
  params: paymentRunParams,
  response: { 200: documentContent('payment-file') },
  handler: async ({ services, tenant }, { params }) =>
    documentDownload(await releasePaymentFile(runDependencies(services), tenant, params.id)),
});

defineRoute({
  name: 'payment-runs-return',
  method: 'POST',
  route: 'payment-runs/{id}/returns',
  access: { resource: 'banking', level: 'admin' },
  sensitive: true,
  params: paymentRunParams,
  body: paymentReturnInput,
  response: paymentRunView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await returnPayment(runDependencies(services), tenant, params.id, body),
  }),
});
