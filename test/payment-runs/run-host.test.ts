import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { updateAccount } from '../../shared/ledger/accounts';
import { billType, type Bill } from '../../shared/payables/bill';
import { approvePaymentRun, createPaymentRun, getPaymentRun } from '../../shared/payment-runs/payment-runs';
import { reservationType, type Reservation } from '../../shared/payment-runs/run-reservations';
import { outboxType, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { queueNames } from '../../shared/platform/queues/queue-names';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { appEntry, eventually, fastQueuesRoot } from '../harness/outbox';
import { openRunBooks, type RunBooks } from './run-books';
import { expectPaidOnce, runOutcome } from './run-checks';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

const secrets = generateDevelopmentSecrets();
const payDate = '2026-12-01';

/**
 * Payment runs as the app runs them: approval enqueues the run's message, the local host's
 * queue listener delivers it to the real queue function (host.json of test/fixtures/fast-queues:
 * five deliveries a second apart, then the poison queue), and the remittance emails go out through
 * the email function to the Postmark stand-in.
 */
describe('payment runs through the local host', () => {
  let host: RunningHost;
  let books: RunBooks;
  beforeAll(async () => {
    host = await startHostedApp({ appRoot: fastQueuesRoot, entry: appEntry, env: { ...secrets } });
    const container = host.containers.tenantData;
    books = await openRunBooks({ container, hosted: { queuePrefix: host.queuePrefix, secrets } });
  });
  afterAll(async () => {
    await books?.close();
    await host?.stop();
  });

  /** Two vendors with approved bank accounts and remittance addresses, two bills each, in a draft run. */
  async function draftRun(tag: string) {
    const vendors: string[] = [];
    for (const index of [0, 1]) {
      const vendorId = await books.vendor(`${tag} Vendor ${index}`, { remittanceEmail: `${tag}${index}@v.example` });
      await books.bankAccount(vendorId, { index });
      await books.postedBill(vendorId, `${100 + index}.00`, `${tag}-A${index}`);
      await books.postedBill(vendorId, `${200 + index}.25`, `${tag}-B${index}`);
      vendors.push(vendorId);
    }
    const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy: '2026-12-31', vendorIds: vendors });
    return { runId: run.id, vendors, message: { tenantId: books.clerk.tenantId, runId: run.id } };
  }

  const remittances = (tag: string) =>
    (host.postmark?.sent() ?? []).filter(
      (email) => email.Subject.startsWith('Remittance advice') && email.To.some((to) => to.startsWith(tag)),
    );

  it('a run whose every delivery fails lands in the poison queue: marked failed, bills released, nothing posted, paid or sent', async () => {
    const { runId, vendors } = await draftRun('poison');
    // The AP cash account the company bank settings name is deactivated while the run awaits
    // approval: the file is built, but the ledger refuses every posting to it, on every delivery.
    await updateAccount(ledgerDependencies(books.deps), books.clerk, books.accounts.cash, { active: false });
    await approvePaymentRun(books.deps, books.approver, runId);
    const failed = await eventually(async () => {
      const run = await getPaymentRun(books.deps, books.clerk, runId);
      return run.state === 'failed' ? run : undefined;
    }, 90_000);
    expect(failed.failure).toBe('every delivery of its message failed');
    const queue = `${host.queuePrefix}${queueNames.paymentRuns}`;
    // The poison function has finished its unwinding once the host logs it done.
    const log = await eventually(async () => {
      const output = host.output();
      return output.includes(`payment-runs-poisoned queue:${queue}-poison ok`) ? output : undefined;
    });
    expect(log).toContain(`queue:${queue} failed (try 5)`);
    expect(log).toContain(`moved to ${queue}-poison`);

    const outcome = await runOutcome(books, runId);
    expect(outcome.entries, 'GL entries of the run').toHaveLength(0);
    expect(outcome.payments, 'bill payments of the run').toHaveLength(0);
    expect(outcome.emails, 'remittance emails staged').toHaveLength(0);
    expect(remittances('poison')).toHaveLength(0);
    const bills = await outcome.repository.queryAll<Bill>(billType, {
      where: 'ARRAY_CONTAINS(@vendors, c.vendorId)',
      parameters: [{ name: '@vendors', value: vendors }],
    });
    expect(bills.map((bill) => [bill.paidMinor, bill.settled])).toEqual(bills.map(() => ['0', false]));
    const held = await outcome.repository.queryAll<Reservation>(reservationType, {
      where: 'c.runId = @runId AND c.held = true',
      parameters: [{ name: '@runId', value: runId }],
    });
    expect(held, 'reservations still held').toHaveLength(0);
    expect(outcome.audit.map((record) => record.action)).toContain('payment-runs.failed');

    // Once the account is active again, another run pays the same bills.
    await updateAccount(ledgerDependencies(books.deps), books.clerk, books.accounts.cash, { active: true });
    const again = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy: '2026-12-31', vendorIds: vendors });
    expect(again.billCount).toBe(4);
  }, 120_000);

  it('the same message enqueued twice ends with one file, one entry and one email per vendor', async () => {
    const { runId, message } = await draftRun('twice');
    await approvePaymentRun(books.deps, books.approver, runId);
    await books.deps.queues.send(queueNames.paymentRuns, { ...message });
    await eventually(async () => {
      const run = await getPaymentRun(books.deps, books.clerk, runId);
      return run.state === 'finalized' ? true : undefined;
    }, 60_000).catch((error: unknown) => {
      throw new Error(host.output(), { cause: error });
    });
    const outcome = await expectPaidOnce(books, runId, { vendors: 2, bills: 4, emails: 2 });
    await eventually(async () => {
      const records = await outcome.repository.queryAll<OutboxRecord>(outboxType, {
        where: 'ARRAY_CONTAINS(@ids, c.id)',
        parameters: [{ name: '@ids', value: outcome.emails.map((email) => email.id) }],
      });
      return records.every((record) => record.state === 'completed') ? true : undefined;
    }, 30_000);
    const sent = remittances('twice');
    expect(sent.map((email) => email.To[0]).sort()).toEqual(['twice0@v.example', 'twice1@v.example']);
  }, 120_000);
});
