import { defineRoute } from '../../shared/platform/http/route';
import { applyCredit, refundCredit } from '../../shared/receivables/credit-actions';
import { getCreditNote, issueCreditNote, listCreditNotes } from '../../shared/receivables/credit-notes';
import { getReceipt, listReceipts, recordReceipt } from '../../shared/receivables/receipts';
import { receivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { creditNoteParams, receiptParams } from '../../shared/receivables/schemas';
import {
  applyCreditInput,
  creditNoteInput,
  creditNoteList,
  creditNoteView,
  receiptInput,
  receiptList,
  receiptView,
  refundInput,
  settlementListQuery,
} from '../../shared/receivables/settlement-schemas';

defineRoute({
  name: 'receivables-receipts-list',
  method: 'GET',
  route: 'receivables/receipts',
  access: { resource: 'receivables', level: 'read' },
  query: settlementListQuery,
  response: receiptList,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: { items: await listReceipts(receivablesDependencies(services), tenant, query.customerId) },
  }),
});

defineRoute({
  name: 'receivables-receipts-create',
  method: 'POST',
  route: 'receivables/receipts',
  access: { resource: 'receivables', level: 'edit' },
  body: receiptInput,
  response: { 201: receiptView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await recordReceipt(receivablesDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'receivables-receipts-get',
  method: 'GET',
  route: 'receivables/receipts/{id}',
  access: { resource: 'receivables', level: 'read' },
  params: receiptParams,
  response: receiptView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getReceipt(receivablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'receivables-receipts-refund',
  method: 'POST',
  route: 'receivables/receipts/{id}/refund',
  access: { resource: 'receivables', level: 'edit' },
  params: receiptParams,
  body: refundInput,
  response: receiptView,
  handler: async ({ services, tenant }, { params, body }) => {
    await refundCredit(receivablesDependencies(services), tenant, 'receipt', params.id, body);
    return { status: 200, body: await getReceipt(receivablesDependencies(services), tenant, params.id) };
  },
});

defineRoute({
  name: 'receivables-credit-notes-list',
  method: 'GET',
  route: 'receivables/credit-notes',
  access: { resource: 'receivables', level: 'read' },
  query: settlementListQuery,
  response: creditNoteList,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: { items: await listCreditNotes(receivablesDependencies(services), tenant, query.customerId) },
  }),
});

defineRoute({
  name: 'receivables-credit-notes-create',
  method: 'POST',
  route: 'receivables/credit-notes',
  access: { resource: 'receivables', level: 'edit' },
  body: creditNoteInput,
  response: { 201: creditNoteView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await issueCreditNote(receivablesDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'receivables-credit-notes-get',
  method: 'GET',
  route: 'receivables/credit-notes/{id}',
  access: { resource: 'receivables', level: 'read' },
  params: creditNoteParams,
  response: creditNoteView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getCreditNote(receivablesDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'receivables-credits-apply',
  method: 'POST',
  route: 'receivables/credits/apply',
  access: { resource: 'receivables', level: 'edit' },
  body: applyCreditInput,
  response: { 200: receiptView.or(creditNoteView) },
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await applyCredit(receivablesDependencies(services), tenant, body),
  }),
});
