/**
 * A payment run of 10,000 bills across 1,000 vendors, from approval to finalized (the file built
 * and stored, one GL entry per vendor, every bill paid, a remittance email staged per vendor):
 * time, CPU, Cosmos round trips and file size; then the same with every message delivered twice
 * at once, which must give the same result. Everything is seeded through payables' services:
 * vendors, their bank accounts (entered, the notice sent, approved by a second banking admin) and
 * the bills (created, submitted, approved and so posted), twenty at a time.
 */
import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { generateDevelopmentSecrets } from '../local/dev-secrets';
import { provisionCosmos, provisionStorage } from '../local/provision';
import { startPostmarkStandIn } from '../local/stand-ins/postmark/server';
import { createAccount } from '../shared/ledger/accounts';
import { approveBill } from '../shared/payables/bill-approval';
import { createBill, submitBill } from '../shared/payables/bills';
import type { BankAccountDependencies } from '../shared/payables/payables-dependencies';
import { setPayablesSettings } from '../shared/payables/payables-settings';
import { createVendor } from '../shared/payables/vendors';
import { setCompanyBankSettings } from '../shared/payment-runs/bank-settings';
import { approvePaymentRun, createPaymentRun } from '../shared/payment-runs/payment-runs';
import { paymentRunType, type PaymentRun } from '../shared/payment-runs/payment-run';
import { advancePaymentRun } from '../shared/payment-runs/run-execution';
import { runDependenciesOver, type RunDependencies } from '../shared/payment-runs/run-dependencies';
import type { TenantContext } from '../shared/platform/actor';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { deliverEmail } from '../shared/platform/email/email-delivery';
import { createPostmarkSender } from '../shared/platform/email/postmark-sender';
import { createQueueSender } from '../shared/platform/queues/queue-sender';
import { createLogger } from '../shared/platform/telemetry/json-logger';
import { bankAccountDesk, payablesUnder, vendorContacts } from '../test/harness/vendor-bank-accounts';
import { ledgerDependencies } from '../shared/ledger/ledger-dependencies';

const vendorCount = 1_000;
const billsPerVendor = 10;
/** Seeding runs this many services at once, as a busy AP team would. */
const parallel = 20;
const ids = { newId: () => randomUUID() };
const quiet = createLogger({ level: 'error', sink: () => undefined });

async function inGroups<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map(work));
}

