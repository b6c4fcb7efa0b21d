import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billType, type Bill } from '../../shared/payables/bill';
import { parseNacha } from '../../shared/payment-runs/nacha/nacha-parser';
import { approvePaymentRun, createPaymentRun, getPaymentRun } from '../../shared/payment-runs/payment-runs';
import { advancePaymentRun } from '../../shared/payment-runs/run-execution';
import { failPaymentRun } from '../../shared/payment-runs/run-returns';
import type { RunDependencies } from '../../shared/payment-runs/run-dependencies';
import { killedAt, Killed } from '../harness/step-faults';
import { openRunBooks, type RunBooks } from './run-books';
import { expectPaidOnce, runOutcome } from './run-checks';

const payDate = '2026-12-01';

/** Three vendors (one an individual, one without a remittance address), two bills each, an approved run. */
async function approvedRun(books: RunBooks, tag: string) {
  const vendors = [
    await books.vendor(`${tag} Paper Co`, { remittanceEmail: 'ap@paper.example' }),
    await books.vendor(`${tag} Jo Smith`, { individual: true, remittanceEmail: 'jo@smith.example' }),
    await books.vendor(`${tag} Ink Ltd`),
  ];
  for (const [index, vendorId] of vendors.entries()) {
    await books.bankAccount(vendorId, { index });
    await books.postedBill(vendorId, `${100 + index}.00`, `${tag}-A${index}`);
    await books.postedBill(vendorId, `${200 + index}.50`, `${tag}-B${index}`);
  }
  const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy: '2026-12-31', vendorIds: vendors });
  await approvePaymentRun(books.deps, books.approver, run.id);
  return { runId: run.id, vendors, message: { tenantId: books.clerk.tenantId, runId: run.id } };
}

describe('payment run execution: exactly once under faults', () => {
  let books: RunBooks;
  let boundaries: string[];
  afterAll(() => books.close());
  beforeAll(async () => {
    books = await openRunBooks();
    const seen: string[] = [];
    const { runId, message } = await approvedRun(books, 'CLEAN');
    expect(await advancePaymentRun(killedAt(books.deps, 0, seen), message)).toBe('finalized');
    boundaries = seen;
    await expectPaidOnce(books, runId, { vendors: 3, bills: 6, emails: 2 });
  });

  it('writes a file our parser accepts: CCD with the paid invoice numbers, PPD for the individual, PURCHASE', async () => {
    const { runId, message } = await approvedRun(books, 'FILE');
    await advancePaymentRun(books.deps, message);
    const { files } = await runOutcome(books, runId);
    const blob = books.deps.blobs.getContainerClient(files[0]!.container).getBlockBlobClient(files[0]!.path);
    const file = parseNacha((await blob.downloadToBuffer()).toString('ascii'));
    const [ccd, ppd] = file.batches;
    expect(ccd?.header).toMatchObject({ standardEntryClass: 'CCD', companyEntryDescription: 'PURCHASE' });
    expect(ccd?.entries.map((entry) => entry.addenda[0]?.paymentRelatedInformation)).toEqual([
      'INV FILE-A0 FILE-B0',
      'INV FILE-A2 FILE-B2',
    ]);
    expect(ppd?.header.standardEntryClass).toBe('PPD');
    expect(file.control.totalCredit).toBe(10_000n + 20_050n + 10_100n + 20_150n + 10_200n + 20_250n);
    const run = await getPaymentRun(books.deps, books.clerk, runId);
    expect(run).toMatchObject({ state: 'finalized', file: { sha256: files[0]!.sha256, entries: 3 } });
  });

  it('killed at every step boundary and resumed: one file, one GL entry per vendor, each bill paid once, one email per vendor', async () => {
    expect(boundaries).toEqual([
      'file:0:0',
      'file:stored',
      'post:0:0',
      'post:effect:0',
      'post:3:0',
      'notify:3:0',
      'notify:effect:0',
      'release:3:3',
      'finalize:3:3',
      'finalized:3:3',
    ]);
    for (let n = 1; n <= boundaries.length; n += 1) {
      const { runId, message } = await approvedRun(books, `KILL${n}`);
      await expect(
        advancePaymentRun(killedAt(books.deps, n), message),
        `boundary ${boundaries[n - 1]}`,
      ).rejects.toThrow(Killed);
      // Killed after the finalized state was saved, the next delivery finds nothing left to do.
      expect(['finalized', 'nothing to do']).toContain(await advancePaymentRun(books.deps, message));
      expect((await getPaymentRun(books.deps, books.clerk, runId)).state).toBe('finalized');
      await expectPaidOnce(books, runId, { vendors: 3, bills: 6, emails: 2 });
    }
  });

  it('a message delivered twice, even at the same time, pays once', async () => {
    const { runId, message } = await approvedRun(books, 'TWICE');
    const outcomes = await Promise.all([
      advancePaymentRun(books.deps, message),
      advancePaymentRun(books.deps, message),
    ]);
    expect(outcomes).toContain('finalized');
    expect(await advancePaymentRun(books.deps, message)).toBe('nothing to do');
    await expectPaidOnce(books, runId, { vendors: 3, bills: 6, emails: 2 });
  });

  it('a run whose every delivery fails ends failed with nothing half-paid, and its bills free for another run', async () => {
    const { runId, message, vendors } = await approvedRun(books, 'POISON');
    const failing: RunDependencies = {
      ...books.deps,
      atBoundary: (boundary) => {
        if (boundary.startsWith('post:effect')) throw new Killed(boundary);
      },
    };
    for (let delivery = 1; delivery <= 5; delivery += 1)
      await expect(advancePaymentRun(failing, message)).rejects.toThrow(Killed);
    await failPaymentRun(books.deps, message, 'every delivery failed');
    const run = await getPaymentRun(books.deps, books.clerk, runId);
    expect(run).toMatchObject({ state: 'failed', failure: 'every delivery failed' });
    const { entries, repository } = await runOutcome(books, runId);
    const posted = entries.filter((entry) => entry.reversalOf === null);
    expect(posted).toHaveLength(3);
    expect(
      entries
        .filter((entry) => entry.reversalOf !== null)
        .map((entry) => entry.reversalOf)
        .sort(),
    ).toEqual(posted.map((entry) => `${entry.id}`).sort());
    const bills = await repository.queryAll<Bill>(billType, {
      where: 'ARRAY_CONTAINS(@vendors, c.vendorId)',
      parameters: [{ name: '@vendors', value: vendors }],
    });
    expect(bills.every((bill) => bill.paidMinor === '0' && !bill.settled)).toBe(true);
    const again = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy: '2026-12-31', vendorIds: vendors });
    expect(again.billCount).toBe(6);
    expect(await advancePaymentRun(books.deps, message)).toBe('nothing to do');
  });
});
