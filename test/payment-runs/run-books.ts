import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { provisionStorage } from '../../local/provision';
import { startPostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { createAccount } from '../../shared/ledger/accounts';
import { approveBill } from '../../shared/payables/bill-approval';
import { createBill, submitBill } from '../../shared/payables/bills';
import type { BankAccountView } from '../../shared/payables/bank-account-schemas';
import type { BankAccountDependencies } from '../../shared/payables/payables-dependencies';
import { setPayablesSettings } from '../../shared/payables/payables-settings';
import { createVendor } from '../../shared/payables/vendors';
import { setCompanyBankSettings } from '../../shared/payment-runs/bank-settings';
import { runDependenciesOver, type RunDependencies } from '../../shared/payment-runs/run-dependencies';
import type { TenantContext } from '../../shared/platform/actor';
import { randomIds, type Clock } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { deliverEmail } from '../../shared/platform/email/email-delivery';
import { createPostmarkSender } from '../../shared/platform/email/postmark-sender';
import { outboxType, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { createTestDatabase } from '../harness/cosmos';
import { eventually, queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';
import {
  bankAccountDesk,
  payablesUnder,
  vendorContacts,
  type BankAccountRequest,
} from '../harness/vendor-bank-accounts';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

export interface RunBooks {
  readonly deps: RunDependencies;
  readonly payables: BankAccountDependencies;
  readonly clerk: TenantContext;
  readonly approver: TenantContext;
  readonly accounts: { cash: string; ap: string; expense: string; discounts: string };
  /** A vendor with a contact on file (email and phone: a bank change can be told and verified). */
  vendor(name: string, extra?: Record<string, unknown>): Promise<string>;
  /** The vendor's bank account through payables (entered, its notice sent, approved by a second admin). */
  bankAccount(vendorId: string, request: BankAccountRequest): Promise<BankAccountView>;
  /** A bill approved and posted (by the approver), dated `billDate`. */
  postedBill(vendorId: string, amount: string, number: string, billDate?: string): Promise<string>;
  close(): Promise<void>;
}

export interface RunBooksOptions {
  /** The organisation's container (a hosted app's database); a new test database by default. */
  readonly container?: Container;
  /** A hosted app's queue prefix and key rings: its functions take the messages and decrypt the accounts. */
  readonly hosted?: { readonly queuePrefix: string; readonly secrets: ReturnType<typeof generateDevelopmentSecrets> };
  readonly clock?: Clock;
}

const quiet = createLogger({ level: 'error', sink: () => undefined });

export async function openRunBooks(options: RunBooksOptions = {}): Promise<RunBooks> {
  const container = options.container ?? (await createTestDatabase()).containers.tenantData;
  const prefix = options.hosted?.queuePrefix ?? `runs${randomUUID().slice(0, 6)}-`;
  if (!options.hosted) await provisionStorage(storageConnectionString(), prefix);
  const secrets = options.hosted?.secrets ?? generateDevelopmentSecrets();
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const context = (id: string): TenantContext => ({ tenantId, actor: { id, kind: 'member' }, restrictions: {} });
  const clerk = context('clerk');
  const approver = context('approver');
  const queues = queueSenderFor(prefix);
  const blobs = BlobServiceClient.fromConnectionString(storageConnectionString());
  const base = { container, clock: options.clock ?? { now: () => new Date() }, ids: randomIds };
  const payables = payablesUnder(base, secrets, queues, quiet);
  const deps = runDependenciesOver(payables, { blobs, queues });
  // Without a hosted app, the notice goes out here, through the Postmark stand-in.
  const postmark = options.hosted ? undefined : await startPostmarkStandIn({ serverToken: randomUUID() });
  const system = new TenantRepository(container, { tenantId, actor: { id: 'system:test', kind: 'system' } });
  const deliverNotice = async (outboxId: string) => {
    if (postmark) {
      const sender = createPostmarkSender({
        apiUrl: postmark.url,
        serverToken: postmark.serverToken,
        from: 'ap@runs.example',
      });
      await deliverEmail({ ...base, blobs, sender, logger: quiet }, { tenantId, outboxId });
    }
    await eventually(async () =>
      (await system.get<OutboxRecord>(outboxType, outboxId)).state === 'completed' ? true : undefined,
    );
  };
  await system.create('organization', tenantId, {
    slug: tenantId,
    name: 'Runs',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const account = async (code: string, type: 'asset' | 'liability' | 'expense' | 'revenue') =>
    (await createAccount(ledgerDependencies(base), clerk, { code, name: `Account ${code}`, type })).id;
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
    deps,
    payables,
    clerk,
    approver,
    accounts,
    async vendor(name, extra = {}) {
      const created = await createVendor(payables, clerk, {
        name,
        individual: false,
        contacts: vendorContacts,
        terms: { netDays: 30 },
        ...extra,
      });
      return created.id;
    },
    bankAccount: bankAccountDesk({ deps: payables, enteredBy: clerk, approvedBy: approver, deliverNotice }),
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
    close: async () => postmark?.stop(),
  };
}
