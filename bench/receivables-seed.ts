import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { createAccount } from '../shared/ledger/accounts';
import { onboardingDependencies } from '../shared/onboarding/onboarding-dependencies';
import { createOrganization, tenantIdOfSlug } from '../shared/onboarding/organizations';
import type { TenantContext } from '../shared/platform/actor';
import { platformAdministrationTenant } from '../shared/platform/auth/principal';
import { PlatformRepository } from '../shared/platform/data/platform-repository';
import { createCustomer } from '../shared/receivables/customers';
import { createInvoice } from '../shared/receivables/invoices';
import type { ReceivablesDependencies } from '../shared/receivables/receivables-dependencies';
import { setReceivablesSettings } from '../shared/receivables/receivables-settings';
import { ledgerDependencies } from '../shared/ledger/ledger-dependencies';

/** Runs `work` over `items` with `width` in flight at once. */
export async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!);
    }),
  );
}

export interface SeededReceivables {
  readonly context: TenantContext;
  readonly customers: readonly string[];
  readonly drafts: readonly string[];
}

/**
 * The organisation as a customer's is made, every document through the services: onboarded by a
 * platform operator, a small chart, receivables set up, `customers` customers created 20 at a
 * time (as parallel clerks would) and `invoices` drafts spread over them and over ten months.
 */
export async function seedReceivables(
  deps: ReceivablesDependencies,
  platform: Container,
  counts: { readonly customers: number; readonly invoices: number },
): Promise<SeededReceivables> {
  const slug = `bench-ar-${randomUUID().slice(0, 8)}`;
  const operator: TenantContext = {
    tenantId: platformAdministrationTenant,
    actor: { id: 'system:bench', kind: 'system' },
  };
  const onboarding = onboardingDependencies({ ...deps, platform: new PlatformRepository(platform) });
  await createOrganization(onboarding, operator, {
    slug,
    legalName: 'Bench Receivables',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
    signIn: { googleDomains: ['bench.example'] },
    firstAdminEmail: 'admin@bench.example',
  });
  const context: TenantContext = {
    tenantId: tenantIdOfSlug(slug),
    actor: { id: 'member-bench', kind: 'member' },
    restrictions: {},
  };
  const account = async (code: string, type: 'asset' | 'liability' | 'revenue') =>
    (await createAccount(ledgerDependencies(deps), context, { code, name: `Account ${code}`, type })).id;
  const [cash, ar, tax, sales] = [
    await account('1000', 'asset'),
    await account('1200', 'asset'),
    await account('2200', 'liability'),
    await account('4000', 'revenue'),
  ];
  await setReceivablesSettings(deps, context, {
    arControlAccountId: ar,
    salesTaxAccountId: tax,
    cashAccountId: cash,
    statementDay: 1,
    statementOverdueOnly: false,
  });
  const customers: string[] = [];
  await inParallel(
    Array.from({ length: counts.customers }, (_, i) => i),
    20,
    async (i) => {
      const customer = await createCustomer(deps, context, {
        name: `Customer ${i}`,
        billingEmails: [`c${i}@example.com`],
        address: [],
        paymentTerms: 'net-30',
        taxExempt: false,
      });
      customers.push(customer.id);
    },
  );
  const drafts: string[] = [];
  await inParallel(
    Array.from({ length: counts.invoices }, (_, i) => i),
    32,
    async (i) => {
      const month = String(1 + (i % 10)).padStart(2, '0');
      const created = await createInvoice(deps, context, {
        customerId: customers[i % customers.length]!,
        issueDate: `2026-${month}-${String(1 + (i % 28)).padStart(2, '0')}`,
        lines: [
          { description: 'Widgets', quantity: '3', unitPrice: '19.99', revenueAccountId: sales, taxRate: '8.25' },
          { description: 'Delivery', quantity: '1', unitPrice: '7.50', revenueAccountId: sales, taxRate: '0' },
        ],
      });
      drafts.push(created.id);
    },
  );
  return { context, customers, drafts };
}
