import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBillPayment } from '../../shared/payables/cosmos-bill-payment-store';
import { usableBankAccount } from '../../shared/payables/bank-account-use';
import { bankingHoursLater } from '../../shared/payables/banking-days';
import { withPayablesStore, type BankAccountDependencies } from '../../shared/payables/payables-dependencies';
import { PayablesRepository } from '../../shared/payables/cosmos-payables-repository';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { parseFieldKeyRing } from '../../shared/platform/config/secrets';
import { createFieldCrypto, DecryptionError } from '../../shared/platform/crypto/field-crypto';
import { createKeyedFingerprints } from '../../shared/platform/crypto/keyed-fingerprint';
import type { Logger } from '../../shared/platform/telemetry/logger';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { appEntry, eventually, fastQueuesRoot, queueSenderFor } from '../harness/outbox';
import { openPayablesBooks, type PayablesBooks } from '../harness/payables-books';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const everything = { ledger: 'admin', payables: 'admin', banking: 'admin', settings: 'admin' } as const;
const account = {
  routingNumber: '021000021',
  accountNumber: '000123456789',
  accountType: 'checking',
  holderName: 'Paper & Co',
};
const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };
const hours = (n: number) => new Date(Date.now() + n * 3_600_000);
/** Past any 48-hour cooling-off, however many weekend and holiday hours it skips. */
const afterCoolingOff = () => hours(10 * 24);

interface BankAccount {
  id: string;
  state: string;
  accountNumber: string;
  routingNumber: string;
  notice: { to: string[]; outboxId: string } | null;
  approval: { by: string; verification: { phone: string; calledBy: string } } | null;
  requestedAt: string;
  usableFrom: string | null;
  recognised: Array<{ vendorId: string; bankAccountId: string; state: string }>;
  purged: { by: string; reason: string } | null;
}

/**
 * Vendor bank details against payment fraud, over HTTP and the real queues: a change is told to
 * the vendor before it is stored, waits for a second banking admin and its cooling-off, and a
 * purge leaves the payment history and no ciphertext anywhere.
 */
