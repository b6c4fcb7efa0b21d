import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { provisionCosmos, provisionStorage } from '../local/provision';
import { createAccount } from '../shared/ledger/accounts';
import type { TenantContext } from '../shared/platform/actor';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { createQueueSender } from '../shared/platform/queues/queue-sender';
import { arAging } from '../shared/receivables/aging';
import { createCustomer } from '../shared/receivables/customers';
import { issueInvoice } from '../shared/receivables/invoice-issue';
import { createInvoice } from '../shared/receivables/invoices';
import type { ReceivablesDependencies } from '../shared/receivables/receivables-dependencies';
import { setReceivablesSettings } from '../shared/receivables/receivables-settings';
import { processStatementRun, startStatementRun } from '../shared/receivables/statement-runs';

/** Runs `work` over `items` with `width` in flight at once. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!);
    }),
  );
}

const seconds = (started: number) => (performance.now() - started) / 1000;

/**
 * Receivables at volume, in process against the emulators (Cosmos, Azurite blobs and queues),
 * every call the services' own: 10,000 invoices issued (each: its entry through the posting lane
 * with its number, its PDF rendered and stored, its email staged and queued), the AR aging over
 * those 10,000 open invoices, and one statement run for the 1,000 customers they belong to.
 */
export async function measureReceivables(setup: {
  readonly cosmos: { readonly endpoint: string; readonly key: string };
  readonly storageConnectionString: string;
  readonly invoices?: number;
  readonly customers?: number;
}) {
  const invoiceCount = setup.invoices ?? 10_000;
  const customerCount = setup.customers ?? 1_000;
  const counter = createRequestCounter();
  const options = { endpoint: setup.cosmos.endpoint, key: setup.cosmos.key, plugins: [counter.plugin] };
  const database = await provisionCosmos(new CosmosClient(options), 'bench-receivables');
  const prefix = `br${randomUUID().slice(0, 6)}-`;
  await provisionStorage(setup.storageConnectionString, prefix);
  const deps: ReceivablesDependencies = {
    container: database.container(containers.tenantData.name),
    clock: { now: () => new Date() },
    ids: { newId: () => randomUUID() },
    blobs: BlobServiceClient.fromConnectionString(setup.storageConnectionString),
    queues: createQueueSender(QueueServiceClient.fromConnectionString(setup.storageConnectionString), prefix),
  };
  const context: TenantContext = {
    tenantId: `org-ar-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-bench', kind: 'member' },
    restrictions: {},
  };
  await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
    slug: context.tenantId,
    name: 'Bench Receivables',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const account = async (code: string, type: 'asset' | 'liability' | 'revenue') =>
    (await createAccount(deps, context, { code, name: `Account ${code}`, type })).id;
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
    Array.from({ length: customerCount }, (_, i) => i),
    32,
    async (i) => {
      customers.push(
        (
          await createCustomer(deps, context, {
            name: `Customer ${i}`,
            billingEmails: [`c${i}@example.com`],
            address: [],
            paymentTerms: 'net-30',
            taxExempt: false,
          })
        ).id,
      );
    },
  );
  const drafts: string[] = [];
  await inParallel(
    Array.from({ length: invoiceCount }, (_, i) => i),
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

  counter.reset();
  let started = performance.now();
  await inParallel(drafts, 64, (id) => issueInvoice(deps, context, id));
  const issueSeconds = seconds(started);
  const issue = {
    invoices: invoiceCount,
    'invoices/s': Math.round(invoiceCount / issueSeconds),
    'Cosmos round trips per invoice': Number((counter.roundTrips / invoiceCount).toFixed(1)),
  };

  counter.reset();
  started = performance.now();
  const aging = await arAging(deps, context, '2026-12-31');
  const agingFigures = {
    'open invoices': invoiceCount,
    customers: aging.customers.length,
    seconds: Number(seconds(started).toFixed(2)),
    'documents read': counter.documentsRead,
    'Cosmos round trips': counter.roundTrips,
  };

  counter.reset();
  started = performance.now();
  const run = await startStatementRun(deps, context, {
    from: '2026-10-01',
    to: '2026-10-31',
    overdueOnly: false,
    trigger: 'manual',
  });
  await processStatementRun(deps, { tenantId: context.tenantId, runId: run.id });
  const runSeconds = seconds(started);
  const statements = {
    customers: customerCount,
    seconds: Number(runSeconds.toFixed(1)),
    'statements/s': Math.round(customerCount / runSeconds),
    'Cosmos round trips per customer': Number((counter.roundTrips / customerCount).toFixed(1)),
  };
  return { issue, aging: agingFigures, statements };
}

export async function printReceivablesBench(setup: Parameters<typeof measureReceivables>[0]): Promise<void> {
  console.log('\nReceivables (in process against the emulators; seeding 1,000 customers and 10,000 drafts first)...');
  const figures = await measureReceivables(setup);
  console.log('Issuing invoices (64 in flight: posting lane + number, PDF to blob storage, email staged and queued):');
  console.table([figures.issue]);
  console.log('AR aging as of 2026-12-31 over every open invoice:');
  console.table([figures.aging]);
  console.log('One statement run for every customer (PDF stored, email staged and queued, once per customer):');
  console.table([figures.statements]);
}
