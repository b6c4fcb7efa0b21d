/**
 * One GL entry per vendor payment, posted through the ledger's posting lane with the payments of
 * its first bills applied in the same batch (the run store's postPayments): debit AP control for what
 * the bills are relieved of, credit the AP cash account with what is paid, the discount taken to its
 * account. A vendor with more bills than one transactional batch holds (two writes each, at most 100
 * operations) has the rest marked paid after the entry, a batch at a time; each bill's payment has a
 * fixed id, so a repeat after a crash skips what is done and carries on. The entry's id is fixed by
 * run and vendor too. A return (or a failed run's unwinding) posts the mirror entry the same way,
 * reopening the bills that were paid.
 */
import { newEntry, type StoredLine } from '../ledger/journal-entry';
import { reversedLines } from '../ledger/posting-rules';
import { retryOnConflict } from '../platform/data/retry';
import type { CompanyBankSettings } from './bank-settings';
import type { PaidAccount, PaymentApplication } from './payables-port';
import { paymentAmount, runCurrency, runKey, type RunPayment, type RunPaymentBill } from './payment-run';
import type { RunDependencies } from './run-dependencies';
import type { BillReturn, RunStore } from './run-store';

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

export async function postVendorPayment(deps: RunDependencies, store: RunStore, posting: Posting): Promise<void> {
  const { runId, payment, payDate } = posting;
  const entryId = paymentEntryId(runId, payment.vendorId);
  const applications = (bills: readonly RunPaymentBill[]): PaymentApplication[] =>
    bills.map((bill) => ({
      billId: bill.billId,
      paymentId: runKey(runId),
      date: payDate,
      amountMinor: BigInt(bill.amountMinor),
      discountMinor: BigInt(bill.discountMinor),
      source: runId,
      ...(posting.account ? { account: posting.account } : {}),
    }));
  await retryOnConflict('The vendor payment', async () => {
    if (await store.findEntry(entryId)) return;
    const lines = paymentLines(posting, await store.apControlAccountId());
    await store.postPayments(
      {
        entryId,
        entry: newEntry({
          date: payDate,
          memo: `Payment to ${payment.vendorName}`,
          reference: runId,
          currency: runCurrency,
          lines,
        }),
        audit: { action: 'payment-runs.vendor-paid', details: { runId, vendorId: payment.vendorId } },
      },
      applications(payment.bills.slice(0, billsWithEntry)),
    );
  });
  await inLaterBatches(deps, payment, `post:bills:${payment.vendorId}`, (bills) =>
    store.applyPayments(applications(bills)),
  );
}

/** The bills after the entry's batch, a batch at a time: each is committed, then the boundary is passed. */
async function inLaterBatches(
  deps: RunDependencies,
  payment: RunPayment,
  boundary: string,
  apply: (bills: readonly RunPaymentBill[]) => Promise<void>,
): Promise<void> {
  for (let start = billsWithEntry; start < payment.bills.length; start += billsPerBatch) {
    await retryOnConflict('The vendor payment', () => apply(payment.bills.slice(start, start + billsPerBatch)));
    deps.atBoundary?.(`${boundary}:${start}`);
  }
}

/** The mirror of a vendor's payment entry, reopening its bills: an ACH return, or a failed run unwound. */
export async function reverseVendorPayment(
  deps: RunDependencies,
  store: RunStore,
  posting: Posting & { readonly date: string; readonly reason: string },
): Promise<void> {
  const { runId, payment } = posting;
  const originalId = paymentEntryId(runId, payment.vendorId);
  const entryId = returnEntryId(runId, payment.vendorId);
  const returned = { date: posting.date, reason: posting.reason };
  const returns = (bills: readonly RunPaymentBill[]): BillReturn[] =>
    bills.map((bill) => ({ billId: bill.billId, paymentId: runKey(runId), returned }));
  const original = await store.findEntry(originalId);
  if (!original) return;
  await retryOnConflict('The returned payment', async () => {
    if (await store.findEntry(entryId)) return;
    await store.postReturns(
      {
        entryId,
        entry: newEntry({
          date: posting.date,
          memo: `Returned payment to ${payment.vendorName}: ${posting.reason}`,
          reference: runId,
          currency: runCurrency,
          lines: reversedLines(original.lines),
          reversalOf: originalId,
        }),
        audit: {
          action: 'payment-runs.payment-returned',
          details: { runId, vendorId: payment.vendorId, reason: posting.reason },
        },
        reverses: originalId,
      },
      returns(payment.bills.slice(0, billsWithEntry)),
    );
  });
  await inLaterBatches(deps, payment, `return:bills:${payment.vendorId}`, (bills) =>
    store.applyReturns(returns(bills)),
  );
}
