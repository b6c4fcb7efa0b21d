/**
 * Editing a draft run: bills taken out (their reservations released) and partial payments (the
 * amount to pay now, at most what was proposed with its discount; a partial payment takes no
 * discount). The editor becomes a drafter, so they cannot approve it.
 */
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { parseAmount } from '../ledger/money';
import {
  chunkId,
  paymentRunChunkType,
  readRun,
  runCurrency,
  type PaymentRun,
  type RunChunk,
  type RunPaymentBill,
} from './payment-run';
import { getPaymentRun, runAudit } from './payment-runs';
import type { Change } from '../platform/data/stored-document';
import { releaseReservations } from './run-reservations';
import type { RunDependencies } from './run-dependencies';
import type { PaymentRunEdit, PaymentRunView } from './run-schemas';

function edited(bill: RunPaymentBill, amounts: ReadonlyMap<string, bigint>): RunPaymentBill {
  const amount = amounts.get(bill.billId);
  if (amount === undefined) return bill;
  const full = BigInt(bill.amountMinor) + BigInt(bill.discountMinor);
  if (amount <= 0n || amount > full)
    throw new ValidationError('A bill is paid more than nothing and at most its open amount', [
      { field: 'amounts', reason: `${bill.billNumber}: between 0.01 and its open amount` },
    ]);
  return amount === full
    ? { ...bill, amountMinor: full.toString(), discountMinor: '0' }
    : { ...bill, amountMinor: amount.toString(), discountMinor: '0' };
}

export async function editPaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
  input: PaymentRunEdit,
): Promise<PaymentRunView> {
  const store = deps.storeFor(context);
  const removed = new Set(input.remove);
  const amounts = new Map(input.amounts.map((each) => [each.billId, parseAmount(each.amount, runCurrency, 'amounts')]));
  await retryOnConflict('The payment run', async () => {
    const run = await readRun(store, id);
    if (run.state !== 'draft') throw new ConflictError(`Only a draft run is edited; this one is ${run.state}`);
    const chunks: Change<RunChunk>[] = [];
    let totalMinor = 0n;
    let discountMinor = 0n;
    let billCount = 0;
    let vendorCount = 0;
    for (let index = 0; index < run.chunkCount; index += 1) {
      const chunk = await store.findChunk(id, index);
      if (!chunk) throw new NotFoundError(`No ${paymentRunChunkType} with id ${chunkId(id, index)}`);
      const payments = chunk.payments
        .map((payment) => ({
          ...payment,
          bills: payment.bills.filter((bill) => !removed.has(bill.billId)).map((bill) => edited(bill, amounts)),
        }))
        .filter((payment) => payment.bills.length > 0);
      for (const bill of payments.flatMap((payment) => payment.bills)) {
        totalMinor += BigInt(bill.amountMinor);
        discountMinor += BigInt(bill.discountMinor);
        billCount += 1;
      }
      vendorCount += payments.length;
      chunks.push({ current: chunk, next: { ...chunk, payments } });
    }
    if (billCount === 0) throw new ConflictError('A run pays at least one bill; cancel it instead');
    const next: PaymentRun = {
      ...run,
      totalMinor: totalMinor.toString(),
      discountMinor: discountMinor.toString(),
      billCount,
      vendorCount,
      drafters: run.drafters.includes(context.actor.id) ? run.drafters : [...run.drafters, context.actor.id],
    };
    const details = { removed: input.remove.length, partial: input.amounts.length, total: next.totalMinor };
    await store.editRun({ current: run, next }, chunks, runAudit(id, 'payment-runs.edited', details));
  });
  await releaseReservations(store, id, input.remove);
  return getPaymentRun(deps, context, id);
}