async function seededOrganisation(deps: RunDependencies, payables: BankAccountDependencies, postmarkUrl: string) {
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const context = (id: string): TenantContext => ({ tenantId, actor: { id, kind: 'member' }, restrictions: {} });
  const [clerk, approver] = [context('clerk'), context('approver')];
  await new TenantRepository(deps.container, clerk).create('organization', tenantId, {
    slug: tenantId,
    name: 'Bench',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const account = async (code: string, type: 'asset' | 'liability' | 'expense' | 'revenue') =>
    (await createAccount(ledgerDependencies(deps), clerk, { code, name: code, type })).id;
  const [cash, ap, expense, discounts] = [
    await account('1000', 'asset'),
    await account('2000', 'liability'),
    await account('6000', 'expense'),
    await account('4900', 'revenue'),
  ];
  await setPayablesSettings(payables, clerk, { apControlAccountId: ap, bankChangeCoolingOffHours: 48 });
  await setCompanyBankSettings(deps, clerk, {
    originatingRoutingNumber: '121042882',
    immediateDestination: '231380104',
    immediateDestinationName: 'Federal Reserve Bank',
    immediateOrigin: '121042882',
    immediateOriginName: 'Bench Bank',
    companyName: 'Bench Ltd',
    companyIdentification: '1234567890',
    apCashAccountId: cash,
    discountAccountId: discounts,
  });
  const sender = createPostmarkSender({ apiUrl: postmarkUrl, serverToken: 'bench', from: 'ap@bench.example' });
  const bankAccount = bankAccountDesk({
    deps: payables,
    enteredBy: clerk,
    approvedBy: approver,
    deliverNotice: async (outboxId) => {
      await deliverEmail({ ...deps, sender, logger: quiet }, { tenantId, outboxId });
    },
  });
  const vendors: string[] = [];
  await inGroups(
    Array.from({ length: vendorCount }, (_, index) => index),
    parallel,
    async (index) => {
      const vendor = await createVendor(payables, clerk, {
        name: `Vendor ${index}`,
        individual: index % 10 === 0,
        remittanceEmail: `ap${index}@vendor.example`,
        contacts: vendorContacts,
        terms: { netDays: 30 },
      });
      await bankAccount(vendor.id, { index });
      vendors.push(vendor.id);
    },
  );
  const bills = vendors.flatMap((vendorId, v) =>
    Array.from({ length: billsPerVendor }, (_, b) => ({ vendorId, number: `B${v}-${b}` })),
  );
  await inGroups(bills, parallel, async ({ vendorId, number }) => {
    const bill = await createBill(payables, clerk, {
      vendorId,
      billNumber: number,
      billDate: '2026-03-02',
      currency: 'USD',
      lines: [{ accountId: expense, amount: '123.45' }],
      tax: '0',
    });
    const submitted = await submitBill(payables, clerk, bill.id);
    await approveBill(payables, approver, bill.id, submitted.version);
  });
  return { clerk, approver };
}

async function measureRun(
  payables: BankAccountDependencies,
  outside: Pick<RunDependencies, 'blobs' | 'queues'>,
  counter: ReturnType<typeof createRequestCounter>,
  postmarkUrl: string,
  deliveries: number,
) {
  const deps = runDependenciesOver(payables, outside);
  const seedStart = Date.now();
  const org = await seededOrganisation(deps, payables, postmarkUrl);
  const seeded = (Date.now() - seedStart) / 1000;
  const run = await createPaymentRun(deps, org.clerk, { payDate: '2026-12-01', dueBy: '2026-12-31' });
  await approvePaymentRun(deps, org.approver, run.id);
  counter.reset();
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const message = { tenantId: org.clerk.tenantId, runId: run.id };
  let outcomes = await Promise.all(Array.from({ length: deliveries }, () => advancePaymentRun(deps, message)));
  while (!outcomes.includes('finalized') && outcomes.includes('continues'))
    outcomes = await Promise.all(Array.from({ length: deliveries }, () => advancePaymentRun(deps, message)));
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const roundTrips = counter.roundTrips;
  const repository = new TenantRepository(deps.container, org.clerk);
  const finished = await repository.get<PaymentRun>(paymentRunType, run.id);
  const entries = await repository.queryAll('journal-entry', {
    where: 'c.reference = @r',
    parameters: [{ name: '@r', value: run.id }],
  });
  const emails = (await repository.queryAll('outbox')).filter((record) => record.id.startsWith('outbox-run-'));
  return {
    deliveries,
    bills: run.billCount,
    vendors: run.vendorCount,
    state: finished.state,
    'seconds to finalize': seconds,
    'CPU ms per bill': Number(((cpu.user + cpu.system) / 1000 / run.billCount).toFixed(2)),
    'Cosmos round trips': roundTrips,
    'file bytes': finished.file?.size ?? 0,
    'GL entries': entries.length,
    emails: emails.length,
    'seed seconds': seeded,
  };
}

export async function printPaymentRunBench(env: {
  cosmos: { endpoint: string; key: string };
  storageConnectionString: string;
}) {
  console.log('\nPayment runs (2 x 10,000 bills across 1,000 vendors)...');
  const database = `bench-runs-${randomUUID().slice(0, 6)}`;
  await provisionCosmos(new CosmosClient({ endpoint: env.cosmos.endpoint, key: env.cosmos.key }), database);
  const prefix = `runs${randomUUID().slice(0, 6)}-`;
  await provisionStorage(env.storageConnectionString, prefix);
  const counter = createRequestCounter();
  const client = new CosmosClient({ ...env.cosmos, plugins: [counter.plugin] } as CosmosClientOptions);
  const secrets = generateDevelopmentSecrets();
  const queues = createQueueSender(QueueServiceClient.fromConnectionString(env.storageConnectionString), prefix);
  const base = {
    container: client.database(database).container(containers.tenantData.name),
    clock: { now: () => new Date() },
    ids,
  };
  const payables = payablesUnder(base, secrets, queues, quiet);
  const outside = { blobs: BlobServiceClient.fromConnectionString(env.storageConnectionString), queues };
  const postmark = await startPostmarkStandIn({ serverToken: 'bench' });
  try {
    const once = await measureRun(payables, outside, counter, postmark.url, 1);
    const twice = await measureRun(payables, outside, counter, postmark.url, 2);
    console.table([once, twice]);
  } finally {
    await postmark.stop();
  }
}
