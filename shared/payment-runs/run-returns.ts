/**
 * After finalization: a payment the vendor's bank returned (R01 insufficient funds, R02 account
 * closed, R03 no account, R04 invalid account number, and the like), entered by a banking admin,
 * reopens the vendor's bills and posts the mirror of the payment's entry, once. A run that fails
 * before finalization unwinds the same way, so nothing is left half-paid.
 */
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, NotFoundError } from '../platform/errors';
import { readCompanyBankSettings } from './bank-settings';
import { readPayments, readRun } from './payment-run';
import { getPaymentRun, runAudit } from './payment-runs';
import { releaseReservations } from './run-reservations';
import type { RunDependencies, RunMessage } from './run-dependencies';
import type { PaymentReturnInput, PaymentRunView } from './run-schemas';
import { paidPayments, systemContext } from './run-execution';
import type { RunStore } from './run-store';
import { reverseVendorPayment } from './vendor-postings';

export async function returnPayment(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
  input: PaymentReturnInput,
): Promise<PaymentRunView> {
  const store = deps.storeFor(context);
  const run = await readRun(store, id);
  if (run.state !== 'finalized') throw new ConflictError('Only a finalized run has payments to return');
  const payments = paidPayments(run, await readPayments(store, run));
  const index = payments.findIndex((payment) => payment.vendorId === input.vendorId);
  const payment = payments[index];
  if (!payment) throw new NotFoundError(`The run paid no vendor ${input.vendorId}`);
  if (input.date < run.payDate) throw new ConflictError('A return cannot come before the payment');
  const settings = await readCompanyBankSettings(store);
  await reverseVendorPayment(deps, store, {
    runId: id,
    payDate: run.payDate,
    payment,
    settings,
    date: input.date,
    reason: `ACH return ${input.code}`,
  });
  await markReturned(store, id, input);
  return getPaymentRun(deps, context, id);
}

async function markReturned(store: RunStore, runId: string, input: PaymentReturnInput): Promise<void> {
  await retryOnConflict('The payment run', async () => {
    const chunks = await store.readChunks(runId);
    const chunk = chunks.find((each) => each.payments.some((p) => p.vendorId === input.vendorId));
    if (!chunk || chunk.payments.some((p) => p.vendorId === input.vendorId && p.returned)) return;
    const payments = chunk.payments.map((p) =>
      p.vendorId === input.vendorId ? { ...p, returned: { code: input.code, date: input.date } } : p,
    );
    await store.saveChunk({ current: chunk, next: { ...chunk, payments } });
  });
}

/**
 * Every delivery of the run's message failed (the poison queue): the run is marked failed, what it
 * posted is reversed and its bills reopened, and its reservations released. The file, if built,
 * stays stored but is never released (only a finalized run's file is).
 */
export async function failPaymentRun(deps: RunDependencies, message: RunMessage, reason: string): Promise<void> {
  const store = deps.storeFor(systemContext(message.tenantId));
  const run = await store.findRun(message.runId);
  if (!run || run.state === 'finalized' || run.state === 'cancelled') return;
  if (run.state !== 'failed')
    await store.saveRun(
      { current: run, next: { ...run, state: 'failed', failure: reason } },
      runAudit(run.id, 'payment-runs.failed', { reason }),
    );
  const payments = await readPayments(store, run);
  const settings = await readCompanyBankSettings(store);
  for (const payment of paidPayments(run, payments))
    await reverseVendorPayment(deps, store, {
      runId: run.id,
      payDate: run.payDate,
      payment,
      settings,
      date: run.payDate,
      reason: 'payment run failed before finalization',
    });
  await releaseReservations(
    store,
    run.id,
    payments.flatMap((p) => p.bills.map((b) => b.billId)),
  );
}
