/**
 * After finalization: a payment the vendor's bank returned (R01 insufficient funds, R02 account
 * closed, R03 no account, R04 invalid account number, and the like), entered by a banking admin,
 * reopens the vendor's bills and posts the mirror of the payment's entry, once. A run that fails
 * before finalization unwinds the same way, so nothing is left half-paid.
 */
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, NotFoundError } from '../platform/errors';
import { readCompanyBankSettings } from './bank-settings';
import {
  paymentRunChunkType,
  paymentRunType,
  readPayments,
  readRun,
  type PaymentRun,
  type RunChunk,
} from './payment-run';
import { getPaymentRun, runRepository } from './payment-runs';
import { releaseReservations } from './run-reservations';
import type { RunDependencies, RunMessage } from './run-dependencies';
import type { PaymentReturnInput, PaymentRunView } from './run-schemas';
import { paidPayments, systemContext } from './run-execution';
import { reverseVendorPayment } from './vendor-postings';
import { TenantRepository } from '../platform/data/tenant-repository';

export async function returnPayment(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
  input: PaymentReturnInput,
): Promise<PaymentRunView> {
  const repository = runRepository(deps, context);
  const run = await readRun(repository, id);
  if (run.state !== 'finalized') throw new ConflictError('Only a finalized run has payments to return');
  const payments = paidPayments(run, await readPayments(repository, run));
  const index = payments.findIndex((payment) => payment.vendorId === input.vendorId);
  const payment = payments[index];
  if (!payment) throw new NotFoundError(`The run paid no vendor ${input.vendorId}`);
  if (input.date < run.payDate) throw new ConflictError('A return cannot come before the payment');
  const settings = await readCompanyBankSettings(repository);
  await reverseVendorPayment(deps, repository, {
    runId: id,
    payDate: run.payDate,
    payment,
    settings,
    date: input.date,
    reason: `ACH return ${input.code}`,
  });
  await markReturned(repository, id, input);
  return getPaymentRun(deps, context, id);
}

async function markReturned(repository: TenantRepository, runId: string, input: PaymentReturnInput): Promise<void> {
  await retryOnConflict('The payment run', async () => {
    const chunks = await repository.queryAll<RunChunk>(paymentRunChunkType, {
      where: 'c.runId = @runId',
      parameters: [{ name: '@runId', value: runId }],
    });
    const chunk = chunks.find((each) => each.payments.some((p) => p.vendorId === input.vendorId));
    if (!chunk || chunk.payments.some((p) => p.vendorId === input.vendorId && p.returned)) return;
    const payments = chunk.payments.map((p) =>
      p.vendorId === input.vendorId ? { ...p, returned: { code: input.code, date: input.date } } : p,
    );
    await repository.replace(chunk, { ...chunk, payments });
  });
}

/**
 * Every delivery of the run's message failed (the poison queue): the run is marked failed, what it
 * posted is reversed and its bills reopened, and its reservations released. The file, if built,
 * stays stored but is never released (only a finalized run's file is).
 */
export async function failPaymentRun(deps: RunDependencies, message: RunMessage, reason: string): Promise<void> {
  const repository = new TenantRepository(deps.container, systemContext(message.tenantId), deps.clock);
  const run = await repository.find<PaymentRun>(paymentRunType, message.runId);
  if (!run || run.state === 'finalized' || run.state === 'cancelled') return;
  if (run.state !== 'failed') {
    await repository.replace(run, { ...run, state: 'failed', failure: reason });
    await appendAuditRecord(
      repository,
      repository.context,
      { action: 'payment-runs.failed', target: { type: paymentRunType, id: run.id }, details: { reason } },
      () => deps.clock.now(),
    );
  }
  const payments = await readPayments(repository, run);
  const settings = await readCompanyBankSettings(repository);
  for (const payment of paidPayments(run, payments))
    await reverseVendorPayment(deps, repository, {
      runId: run.id,
      payDate: run.payDate,
      payment,
      settings,
      date: run.payDate,
      reason: 'payment run failed before finalization',
    });
  await releaseReservations(
    repository,
    run.id,
    payments.flatMap((p) => p.bills.map((b) => b.billId)),
  );
}