describe('payables: vendor bank details', () => {
  let host: RunningHost;
  let data: Container;
  let books: PayablesBooks;
  let deps: BankAccountDependencies;
  const system = () => ({ tenantId: books.tenantId, actor: { id: 'system:payment-run', kind: 'system' as const } });

  const vendor = async (extra: Record<string, unknown> = {}) => {
    const created = await books.call<{ id: string }>('alice', 'POST', 'payables/vendors', {
      name: `Paper ${randomUUID().slice(0, 4)}`,
      remittanceEmail: 'ar@paper.example',
      contacts: [{ name: 'Accounts', phone: '+1 (555) 010-0100', email: 'accounts@paper.example' }],
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  };
  const request = async (vendorId: string, by = 'alice', body: Record<string, unknown> = account) => {
    const response = await books.call<BankAccount>(by, 'POST', `payables/vendors/${vendorId}/bank-accounts`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const noticeState = async (outboxId: string) => {
    const { resource } = await data.item(outboxId, books.tenantId).read<{ state: string }>();
    return resource?.state;
  };
  const sent = (outboxId: string) =>
    eventually(async () => ((await noticeState(outboxId)) === 'completed' ? true : undefined));
  const approve = (vendorId: string, id: string, by = 'bob', phone = '555-010-0100') =>
    books.call<BankAccount>(by, 'POST', `payables/vendors/${vendorId}/bank-accounts/${id}/approve`, {
      verification: {
        method: 'call-back',
        phone,
        calledAt: new Date().toISOString(),
        notes: 'Confirmed with the controller',
      },
    });
  const approved = async (vendorId: string) => {
    const pending = await request(vendorId);
    await sent(pending.notice!.outboxId);
    const response = await approve(vendorId, pending.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const partition = async () => {
    const { resources } = await data.items
      .query({ query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: books.tenantId }] })
      .fetchAll();
    return JSON.stringify(resources);
  };

  beforeAll(async () => {
    host = await startHostedApp({
      appRoot: fastQueuesRoot,
      entry: appEntry,
      env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '10000' },
    });
    data = host.containers.tenantData;
    books = await openPayablesBooks({ url: host.url, data, tokens, members: { alice: everything, bob: everything } });
    deps = withPayablesStore({
      container: data,
      clock: systemClock,
      ids: randomIds,
      fieldCrypto: createFieldCrypto({
        general: parseFieldKeyRing('FIELD_KEYS_GENERAL', secrets.FIELD_KEYS_GENERAL),
        sensitive: parseFieldKeyRing('FIELD_KEYS_SENSITIVE', secrets.FIELD_KEYS_SENSITIVE),
      }),
      fingerprints: createKeyedFingerprints(parseFieldKeyRing('BANK_FINGERPRINT_KEYS', secrets.BANK_FINGERPRINT_KEYS)),
      queues: queueSenderFor(host.queuePrefix),
      logger: silent,
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('refuses a routing number whose check digit is wrong, and never answers a full number', async () => {
    const paper = await vendor();
    const wrong = await books.call('alice', 'POST', `payables/vendors/${paper}/bank-accounts`, {
      ...account,
      routingNumber: '021000022',
    });
    expect(wrong.status).toBe(400);
    const entered = await request(paper);
    expect(entered).toMatchObject({ state: 'pending', accountNumber: '••••6789', routingNumber: '••••0021' });
    const listed = await books.call('alice', 'GET', `payables/vendors/${paper}/bank-accounts`);
    expect(JSON.stringify(listed.body)).not.toContain('123456789');
    expect(JSON.stringify(listed.body)).not.toContain('021000021');
  });

  it('emails the contacts on file before the change is stored, and approval waits until that notice was sent', async () => {
    const paper = await vendor();
    const pending = await request(paper, 'alice', { ...account, holderName: 'Someone Else' });
    expect(pending.notice!.to.sort()).toEqual(['accounts@paper.example', 'ar@paper.example']);
    const { resource: notice } = await data
      .item(pending.notice!.outboxId, books.tenantId)
      .read<{ createdAt: string; payload: { textBody: string } }>();
    const { resource: change } = await data.item(pending.id, books.tenantId).read<{ createdAt: string }>();
    expect(notice!.createdAt <= change!.createdAt).toBe(true);
    expect(notice!.payload.textBody).toContain('6789');
    expect(notice!.payload.textBody).not.toContain('123456789');
    await sent(pending.notice!.outboxId);
    // As if the notice had never gone out: the approval is refused.
    const { resource: record } = await data
      .item(pending.notice!.outboxId, books.tenantId)
      .read<Record<string, unknown>>();
    await data.item(pending.notice!.outboxId, books.tenantId).replace({ ...record!, state: 'failed' });
    const refused = await approve(paper, pending.id);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('notice');

    const silent = await vendor({ remittanceEmail: null, contacts: [{ name: 'Nobody', phone: '+1 555 0199' }] });
    const before = await partition();
    const nobody = await books.call('alice', 'POST', `payables/vendors/${silent}/bank-accounts`, account);
    expect(nobody.status).toBe(409);
    expect(await partition()).toBe(before);
  });

  it('cannot be approved by its author, only after a call back to a number already on file', async () => {
    const paper = await vendor();
    const pending = await request(paper);
    await sent(pending.notice!.outboxId);
    expect((await approve(paper, pending.id, 'alice')).status).toBe(403);
    expect((await approve(paper, pending.id, 'bob', '+1 555 999 0000')).status).toBe(400);
    const done = await approve(paper, pending.id);
    expect(done.body).toMatchObject({ state: 'approved', approval: { by: 'bob', verification: { calledBy: 'bob' } } });
  });

  it('cannot be used for payments before approval and the cooling-off period', async () => {
    const paper = await vendor();
    const pending = await request(paper);
    const waiting = await usableBankAccount(deps, system(), paper, hours(100));
    expect(waiting).toMatchObject({ usable: false, reason: expect.stringMatching(/approval/) });
    await sent(pending.notice!.outboxId);
    const done = await approve(paper, pending.id);
    expect(await usableBankAccount(deps, system(), paper, new Date())).toMatchObject({
      usable: false,
      reason: expect.stringMatching(/cooling-off/),
    });
    // 48 hours of banking days from the change: weekend and Fed holiday hours do not count.
    const usableFrom = Date.parse(done.body.usableFrom!);
    expect(done.body.usableFrom).toBe(bankingHoursLater(new Date(pending.requestedAt), 48).toISOString());
    expect(usableFrom).toBeGreaterThanOrEqual(Date.parse(pending.requestedAt) + 48 * 3_600_000);
    expect(await usableBankAccount(deps, system(), paper, new Date(usableFrom - 1_000))).toMatchObject({
      usable: false,
    });
    expect(await usableBankAccount(deps, system(), paper, new Date(usableFrom))).toMatchObject({
      usable: true,
      routingNumber: '021000021',
      accountNumber: '000123456789',
      maskedAccount: '••••6789',
    });
  });

  it('a ciphertext pasted onto another vendor fails to decrypt', async () => {
    const [first, second] = [await vendor(), await vendor()];
    const [a, b] = [await approved(first), await approved(second)];
    const { resource: source } = await data.item(a.id, books.tenantId).read<{ accountCiphertext: string }>();
    const { resource: target } = await data.item(b.id, books.tenantId).read<Record<string, unknown>>();
    await data.item(b.id, books.tenantId).replace({ ...target!, accountCiphertext: source!.accountCiphertext });
    await expect(usableBankAccount(deps, system(), second, afterCoolingOff())).rejects.toThrow(DecryptionError);
  });

  it('a purge leaves the payment history readable and no ciphertext anywhere, the data export included', async () => {
    const paper = await vendor();
    const current = await approved(paper);
    const use = await usableBankAccount(deps, system(), paper, afterCoolingOff());
    if (!use.usable) throw new Error(use.reason);
    const { resource: stored } = await data
      .item(current.id, books.tenantId)
      .read<{ accountCiphertext: string; routingCiphertext: string }>();

    const bill = await books.call<{ id: string; version: string }>('alice', 'POST', 'payables/bills', {
      vendorId: paper,
      billNumber: 'P-1',
      billDate: '2026-03-02',
      currency: 'USD',
      lines: [{ accountId: books.accounts['6000'], amount: '50.00' }],
    });
    await books.call('alice', 'POST', `payables/bills/${bill.body.id}/submit`);
    await books.call('bob', 'POST', `payables/bills/${bill.body.id}/approve`, { version: bill.body.version });
    const repository = PayablesRepository.open(deps, system());
    const stage = await prepareBillPayment(repository, {
      billId: bill.body.id,
      paymentId: 'run-1-entry-1',
      date: '2026-03-05',
      amountMinor: 5000n,
      discountMinor: 0n,
      source: 'payment-run-1',
      account: { bankAccountId: use.bankAccountId, maskedAccount: use.maskedAccount, fingerprint: use.fingerprint },
    });
    if (stage === 'applied') throw new Error('applied before');
    const transaction = repository.transaction();
    stage(transaction);
    await transaction.commit();

    const purged = await books.call<BankAccount>(
      'bob',
      'POST',
      `payables/vendors/${paper}/bank-accounts/${current.id}/purge`,
      {
        reason: 'Vendor closed the account',
      },
    );
    expect(purged.body).toMatchObject({ state: 'purged', accountNumber: '••••6789', purged: { by: 'bob' } });
    const { body: history } = await books.call<{ items: BankAccount[] }>(
      'alice',
      'GET',
      `payables/vendors/${paper}/bank-accounts`,
    );
    expect(history.items.map((a) => a.state)).toEqual(['purged']);
    const { resource: payment } = await data
      .item(`bill-payment-${bill.body.id}-run-1-entry-1`, books.tenantId)
      .read<{ amountMinor: string; date: string; account: { maskedAccount: string; fingerprint: string } }>();
    expect(payment).toMatchObject({
      amountMinor: '5000',
      date: '2026-03-05',
      account: { maskedAccount: '••••6789', fingerprint: use.fingerprint },
    });

    const everythingStored = await partition();
    for (const secret of [stored!.accountCiphertext, stored!.routingCiphertext, '000123456789'])
      expect(everythingStored).not.toContain(secret);
    expect((await usableBankAccount(deps, system(), paper, afterCoolingOff())).usable).toBe(false);

    const requested = await books.call<{ id: string }>('alice', 'POST', 'admin/data-exports');
    const done = await eventually(async () => {
      const state = await books.call<{ status: string; files: Array<{ name: string }> }>(
        'alice',
        'GET',
        `admin/data-exports/${requested.body.id}`,
      );
      return state.body.status === 'completed' ? state.body : undefined;
    });
    let exported = '';
    for (const file of done.files)
      exported += JSON.stringify(
        (await books.call('alice', 'GET', `admin/data-exports/${requested.body.id}/files/${file.name}`)).body,
      );
    expect(exported).toContain(bill.body.id);
    for (const secret of [stored!.accountCiphertext, stored!.routingCiphertext, '000123456789', 'enc:v1:sensitive'])
      expect(exported).not.toContain(secret);

    const again = await request(await vendor(), 'alice', { ...account, holderName: 'New Owner' });
    expect(again.recognised).toContainEqual({ vendorId: paper, bankAccountId: current.id, state: 'purged' });
  }, 60_000);
});
