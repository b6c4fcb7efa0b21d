import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { createDraft, getEntry, listEntries, updateDraft } from '../../shared/ledger/journal-entries';
import { approveDualControlOff, setDualControl } from '../../shared/ledger/dual-control';
import { approveEntry, submitEntry } from '../../shared/ledger/journal-approval';
import { createAndPostEntry, postEntry } from '../../shared/ledger/journal-posting';
import { importJournal } from '../../shared/ledger/journal-import';
import { reverseEntry } from '../../shared/ledger/journal-reversal';
import { setRetainedEarningsAccount } from '../../shared/ledger/ledger-settings';
import {
  approvalInput,
  draftInput,
  dualControlInput,
  dualControlSetting,
  journalEntryListQuery,
  journalImportInput,
  journalImportResult,
  journalEntryPage,
  journalEntryParams,
  journalEntryView,
  retainedEarningsInput,
  retainedEarningsSetting,
  reversalInput,
} from '../../shared/ledger/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'ledger-journal-entries-list',
  method: 'GET',
  route: 'ledger/journal-entries',
  access: { resource: 'journal-entries', level: 'read' },
  query: journalEntryListQuery,
  response: journalEntryPage,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: await listEntries(ledgerDependencies(domainDependencies(services)), tenant, query),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-create',
  method: 'POST',
  route: 'ledger/journal-entries',
  access: { resource: 'journal-entries', level: 'contribute' },
  body: draftInput,
  response: { 201: journalEntryView },
  handler: async ({ services, tenant, idempotencyKey }, { body }) => ({
    status: 201,
    body: await createDraft(ledgerDependencies(domainDependencies(services)), tenant, body, idempotencyKey),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-create-and-post',
  method: 'POST',
  route: 'ledger/journal-entries/create-and-post',
  access: { resource: 'journal-entries', level: 'edit' },
  body: draftInput,
  response: { 201: journalEntryView },
  handler: async ({ services, tenant, idempotencyKey }, { body }) => ({
    status: 201,
    body: await createAndPostEntry(ledgerDependencies(domainDependencies(services)), tenant, body, idempotencyKey),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-import',
  method: 'POST',
  route: 'ledger/journal-entries/import',
  access: { resource: 'journal-entries', level: 'edit' },
  body: journalImportInput,
  response: { 201: journalImportResult },
  handler: async ({ services, tenant, idempotencyKey }, { body }) => ({
    status: 201,
    body: await importJournal(ledgerDependencies(domainDependencies(services)), tenant, body, idempotencyKey),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-get',
  method: 'GET',
  route: 'ledger/journal-entries/{id}',
  access: { resource: 'journal-entries', level: 'read' },
  params: journalEntryParams,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getEntry(ledgerDependencies(domainDependencies(services)), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-update',
  method: 'PUT',
  route: 'ledger/journal-entries/{id}',
  access: { resource: 'journal-entries', level: 'contribute' },
  params: journalEntryParams,
  body: draftInput,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateDraft(ledgerDependencies(domainDependencies(services)), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-post',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/post',
  access: { resource: 'journal-entries', level: 'edit' },
  params: journalEntryParams,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await postEntry(ledgerDependencies(domainDependencies(services)), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-reverse',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/reverse',
  access: { resource: 'journal-entries', level: 'edit' },
  params: journalEntryParams,
  body: reversalInput,
  response: { 201: journalEntryView },
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 201,
    body: await reverseEntry(ledgerDependencies(domainDependencies(services)), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-submit',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/submit',
  access: { resource: 'journal-entries', level: 'contribute' },
  params: journalEntryParams,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await submitEntry(ledgerDependencies(domainDependencies(services)), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-approve',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/approve',
  access: { resource: 'journal-entries', level: 'edit' },
  params: journalEntryParams,
  body: approvalInput,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await approveEntry(ledgerDependencies(domainDependencies(services)), tenant, params.id, body.version),
  }),
});

defineRoute({
  name: 'ledger-settings-dual-control',
  method: 'PUT',
  route: 'ledger/settings/dual-control',
  access: { resource: 'settings', level: 'admin' },
  body: dualControlInput,
  response: { 200: dualControlSetting, 202: dualControlSetting },
  handler: async ({ services, tenant }, { body }) => {
    const state = await setDualControl(ledgerDependencies(domainDependencies(services)), tenant, body.enabled);
    // Asking to turn it off is accepted, not done: another admin approves it.
    return { status: state.pendingChange ? 202 : 200, body: state };
  },
});

defineRoute({
  name: 'ledger-settings-dual-control-approve',
  method: 'POST',
  route: 'ledger/settings/dual-control/approve',
  access: { resource: 'settings', level: 'admin' },
  response: dualControlSetting,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await approveDualControlOff(ledgerDependencies(domainDependencies(services)), tenant),
  }),
});

defineRoute({
  name: 'ledger-settings-retained-earnings',
  method: 'PUT',
  route: 'ledger/settings/retained-earnings-account',
  access: { resource: 'settings', level: 'admin' },
  body: retainedEarningsInput,
  response: retainedEarningsSetting,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setRetainedEarningsAccount(ledgerDependencies(domainDependencies(services)), tenant, body.accountId),
  }),
});
