/**
 * One GL entry per vendor payment, posted through the ledger's posting lane with the payments of
 * its first bills staged in the same batch (payables' prepareBillPayment): debit AP control for what
 * the bills are relieved of, credit the AP cash account with what is paid, the discount taken to its
 * account. A vendor with more bills than one transactional batch holds (two writes each, at most 100
 * operations) has the rest marked paid after the entry, a batch at a time; each bill's payment has a
 * fixed id, so a repeat after a crash skips what is done and carries on. The entry's id is fixed by
 * run and vendor too. A return (or a failed run's unwinding) posts the mirror entry the same way,
 * reopening the bills that were paid.
 */
import { journalEntryType, type JournalEntry, type StoredLine } from '../ledger/journal-entry';
import { LedgerRepository } from '../ledger/ledger-repository';
import { submitPosting } from '../ledger/cosmos-posting-lane';
import { reversalLink } from '../ledger/cosmos-posting-writes';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { CompanyBankSettings } from './bank-settings';
import type { PaidAccount, Stage } from './payables-port';
import { paymentAmount, runCurrency, runKey, type RunPayment, type RunPaymentBill } from './payment-run';
import type { RunDependencies } from './run-dependencies';

/** Bills whose payment rides in the entry's own batch (two writes each, beside the entry, its audit record and the lane's patches). */
export const billsWithEntry = 40;
/** Bills marked paid (or reopened) per later batch: two writes each, under Cosmos's 100 operations. */
export const billsPerBatch = 45;

const vendorKey = (vendorId: string) => vendorId.slice('vendor-'.length);
export const paymentEntryId = (runId: string, vendorId: string) => `je-run-${runKey(runId)}-${vendorKey(vendorId)}`;
export const returnEntryId = (runId: string, vendorId: string) =>
  `je-run-return-${runKey(runId)}-${vendorKey(vendorId)}`;

interface Posting {
  readonly runId: string;
  /** The account the file paid the vendor into (absent on an unwinding or return, which needs none). */
  readonly account?: PaidAccount;
  readonly payDate: string;
  readonly payment: RunPayment;
  readonly settings: CompanyBankSettings;
}

function paymentLines(posting: Posting, apControl: string): StoredLine[] {
  const amount = paymentAmount(posting.payment, 'amountMinor');
  const discount = paymentAmount(posting.payment, 'discountMinor');
  const line = (accountId: string, side: 'debit' | 'credit', minor: bigint): StoredLine => ({
    accountId,
    side,
    amountMinor: minor.toString(),
    facility: null,
    division: null,
    memo: `Payment run ${posting.runId}`,
  });
  return [
    line(apControl, 'debit', amount + discount),
    ...(amount > 0n ? [line(posting.settings.apCashAccountId, 'credit', amount)] : []),
    ...(discount > 0n ? [line(posting.settings.discountAccountId!, 'credit', discount)] : []),
  ];
}

function entryOf(
  date: string,
  memo: string,
  reference: string,
  lines: StoredLine[],
  reversalOf: string | null,
): JournalEntry {
  return {
    status: 'draft',
    number: null,
    date,
    memo,
    reference,
    currency: runCurrency,
    lines,
    reversalOf,
    postedAt: null,
    postedBy: null,
    drafters: [],
    submittedBy: null,
    submittedAt: null,
  };
}

