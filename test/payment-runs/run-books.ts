import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { provisionStorage } from '../../local/provision';
import { createAccount } from '../../shared/ledger/accounts';
import { approveBill } from '../../shared/payables/bill-approval';
import { createBill, submitBill } from '../../shared/payables/bills';
import type { PayablesDependencies } from '../../shared/payables/payables-dependencies';
import { setPayablesSettings } from '../../shared/payables/payables-settings';
import { createVendor } from '../../shared/payables/vendors';
import { setCompanyBankSettings } from '../../shared/payment-runs/bank-settings';
import { payablesForRuns } from '../../shared/payment-runs/payables-adapter';
import type { RunDependencies } from '../../shared/payment-runs/run-dependencies';
import type { TenantContext } from '../../shared/platform/actor';
import { randomIds } from '../../shared/platform/clock';
import { createFieldCrypto } from '../../shared/platform/crypto/field-crypto';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import type { Logger } from '../../shared/platform/telemetry/logger';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import { queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';
import { ChosenBankAccounts } from '../harness/chosen-bank-accounts';

export { achAccount, usableAccount } from '../harness/chosen-bank-accounts';

const fieldCrypto = createFieldCrypto({
  general: { primary: 'k', keys: { k: Buffer.alloc(32, 1) } },
  sensitive: { primary: 'k', keys: { k: Buffer.alloc(32, 2) } },
});
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

export interface RunBooks {
  readonly db: TestDatabase;
  readonly deps: RunDependencies;
  readonly payables: PayablesDependencies;
  readonly banks: ChosenBankAccounts;
  readonly clerk: TenantContext;
  readonly approver: TenantContext;
  readonly accounts: { cash: string; ap: string; expense: string; discounts: string };
  vendor(name: string, extra?: Record<string, unknown>): Promise<string>;
  /** A bill approved and posted (by the approver), dated `billDate`. */
  postedBill(vendorId: string, amount: string, number: string, billDate?: string): Promise<string>;
}

export async function openRunBooks(db?: TestDatabase): Promise<RunBooks> {
  const database = db ?? (await createTestDatabase());
  const prefix = `runs${randomUUID().slice(0, 6)}-`;
  await provisionStorage(storageConnectionString(), prefix);
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const context = (id: string): TenantContext => ({ tenantId, actor: { id, kind: 'member' }, restrictions: {} });
  const clerk = context('clerk');
  const approver = context('approver');
  const queues = queueSenderFor(prefix);
  const base = { container: database.containers.tenantData, clock: { now: () => new Date() }, ids: randomIds };
  const payables: PayablesDependencies = { ...base, fieldCrypto, queues, logger: quiet };
  const banks = new ChosenBankAccounts();
  const deps: RunDependencies = {
    ...base,
    blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
    queues,
    payables: payablesForRuns(payables, banks),
  };
  await new TenantRepository(base.container, clerk).create('organization', tenantId, {
    slug: tenantId,
    name: 'Runs',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const account = async (code: string, type: 'asset' | 'liability' | 'expense' | 'revenue') =>
    (await createAccount(base, clerk, { code, name: `Account ${code}`, type })).id;
  const accounts = {
    cash: await account('1000', 'asset'),
    ap: await account('2000', 'liability'),
    expense: await account('6000', 'expense'),
    discounts: await account('4900', 'revenue'),
  };
  await setPayablesSettings(payables, clerk, { apControlAccountId: accounts.ap, bankChangeCoolingOffHours: 48 });
  await setCompanyBankSettings(deps, clerk, {
    originatingRoutingNumber: '121042882',
    immediateDestination: '231380104',
    immediateDestinationName: 'Federal Reserve Bank',
    immediateOrigin: '121042882',
    immediateOriginName: 'Runs Bank',
    companyName: 'Runs Ltd',
    companyIdentification: '1234567890',
    apCashAccountId: accounts.cash,
    discountAccountId: accounts.discounts,
  });
  return {
    db: database,
    deps,
    payables,
    banks,
    clerk,
    approver,
    accounts,
    async vendor(name, extra = {}) {
      const created = await createVendor(payables, clerk, {
        name,
        individual: false,
        contacts: [],
        terms: { netDays: 30 },
        ...extra,
      });
      return created.id;
    },
    async postedBill(vendorId, amount, number, billDate = '2026-03-02') {
      const bill = await createBill(payables, clerk, {
        vendorId,
        billNumber: number,
        billDate,
        currency: 'USD',
        lines: [{ accountId: accounts.expense, amount }],
        tax: '0',
      });
      const submitted = await submitBill(payables, clerk, bill.id);
      await approveBill(payables, approver, bill.id, submitted.version);
      return bill.id;
    },
  };
}
