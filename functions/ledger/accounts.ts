import { z } from 'zod';
import {
  accountTypes,
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  updateAccount,
  ledgerDependencies,
} from '../../shared/ledger/accounts';
import { accountList, accountView } from '../../shared/ledger/schemas';
import { defineRoute } from '../../shared/platform/http/route';

const accountId = z.object({ id: z.string().regex(/^account-[A-Za-z0-9-]{1,100}$/, 'an account id') });
const dimension = z.string().trim().min(1).max(100).nullable().optional();

defineRoute({
  name: 'ledger-accounts-list',
  method: 'GET',
  route: 'ledger/accounts',
  access: { resource: 'ledger', level: 'read' },
  query: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
  response: accountList,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: {
      items: await listAccounts(ledgerDependencies(services), tenant, {
        includeInactive: query.includeInactive === 'true',
      }),
    },
  }),
});

defineRoute({
  name: 'ledger-accounts-create',
  method: 'POST',
  route: 'ledger/accounts',
  access: { resource: 'ledger', level: 'edit' },
  body: z.object({
    code: z.string().regex(/^[A-Za-z0-9.-]{1,20}$/, '1-20 letters, digits, "." or "-"'),
    name: z.string().trim().min(1).max(200),
    type: z.enum(accountTypes),
    parentId: z
      .string()
      .regex(/^account-[A-Za-z0-9-]{1,100}$/)
      .nullable()
      .optional(),
    facility: dimension,
    division: dimension,
  }),
  response: { 201: accountView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createAccount(ledgerDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'ledger-accounts-get',
  method: 'GET',
  route: 'ledger/accounts/{id}',
  access: { resource: 'ledger', level: 'read' },
  params: accountId,
  response: accountView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getAccount(ledgerDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'ledger-accounts-update',
  method: 'PATCH',
  route: 'ledger/accounts/{id}',
  access: { resource: 'ledger', level: 'edit' },
  params: accountId,
  body: z
    .object({
      name: z.string().trim().min(1).max(200).optional(),
      parentId: z
        .string()
        .regex(/^account-[A-Za-z0-9-]{1,100}$/)
        .nullable()
        .optional(),
      facility: dimension,
      division: dimension,
      active: z.boolean().optional(),
    })
    .strict(),
  response: accountView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateAccount(ledgerDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'ledger-accounts-delete',
  method: 'DELETE',
  route: 'ledger/accounts/{id}',
  access: { resource: 'ledger', level: 'admin' },
  params: accountId,
  response: { 204: null },
  handler: async ({ services, tenant }, { params }) => {
    await deleteAccount(ledgerDependencies(services), tenant, params.id);
    return { status: 204 };
  },
});