export async function postVendorPayment(
  deps: RunDependencies,
  repository: TenantRepository,
  posting: Posting,
): Promise<void> {
  const { runId, payment, payDate } = posting;
  const entryId = paymentEntryId(runId, payment.vendorId);
  const ledger = await LedgerRepository.open(deps, repository.context);
  const stagesFor = (bills: readonly RunPaymentBill[]) =>
    prepared(bills, (bill) =>
      deps.payables.preparePayment(repository, {
        billId: bill.billId,
        paymentId: runKey(runId),
        date: payDate,
        amountMinor: BigInt(bill.amountMinor),
        discountMinor: BigInt(bill.discountMinor),
        source: runId,
        ...(posting.account ? { account: posting.account } : {}),
      }),
    );
  await retryOnConflict('The vendor payment', async () => {
    if (await repository.find(journalEntryType, entryId)) return;
    const stages = await stagesFor(payment.bills.slice(0, billsWithEntry));
    const lines = paymentLines(posting, await deps.payables.apControlAccountId(repository));
    await submitPosting(deps, {
      repository: ledger,
      context: repository.context,
      entryId,
      entry: entryOf(payDate, `Payment to ${payment.vendorName}`, runId, lines, null),
      audit: { action: 'payment-runs.vendor-paid', details: { runId, vendorId: payment.vendorId } },
      stage: (transaction) => stages.forEach((stage) => stage(transaction)),
    });
  });
  await inLaterBatches(deps, repository, payment, `post:bills:${payment.vendorId}`, stagesFor);
}

/** The bills' stages, leaving out those already done (`'applied'`, `'returned'`, `'not paid'`). */
async function prepared(
  bills: readonly RunPaymentBill[],
  prepare: (bill: RunPaymentBill) => Promise<string | Stage>,
): Promise<Stage[]> {
  const stages: Stage[] = [];
  for (const bill of bills) {
    const stage = await prepare(bill);
    if (typeof stage === 'function') stages.push(stage);
  }
  return stages;
}

/** The bills after the entry's batch, a batch at a time: each is committed, then the boundary is passed. */
async function inLaterBatches(
  deps: RunDependencies,
  repository: TenantRepository,
  payment: RunPayment,
  boundary: string,
  stagesFor: (bills: readonly RunPaymentBill[]) => Promise<Stage[]>,
): Promise<void> {
  for (let start = billsWithEntry; start < payment.bills.length; start += billsPerBatch) {
    await retryOnConflict('The vendor payment', async () => {
      const stages = await stagesFor(payment.bills.slice(start, start + billsPerBatch));
      if (stages.length === 0) return;
      const transaction = repository.transaction();
      stages.forEach((stage) => stage(transaction));
      await transaction.commit();
    });
    deps.atBoundary?.(`${boundary}:${start}`);
  }
}

/** The mirror of a vendor's payment entry, reopening its bills: an ACH return, or a failed run unwound. */
export async function reverseVendorPayment(
  deps: RunDependencies,
  repository: TenantRepository,
  posting: Posting & { readonly date: string; readonly reason: string },
): Promise<void> {
  const { runId, payment } = posting;
  const originalId = paymentEntryId(runId, payment.vendorId);
  const entryId = returnEntryId(runId, payment.vendorId);
  const ledger = await LedgerRepository.open(deps, repository.context);
  const returned = { date: posting.date, reason: posting.reason };
  const stagesFor = (bills: readonly RunPaymentBill[]) =>
    prepared(bills, (bill) => deps.payables.prepareReturn(repository, bill.billId, runKey(runId), returned));
  const original = await repository.find<JournalEntry>(journalEntryType, originalId);
  if (!original) return;
  await retryOnConflict('The returned payment', async () => {
    if (await repository.find(journalEntryType, entryId)) return;
    const stages = await stagesFor(payment.bills.slice(0, billsWithEntry));
    const lines = original.lines.map((line) => ({
      ...line,
      side: line.side === 'debit' ? ('credit' as const) : ('debit' as const),
    }));
    await submitPosting(deps, {
      repository: ledger,
      context: repository.context,
      entryId,
      entry: entryOf(
        posting.date,
        `Returned payment to ${payment.vendorName}: ${posting.reason}`,
        runId,
        lines,
        originalId,
      ),
      audit: {
        action: 'payment-runs.payment-returned',
        details: { runId, vendorId: payment.vendorId, reason: posting.reason },
      },
      stage: (transaction) => {
        stages.forEach((stage) => stage(transaction));
        reversalLink(originalId, entryId)(transaction);
      },
    });
  });
  await inLaterBatches(deps, repository, payment, `return:bills:${payment.vendorId}`, stagesFor);
}
