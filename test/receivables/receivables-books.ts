import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { provisionStorage } from '../../local/provision';
import { createDimension } from '../../shared/dimensions/dimensions';
import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import { createAccount } from '../../shared/ledger/accounts';
import { trialBalance } from '../../shared/ledger/trial-balance';
import type { TenantContext } from '../../shared/platform/actor';
import { randomIds } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createCustomer } from '../../shared/receivables/customers';
import { createInvoice } from '../../shared/receivables/invoices';
import { withReceivablesStores, type ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { setReceivablesSettings } from '../../shared/receivables/receivables-settings';
import type { InvoiceInput, NewCustomer } from '../../shared/receivables/schemas';
import { createTestDatabase } from '../harness/cosmos';
import { queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

/** Emulator-backed dependencies for receivables suites: Cosmos, Azurite blobs and queues of their own. */
export async function receivablesDependencies(): Promise<ReceivablesDependencies & { queuePrefix: string }> {
  const db = await createTestDatabase();
  const queuePrefix = `r${randomUUID().slice(0, 6)}-`;
  await provisionStorage(storageConnectionString(), queuePrefix);
  return withReceivablesStores({
    container: db.containers.tenantData,
    clock: { now: () => new Date() },
    ids: randomIds,
    blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
    queues: queueSenderFor(queuePrefix),
    queuePrefix,
  });
}

export interface ReceivablesBooks {
  readonly context: TenantContext;
  readonly accounts: { ar: string; tax: string; cash: string; sales: string; services: string };
  customer(input?: Partial<NewCustomer>): Promise<string>;
  draft(customerId: string, input?: Partial<InvoiceInput>): Promise<string>;
  /** Trial-balance balance of an account as of a date, debit positive, as a decimal string. */
  balance(accountId: string, asOf?: string): Promise<string>;
}

/** An organisation with books open from 2026-01, a small chart, facilities F1 and F2, divisions D1 and D2, and receivables set up. */
export async function openReceivablesBooks(
  deps: ReceivablesDependencies,
  profile: Record<string, unknown> = {},
): Promise<ReceivablesBooks> {
  const context: TenantContext = {
    tenantId: `org-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-1', kind: 'member', ip: '192.0.2.1' },
    restrictions: {},
  };
  await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
    slug: context.tenantId,
    name: 'Northwind Supply',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
    ...profile,
  });
  for (const [kind, code] of [
    ['facility', 'F1'],
    ['facility', 'F2'],
    ['division', 'D1'],
    ['division', 'D2'],
  ] as const)
    await createDimension(dimensionsDependencies(deps), context, kind, { code, name: `Name of ${code}` });
  const account = async (code: string, name: string, type: 'asset' | 'liability' | 'revenue') =>
    (await createAccount(ledgerDependencies(deps), context, { code, name, type })).id;
  const accounts = {
    cash: await account('1000', 'Cash', 'asset'),
    ar: await account('1200', 'Accounts receivable', 'asset'),
    tax: await account('2200', 'Sales tax payable', 'liability'),
    sales: await account('4000', 'Sales', 'revenue'),
    services: await account('4100', 'Services', 'revenue'),
  };
  await setReceivablesSettings(deps, context, {
    arControlAccountId: accounts.ar,
    salesTaxAccountId: accounts.tax,
    cashAccountId: accounts.cash,
    statementDay: 1,
    statementOverdueOnly: false,
  });
  return {
    context,
    accounts,
    customer: async (input = {}) =>
      (
        await createCustomer(deps, context, {
          name: 'Contoso Ltd',
          billingEmails: ['ap@contoso.example'],
          address: ['1 Main St', 'Springfield'],
          paymentTerms: 'net-30',
          taxExempt: false,
          ...input,
        })
      ).id,
    draft: async (customerId, input = {}) =>
      (
        await createInvoice(deps, context, {
          customerId,
          issueDate: '2026-02-10',
          lines: [
            {
              description: 'Widgets',
              quantity: '3',
              unitPrice: '10.00',
              revenueAccountId: accounts.sales,
              taxRate: '10',
            },
            {
              description: 'Setup',
              quantity: '1',
              unitPrice: '25.50',
              revenueAccountId: accounts.services,
              taxRate: '0',
            },
          ],
          ...input,
        })
      ).id,
    balance: async (accountId, asOf = '2026-12-31') => {
      const row = (await trialBalance(ledgerDependencies(deps), context, asOf)).rows.find(
        (r) => r.accountId === accountId,
      );
      if (!row) return '0.00';
      return row.debit !== '0.00' ? row.debit : `-${row.credit}`;
    },
  };
}
