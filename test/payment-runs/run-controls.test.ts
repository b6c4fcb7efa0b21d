import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { journalEntryType, type JournalEntry } from '../../shared/ledger/journal-entry';
import { billType, type Bill } from '../../shared/payables/bill';
import { parseNacha } from '../../shared/payment-runs/nacha/nacha-parser';
import {
  approvePaymentRun,
  cancelPaymentRun,
  createPaymentRun,
  getPaymentRun,
} from '../../shared/payment-runs/payment-runs';
import { editPaymentRun } from '../../shared/payment-runs/run-edits';
import { advancePaymentRun } from '../../shared/payment-runs/run-execution';
import { releasePaymentFile } from '../../shared/payment-runs/run-release';
import { returnPayment } from '../../shared/payment-runs/run-returns';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { bankAccountType, type VendorBankAccount } from '../../shared/payables/bank-account';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/platform/errors';
import { openRunBooks, type RunBooks } from './run-books';
import { runOutcome } from './run-checks';

const payDate = '2026-12-01';
const dueBy = '2026-12-31';

describe('payment run controls', () => {
  let books: RunBooks;
  beforeAll(async () => {
    books = await openRunBooks();
  });
  afterAll(() => books.close());

  async function payable(tag: string, accounts = true) {
    const vendorId = await books.vendor(`${tag} Vendor`, { remittanceEmail: `${tag.toLowerCase()}@v.example` });
    if (accounts) await books.bankAccount(vendorId, { index: 1 });
    const billId = await books.postedBill(vendorId, '250.00', `${tag}-1`);
    return { vendorId, billId };
  }

  const finalize = async (runId: string) =>
    expect(await advancePaymentRun(books.deps, { tenantId: books.clerk.tenantId, runId })).toBe('finalized');

  it('is approved only by a member who did not create it (dual control), and then runs once', async () => {
    const { vendorId } = await payable('DUAL');
    const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] });
    expect(run).toMatchObject({ state: 'draft', billCount: 1, total: '250.00' });
    await expect(approvePaymentRun(books.deps, books.clerk, run.id)).rejects.toThrow(ForbiddenError);
    expect((await approvePaymentRun(books.deps, books.approver, run.id)).state).toBe('approved');
    await expect(approvePaymentRun(books.deps, books.approver, run.id)).rejects.toThrow(ConflictError);
  });

  it('reserves its bills: another run cannot propose them until the first is cancelled', async () => {
    const { vendorId, billId } = await payable('RESERVE');
    const first = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] });
    await expect(createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] })).rejects.toThrow(
      ConflictError,
    );
    expect((await cancelPaymentRun(books.deps, books.clerk, first.id)).state).toBe('cancelled');
    const second = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] });
    expect(second.payments?.[0]?.bills.map((bill) => bill.billId)).toEqual([billId]);
  });

  it('leaves out vendors whose bank account is not usable, saying why, and sends a requested prenote', async () => {
    const ready = await payable('READY');
    const pending = await payable('PENDING', false);
    const cooling = await payable('COOLING', false);
    const prenote = await payable('PRENOTE', false);
    const none = await payable('NONE', false);
    // Entered but approved by no second banking admin; approved but entered just now (cooling-off);
    // approved with a prenote still to send; no account at all.
    await books.bankAccount(pending.vendorId, { index: 2, approve: false });
    await books.bankAccount(cooling.vendorId, { index: 3, enteredMsAgo: 0 });
    const prenoted = await books.bankAccount(prenote.vendorId, { index: 4, prenote: true });
    const vendorIds = [ready, pending, cooling, prenote, none].map((each) => each.vendorId);
    const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds });
    await approvePaymentRun(books.deps, books.approver, run.id);
    await finalize(run.id);
    const done = await getPaymentRun(books.deps, books.clerk, run.id);
    const reasons = Object.fromEntries(done.excluded.map((each) => [each.vendorId, each.reason]));
    expect(reasons[ready.vendorId]).toBeUndefined();
    expect(reasons[pending.vendorId]).toMatch(/awaits approval by a second banking admin/);
    expect(reasons[cooling.vendorId]).toMatch(/cooling-off period until/);
    expect(reasons[prenote.vendorId]).toMatch(/prenote must go to the account first/);
    expect(reasons[none.vendorId]).toBe('the vendor has no approved bank account');
    const { files, payments } = await runOutcome(books, run.id);
    expect(payments.map((payment) => payment.billId)).toEqual([ready.billId]);
    const blob = books.deps.blobs.getContainerClient(files[0]!.container).getBlockBlobClient(files[0]!.path);
    const entries = parseNacha((await blob.downloadToBuffer()).toString('ascii')).batches.flatMap((b) => b.entries);
    expect(entries.map((entry) => [entry.transactionCode, entry.dfiAccountNumber.trim(), entry.amount]).sort()).toEqual(
      [
        ['22', '100001', 25_000n],
        ['23', '100004', 0n],
      ],
    );
    // The prenote is recorded on payables' account: live payments wait three banking days after the pay date.
    const account = await new TenantRepository(books.deps.container, books.clerk).get<VendorBankAccount>(
      bankAccountType,
      prenoted.id,
    );
    expect(account.prenote).toEqual({ required: true, sentOn: payDate, liveFrom: '2026-12-04' });
    // The excluded vendors' bills are free again for a later run, which still leaves the prenoted vendor out.
    const later = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds });
    expect(later.billCount).toBe(4);
    await approvePaymentRun(books.deps, books.approver, later.id);
    await finalize(later.id);
    const after = await getPaymentRun(books.deps, books.clerk, later.id);
    expect(after.excluded.find((each) => each.vendorId === prenote.vendorId)?.reason).toMatch(
      /live payments wait until 2026-12-04/,
    );
    const use = (at: string) => books.deps.payables.bankAccountUse(books.clerk, prenote.vendorId, new Date(at));
    expect((await use('2026-12-03T23:59:59Z')).usable).toBe(false);
    expect((await use('2026-12-04T00:00:00Z')).usable).toBe(true);
  });

  it('moves a pay date on a Fed holiday to the next banking day: the run shows it, the file and the entries use it', async () => {
    const { vendorId } = await payable('HOLIDAY');
    const run = await createPaymentRun(books.deps, books.clerk, {
      payDate: '2026-12-25',
      dueBy,
      vendorIds: [vendorId],
    });
    expect(run).toMatchObject({ requestedPayDate: '2026-12-25', payDate: '2026-12-28' });
    await approvePaymentRun(books.deps, books.approver, run.id);
    await finalize(run.id);
    const { files, entries } = await runOutcome(books, run.id);
    const blob = books.deps.blobs.getContainerClient(files[0]!.container).getBlockBlobClient(files[0]!.path);
    const file = parseNacha((await blob.downloadToBuffer()).toString('ascii'));
    expect(file.batches.map((batch) => batch.header.effectiveEntryDate)).toEqual(['261228']);
    expect(entries.map((entry) => entry.date)).toEqual(['2026-12-28']);
  });

  it('releases the file only after its hash matches; a changed file is refused and the run flagged', async () => {
    const { vendorId } = await payable('RELEASE');
    const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] });
    await expect(releasePaymentFile(books.deps, books.clerk, run.id)).rejects.toThrow(ConflictError);
    await approvePaymentRun(books.deps, books.approver, run.id);
    await finalize(run.id);
    const released = await releasePaymentFile(books.deps, books.clerk, run.id);
    const { files, audit } = await runOutcome(books, run.id);
    expect(released.document.sha256).toBe(files[0]!.sha256);
    expect(parseNacha(released.bytes.toString('ascii')).control.totalCredit).toBe(25_000n);
    expect(audit.map((record) => record.action)).toContain('payment-runs.file-stored');
    const downloads = await runOutcome(books, files[0]!.id);
    expect(downloads.audit.map((record) => record.action)).toEqual(['document.downloaded']);

    const blob = books.deps.blobs.getContainerClient(files[0]!.container).getBlockBlobClient(files[0]!.path);
    const tampered = released.bytes.toString('ascii').replace('0000025000', '0002500000');
    await blob.upload(Buffer.from(tampered), tampered.length);
    await expect(releasePaymentFile(books.deps, books.clerk, run.id)).rejects.toThrow(/no longer matches/);
    const flagged = await getPaymentRun(books.deps, books.clerk, run.id);
    expect(flagged.flagged?.reason).toMatch(/recorded hash/);
    await expect(releasePaymentFile(books.deps, books.clerk, run.id)).rejects.toThrow(/flagged/);
    const records = await books.payables.container.items
      .query<AuditRecord>({
        query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @type AND c.action = @a',
        parameters: [
          { name: '@t', value: books.clerk.tenantId },
          { name: '@type', value: auditRecordType },
          { name: '@a', value: 'payment-runs.file-flagged' },
        ],
      })
      .fetchAll();
    expect(records.resources).toHaveLength(1);
  });

  it('a returned payment (R01) reopens the bill and posts the reversal, once', async () => {
    const { vendorId, billId } = await payable('RETURN');
    const run = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] });
    await approvePaymentRun(books.deps, books.approver, run.id);
    await finalize(run.id);
    const returned = await returnPayment(books.deps, books.clerk, run.id, {
      vendorId,
      code: 'R01',
      date: '2026-12-03',
    });
    expect(returned.payments?.[0]?.returned).toEqual({ code: 'R01', date: '2026-12-03' });
    await returnPayment(books.deps, books.clerk, run.id, { vendorId, code: 'R01', date: '2026-12-03' });
    const { entries, repository } = await runOutcome(books, run.id);
    const reversal = entries.filter((entry) => entry.reversalOf !== null);
    expect(reversal).toHaveLength(1);
    const original = await repository.get<JournalEntry>(journalEntryType, reversal[0]!.reversalOf!);
    expect(reversal[0]!.lines.map((line) => [line.accountId, line.side, line.amountMinor])).toEqual(
      original.lines.map((line) => [line.accountId, line.side === 'debit' ? 'credit' : 'debit', line.amountMinor]),
    );
    const bill = await repository.get<Bill>(billType, billId);
    expect(bill).toMatchObject({ paidMinor: '0', settled: false });
    const again = await createPaymentRun(books.deps, books.clerk, { payDate, dueBy, vendorIds: [vendorId] });
    expect(again.billCount).toBe(1);
  });

  it('takes an early-payment discount inside its window and posts it to the discount account', async () => {
    const vendorId = await books.vendor('Discount Vendor', {
      terms: { netDays: 30, discountPercent: '2', discountDays: 400 },
    });
    await books.bankAccount(vendorId, { index: 7 });
    await books.postedBill(vendorId, '1000.00', 'DISC-1', '2026-11-20');
    const run = await createPaymentRun(books.deps, books.clerk, {
      payDate,
      dueBy: '2027-01-31',
      vendorIds: [vendorId],
    });
    expect(run).toMatchObject({ total: '980.00', discount: '20.00' });
    await approvePaymentRun(books.deps, books.approver, run.id);
    await finalize(run.id);
    const { entries } = await runOutcome(books, run.id);
    expect(entries[0]!.lines.map((line) => [line.accountId, line.side, line.amountMinor])).toEqual([
      [books.accounts.ap, 'debit', '100000'],
      [books.accounts.cash, 'credit', '98000'],
      [books.accounts.discounts, 'credit', '2000'],
    ]);
  });
});

