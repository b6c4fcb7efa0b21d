import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billType, type Bill } from '../../shared/payables/bill';
import { parseNacha } from '../../shared/payment-runs/nacha/nacha-parser';
import { approvePaymentRun, createPaymentRun, getPaymentRun } from '../../shared/payment-runs/payment-runs';
import { advancePaymentRun } from '../../shared/payment-runs/run-execution';
import type { RunDependencies } from '../../shared/payment-runs/run-dependencies';
import { failPaymentRun } from '../../shared/payment-runs/run-returns';
import type { OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { openRunBooks, type RunBooks } from './run-books';
import { expectPaidOnce, runOutcome } from './run-checks';

const payDate = '2026-12-01';
const billCount = 100;

/** A vendor with `billCount` posted bills, in an approved run: more than one transactional batch holds. */
async function bigVendorRun(books: RunBooks, tag: string) {
  const vendorId = await books.vendor(`${tag} Many Bills Co`, { remittanceEmail: `${tag.toLowerCase()}@many.example` });
  await books.bankAccount(vendorId, { index: 1 });
  const numbers = Array.from({ length: billCount }, (_, n) => `${tag}-${String(n).padStart(3, '0')}`);
  for (let start = 0; start < numbers.length; start += 10)
    await Promise.all(numbers.slice(start, start + 10).map((number) => books.postedBill(vendorId, '10.00', number)));
  const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy: '2026-12-31', vendorIds: [vendorId] });
  expect(run).toMatchObject({ billCount, vendorCount: 1, deferredBills: 0, total: '1000.00' });
  await approvePaymentRun(books.deps, books.approver, run.id);
  return { runId: run.id, vendorId, numbers, message: { tenantId: books.clerk.tenantId, runId: run.id } };
}

class Killed extends Error {}

/** Kills the processing the first time it reaches each boundary that `kill` picks. */
function killedOnce(deps: RunDependencies, kill: (boundary: string) => boolean, seen = new Set<string>()) {
  return {
    ...deps,
    atBoundary: (boundary: string) => {
      if (!kill(boundary) || seen.has(boundary)) return;
      seen.add(boundary);
      throw new Killed(boundary);
    },
  } satisfies RunDependencies;
}

describe('a vendor with more bills than one transactional batch holds', () => {
  let books: RunBooks;
  beforeAll(async () => {
    books = await openRunBooks();
  });
  afterAll(() => books.close());

  it('is paid as one payment, its bills marked paid a batch at a time, killed after each batch and resumed', async () => {
    const { runId, vendorId, numbers, message } = await bigVendorRun(books, 'BIG');
    const seen = new Set<string>();
    const deps = killedOnce(books.deps, (boundary) => boundary.startsWith('post:bills:'), seen);
    await expect(advancePaymentRun(deps, message)).rejects.toThrow(Killed);
    await expect(advancePaymentRun(deps, message)).rejects.toThrow(Killed);
    expect(await advancePaymentRun(deps, message)).toBe('finalized');
    expect([...seen]).toEqual([`post:bills:${vendorId}:40`, `post:bills:${vendorId}:85`]);
    const outcome = await expectPaidOnce(books, runId, { vendors: 1, bills: billCount, emails: 1 });
    expect(outcome.entries[0]!.lines.map((line) => [line.side, line.amountMinor])).toEqual([
      ['debit', '100000'],
      ['credit', '100000'],
    ]);
    // One ACH entry: its addenda names what fits and counts the rest, which the email lists.
    const blob = books.deps.blobs
      .getContainerClient(outcome.files[0]!.container)
      .getBlockBlobClient(outcome.files[0]!.path);
    const entries = parseNacha((await blob.downloadToBuffer()).toString('ascii')).batches.flatMap((b) => b.entries);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.amount).toBe(100_000n);
    const remittance = entries[0]!.addenda[0]!.paymentRelatedInformation.trim();
    const [, named, more] = /^INV ((?:BIG-\d{3} ?)+) \+(\d+) MORE$/.exec(remittance) ?? [];
    expect(named!.split(' ').length + Number(more), remittance).toBe(billCount);
    const [email] = await outcome.repository.queryAll<OutboxRecord<{ textBody: string }>>('outbox', {
      where: 'c.id = @id',
      parameters: [{ name: '@id', value: outcome.emails[0]!.id }],
    });
    for (const number of numbers) expect(email!.payload.textBody).toContain(`  ${number}  paid 10.00 USD`);
  });

  it('unwound after part of its bills were marked paid, reopens exactly those and reverses the entry', async () => {
    const { runId, vendorId, message } = await bigVendorRun(books, 'HALF');
    const deps = killedOnce(books.deps, (boundary) => boundary === `post:bills:${vendorId}:40`);
    await expect(advancePaymentRun(deps, message)).rejects.toThrow(Killed);
    const before = await runOutcome(books, runId);
    expect(before.payments).toHaveLength(85);
    await failPaymentRun(books.deps, message, 'every delivery failed');
    await failPaymentRun(books.deps, message, 'every delivery failed');
    expect((await getPaymentRun(books.deps, books.clerk, runId)).state).toBe('failed');
    const { entries, payments, repository } = await runOutcome(books, runId);
    const [original, reversal] = [entries.find((e) => !e.reversalOf), entries.find((e) => e.reversalOf)];
    expect(reversal?.reversalOf).toBe(original?.id);
    expect(entries).toHaveLength(2);
    expect(payments.filter((payment) => payment.returned !== null)).toHaveLength(85);
    const bills = await repository.queryAll<Bill>(billType, {
      where: 'c.vendorId = @vendorId',
      parameters: [{ name: '@vendorId', value: vendorId }],
    });
    expect(bills.filter((bill) => bill.paidMinor !== '0' || bill.settled)).toHaveLength(0);
    const again = await createPaymentRun(books.deps, books.clerk, {
      payDate,
      dueBy: '2026-12-31',
      vendorIds: [vendorId],
    });
    expect(again.billCount).toBe(billCount);
  });
});
