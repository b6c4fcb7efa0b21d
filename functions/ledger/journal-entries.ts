import { z } from 'zod';
import { ledgerDependencies } from '../../shared/ledger/accounts';
import { createDraft, getEntry, listEntries, updateDraft } from '../../shared/ledger/journal-entries';
import { approveEntry, postEntry } from '../../shared/ledger/journal-posting';
import { reverseEntry } from '../../shared/ledger/journal-reversal';
import { setDualControl, setRetainedEarningsAccount } from '../../shared/ledger/ledger-settings';
import {
  dualControlSetting,
  journalEntryPage,
  journalEntryView,
  retainedEarningsSetting,
} from '../../shared/ledger/schemas';
import { ledgerDate } from '../../shared/ledger/ledger-dates';
import { defineRoute } from '../../shared/platform/http/route';

const entryId = z.object({ id: z.string().regex(/^je-[A-Za-z0-9-]{1,100}$/, 'a journal entry id') });
const draft = z.object({
  date: ledgerDate,
  memo: z.string().trim().min(1).max(500),
  reference: z.string().trim().max(100).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  lines: z
    .array(
      z.object({
        accountId: z.string().regex(/^account-[A-Za-z0-9-]{1,100}$/, 'an account id'),
        side: z.enum(['debit', 'credit']),
        amount: z.string().max(40),
        facility: z.string().trim().max(100).nullable().optional(),
        division: z.string().trim().max(100).nullable().optional(),
        memo: z.string().trim().max(500).nullable().optional(),
      }),
    )
    .min(1)
    .max(500),
});

defineRoute({
  name: 'ledger-journal-entries-list',
  method: 'GET',
  route: 'ledger/journal-entries',
  access: { resource: 'journal-entries', level: 'read' },
  query: z.object({
    continuationToken: z.string().max(4000).optional(),
    pageSize: z.coerce.number().int().min(1).max(200).optional(),
  }),
  response: journalEntryPage,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: await listEntries(ledgerDependencies(services), tenant, query),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-create',
  method: 'POST',
  route: 'ledger/journal-entries',
  access: { resource: 'journal-entries', level: 'contribute' },
  body: draft,
  response: { 201: journalEntryView },
  handler: async ({ services, tenant, idempotencyKey }, { body }) => ({
    status: 201,
    body: await createDraft(ledgerDependencies(services), tenant, body, idempotencyKey),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-get',
  method: 'GET',
  route: 'ledger/journal-entries/{id}',
  access: { resource: 'journal-entries', level: 'read' },
  params: entryId,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getEntry(ledgerDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-update',
  method: 'PUT',
  route: 'ledger/journal-entries/{id}',
  access: { resource: 'journal-entries', level: 'contribute' },
  params: entryId,
  body: draft,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateDraft(ledgerDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-post',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/post',
  access: { resource: 'journal-entries', level: 'edit' },
  params: entryId,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await postEntry(ledgerDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-reverse',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/reverse',
  access: { resource: 'journal-entries', level: 'edit' },
  params: entryId,
  body: z.object({ date: ledgerDate, memo: z.string().trim().min(1).max(500).optional() }),
  response: { 201: journalEntryView },
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 201,
    body: await reverseEntry(ledgerDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'ledger-journal-entries-approve',
  method: 'POST',
  route: 'ledger/journal-entries/{id}/approve',
  access: { resource: 'journal-entries', level: 'edit' },
  params: entryId,
  response: journalEntryView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await approveEntry(ledgerDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-settings-dual-control',
  method: 'PUT',
  route: 'ledger/settings/dual-control',
  access: { resource: 'settings', level: 'admin' },
  body: z.object({ enabled: z.boolean() }),
  response: dualControlSetting,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setDualControl(ledgerDependencies(services), tenant, body.enabled),
  }),
});

defineRoute({
  name: 'ledger-settings-retained-earnings',
  method: 'PUT',
  route: 'ledger/settings/retained-earnings-account',
  access: { resource: 'settings', level: 'admin' },
  body: z.object({ accountId: z.string().regex(/^account-[A-Za-z0-9-]{1,100}$/, 'an account id') }),
  response: retainedEarningsSetting,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setRetainedEarningsAccount(ledgerDependencies(services), tenant, body.accountId),
  }),
});