describe('editing a draft run', () => {
  it('takes bills out (free for another run), pays one partly without its discount, and the editor cannot approve', async () => {
    const books = await openRunBooks();
    onTestFinished(() => books.close());
    const vendorId = await books.vendor('Edit Vendor', {
      terms: { netDays: 30, discountPercent: '2', discountDays: 400 },
    });
    await books.bankAccount(vendorId, { index: 1 });
    const kept = await books.postedBill(vendorId, '100.00', 'EDIT-1', '2026-11-20');
    const removed = await books.postedBill(vendorId, '50.00', 'EDIT-2', '2026-11-20');
    const run = await createPaymentRun(books.deps, books.clerk, {
      payDate,
      dueBy: '2027-01-31',
      vendorIds: [vendorId],
    });
    expect(run).toMatchObject({ total: '147.00', discount: '3.00' });
    const changed = await editPaymentRun(books.deps, books.approver, run.id, {
      remove: [removed],
      amounts: [{ billId: kept, amount: '60.00' }],
    });
    expect(changed).toMatchObject({ total: '60.00', discount: '0.00', billCount: 1 });
    await expect(
      editPaymentRun(books.deps, books.clerk, run.id, { remove: [], amounts: [{ billId: kept, amount: '101.00' }] }),
    ).rejects.toThrow(ValidationError);
    await expect(approvePaymentRun(books.deps, books.approver, run.id)).rejects.toThrow(ForbiddenError);
    const other = await createPaymentRun(books.deps, books.clerk, {
      payDate,
      dueBy: '2027-01-31',
      vendorIds: [vendorId],
    });
    expect(other.payments?.[0]?.bills.map((bill) => bill.billId)).toEqual([removed]);
  });
});
