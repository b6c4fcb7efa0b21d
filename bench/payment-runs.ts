/**
 * A payment run of 10,000 bills across 1,000 vendors, from approval to finalized (the file built
 * and stored, one GL entry per vendor, every bill paid, a remittance email staged per vendor):
 * time, Cosmos round trips and file size; then the same with every message delivered twice at
 * once, which must give the same result. Vendors are seeded through payables' services, bills as posted documents.
 */
import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { provisionCosmos, provisionStorage } from '../local/provision';
import { createAccount } from '../shared/ledger/accounts';
import { billType, type Bill } from '../shared/payables/bill';
import type { PayablesDependencies } from '../shared/payables/payables-dependencies';
import { setPayablesSettings } from '../shared/payables/payables-settings';
import { createVendor } from '../shared/payables/vendors';
import { setCompanyBankSettings } from '../shared/payment-runs/bank-settings';
import { payablesForRuns } from '../shared/payment-runs/payables-adapter';
import { approvePaymentRun, createPaymentRun } from '../shared/payment-runs/payment-runs';
import { paymentRunType, type PaymentRun } from '../shared/payment-runs/payment-run';
import { advancePaymentRun } from '../shared/payment-runs/run-execution';
import type { RunDependencies } from '../shared/payment-runs/run-dependencies';
import type { TenantContext } from '../shared/platform/actor';
import { createFieldCrypto } from '../shared/platform/crypto/field-crypto';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { createQueueSender } from '../shared/platform/queues/queue-sender';
import { createLogger } from '../shared/platform/telemetry/json-logger';
import { ChosenBankAccounts, usableAccount } from '../test/harness/chosen-bank-accounts';

const vendorCount = 1_000;
const billsPerVendor = 10;
const ids = { newId: () => randomUUID() };

async function inGroups<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map(work));
}

async function seededOrganisation(deps: RunDependencies, payables: PayablesDependencies, banks: ChosenBankAccounts) {
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const context = (id: string): TenantContext => ({ tenantId, actor: { id, kind: 'member' }, restrictions: {} });
  const clerk = context('clerk');
  await new TenantRepository(deps.container, clerk).create('organization', tenantId, {
    slug: tenantId,
    name: 'Bench',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const account = async (code: string, type: 'asset' | 'liability' | 'expense' | 'revenue') =>
    (await createAccount(deps, clerk, { code, name: code, type })).id;
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
  const vendors: string[] = [];
  await inGroups(
    Array.from({ length: vendorCount }, (_, index) => index),
    50,
    async (index) => {
      const vendor = await createVendor(payables, clerk, {
        name: `Vendor ${index}`,
        individual: index % 10 === 0,
        remittanceEmail: `ap${index}@vendor.example`,
        contacts: [],
        terms: { netDays: 30 },
      });
      vendors.push(vendor.id);
      banks.uses.set(vendor.id, usableAccount(vendor.id, index));
    },
  );
  const bills = vendors.flatMap((vendorId, v) =>
    Array.from({ length: billsPerVendor }, (_, b) => ({ vendorId, n: `B${v}-${b}` })),
  );
  // The bills are written as payables stores a posted bill, a hundred to a batch: what is measured
  // is the run, and approving 20,000 bills one by one through the posting lane is its own bench.
  // (Their AP credits are not posted, so AP control is off by the payments; the run does not read it.)
  const repository = new TenantRepository(deps.container, context('approver'));
  for (let start = 0; start < bills.length; start += 100) {
    const transaction = repository.transaction();
    for (const { vendorId, n } of bills.slice(start, start + 100)) {
      const bill: Bill = {
        kind: 'bill',
        vendorId,
        billNumber: n,
        billDate: '2026-03-02',
        dueDate: '2026-04-01',
        discountBasisPoints: null,
        discountUntil: null,
        currency: 'USD',
        lines: [{ accountId: expense, amountMinor: '12345', facility: null, division: null, memo: null }],
        taxMinor: '0',
        totalMinor: '12345',
        paidMinor: '0',
        creditedMinor: '0',
        settled: false,
        status: 'posted',
        documentId: null,
        memo: null,
        drafters: ['clerk'],
        submittedBy: 'clerk',
        submittedAt: '2026-03-02T00:00:00.000Z',
        approvedBy: 'approver',
        approvedAt: '2026-03-02T00:00:00.000Z',
        journalEntryId: null,
        voidedBy: null,
        voidedAt: null,
        voidDate: null,
        voidEntryId: null,
        voidReason: null,
      };
      transaction.create(billType, `bill-${randomUUID()}`, bill);
    }
    await transaction.commit();
  }
  return { clerk, approver: context('approver'), vendors };
}

type BaseDependencies = Omit<RunDependencies, 'payables'>;

async function measureRun(
  deps: BaseDependencies,
  counter: ReturnType<typeof createRequestCounter>,
  deliveries: number,
) {
  const banks = new ChosenBankAccounts();
  const payables: PayablesDependencies = {
    ...deps,
    fieldCrypto,
    logger: createLogger({ level: 'error', sink: () => undefined }),
  };
  const runDeps = { ...deps, payables: payablesForRuns(payables, banks) };
  const seedStart = Date.now();
  const org = await seededOrganisation(runDeps, payables, banks);
  const seeded = (Date.now() - seedStart) / 1000;
  const run = await createPaymentRun(runDeps, org.clerk, { payDate: '2026-12-01', dueBy: '2026-12-31' });
  await approvePaymentRun(runDeps, org.approver, run.id);
  counter.reset();
  const started = Date.now();
  const message = { tenantId: org.clerk.tenantId, runId: run.id };
  let outcomes = await Promise.all(Array.from({ length: deliveries }, () => advancePaymentRun(runDeps, message)));
  while (!outcomes.includes('finalized') && outcomes.includes('continues'))
    outcomes = await Promise.all(Array.from({ length: deliveries }, () => advancePaymentRun(runDeps, message)));
  const seconds = (Date.now() - started) / 1000;
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
    'Cosmos round trips': counter.roundTrips,
    'file bytes': finished.file?.size ?? 0,
    'GL entries': entries.length,
    emails: emails.length,
    'seed seconds': seeded,
  };
}

const fieldCrypto = createFieldCrypto({
  general: { primary: 'k', keys: { k: Buffer.alloc(32, 1) } },
  sensitive: { primary: 'k', keys: { k: Buffer.alloc(32, 2) } },
});

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
  const deps = {
    container: client.database(database).container(containers.tenantData.name),
    clock: { now: () => new Date() },
    ids,
    blobs: BlobServiceClient.fromConnectionString(env.storageConnectionString),
    queues: createQueueSender(QueueServiceClient.fromConnectionString(env.storageConnectionString), prefix),
  };
  const once = await measureRun(deps, counter, 1);
  const twice = await measureRun(deps, counter, 2);
  console.table([once, twice]);
}
