/**
 * Payment runs before execution: a draft proposes what to pay and reserves those bills, drafters
 * edit it, a banking admin who drafted none of it approves it (dual control), and approval hands
 * it to the queue. A run can be cancelled until its processing begins, releasing its bills.
 */
import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import { parseAmount } from '../ledger/money';
import { nextBankingDay } from '../payables/banking-days';
import { readCompanyBankSettings } from './bank-settings';
import {
  chunkPayments,
  paymentRunType,
  readPayments,
  readRun,
  runCurrency,
  runView,
  type PaymentRun,
} from './payment-run';
import { propose } from './run-proposal';
import { readReservations, releaseReservations } from './run-reservations';
import type { RunDependencies } from './run-dependencies';
import type { NewPaymentRun, PaymentRunView } from './run-schemas';
import { queueNames } from '../platform/queues/queue-names';

/** The audit record of an act on the run. */
export const runAudit = (runId: string, action: string, details: AuditEntry['details'] = {}): AuditEntry => ({
  action,
  target: { type: paymentRunType, id: runId },
  details,
});

export async function createPaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  input: NewPaymentRun,
): Promise<PaymentRunView> {
  const store = deps.storeFor(context);
  const settings = await readCompanyBankSettings(store);
  if (input.payDate < deps.clock.now().toISOString().slice(0, 10))
    throw new ValidationError('The pay date has passed', [{ field: 'payDate', reason: 'today or later' }]);
  // ACH settles on banking days only: a pay date on a weekend or Fed holiday moves to the next one.
  const payDate = nextBankingDay(input.payDate);
  const bills = (await deps.payables.payableBills(context, { dueBy: input.dueBy, vendorIds: input.vendorIds })).filter(
    (bill) => bill.currency === runCurrency,
  );
  const reservations = await readReservations(store, deps.clock.now());
  const free = bills.filter((bill) => !reservations.held.has(bill.billId));
  const vendors = await deps.payables.vendors(context, [...new Set(free.map((bill) => bill.vendorId))]);
  const maxTotalMinor = input.maxTotal ? parseAmount(input.maxTotal, runCurrency, 'maxTotal') : null;
  const proposal = propose(free, vendors, {
    payDate,
    maxTotalMinor,
    discountsAllowed: settings.discountAccountId !== null,
  });
  if (proposal.payments.length === 0) throw new ConflictError('No approved, unreserved bill is due by that date');
  const runId = `payment-run-${deps.ids.newId()}`;
  const chunks = chunkPayments(proposal.payments);
  const run: PaymentRun = {
    state: 'proposing',
    step: null,
    payDate,
    requestedPayDate: input.payDate,
    dueBy: input.dueBy,
    vendorIds: input.vendorIds ?? null,
    maxTotalMinor: maxTotalMinor === null ? null : maxTotalMinor.toString(),
    totalMinor: proposal.totalMinor.toString(),
    discountMinor: proposal.discountMinor.toString(),
    billCount: proposal.billCount,
    deferredBills: proposal.deferredBills,
    vendorCount: proposal.payments.length,
    chunkCount: chunks.length,
    drafters: [context.actor.id],
    approvedBy: null,
    approvedAt: null,
    cursor: { posted: 0, notified: 0, released: 0 },
    excluded: [],
    accounts: {},
    file: null,
    flagged: null,
    failure: null,
  };
  // The run first (proposing, under a lease), then its reservations, then the proposal: a run that
  // meets another's reservation stops, and one that crashed midway frees its bills when its lease ends.
  await store.createRun(runId, run);
  const billIds = proposal.payments.flatMap((payment) => payment.bills.map((bill) => bill.billId));
  try {
    for (let start = 0; start < billIds.length; start += 100)
      await store.reserve(
        runId,
        billIds.slice(start, start + 100).map((billId) => ({ billId, existing: reservations.byBill.get(billId) })),
      );
    await retryOnConflict('The payment run', async () => {
      const current = await readRun(store, runId);
      if (current.state !== 'proposing' || (await store.heldBy(runId)).length !== billIds.length)
        throw new ConflictError('the reservations were taken over');
      await store.completeProposal(
        { current, next: { ...run, state: 'draft' } },
        chunks,
        runAudit(runId, 'payment-runs.created', { total: run.totalMinor, bills: run.billCount }),
      );
    });
  } catch (error) {
    await retryOnConflict('The payment run', async () => {
      const current = await readRun(store, runId);
      await store.saveRun({ current, next: { ...current, state: 'cancelled' } });
    });
    await releaseReservations(store, runId, billIds);
    throw new ConflictError('Another payment run reserved some of these bills meanwhile; try again', { cause: error });
  }
  return getPaymentRun(deps, context, runId);
}

export async function getPaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
): Promise<PaymentRunView> {
  const store = deps.storeFor(context);
  const run = await readRun(store, id);
  return runView(run, await readPayments(store, run));
}

export async function listPaymentRuns(deps: RunDependencies, context: TenantContext) {
  const runs = await deps.storeFor(context).listRuns();
  return { items: runs.map((run) => runView(run)) };
}

/** Dual control: the approver created and edited none of it; approval hands the run to the queue. */
export async function approvePaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
): Promise<PaymentRunView> {
  const store = deps.storeFor(context);
  await retryOnConflict('The payment run', async () => {
    const run = await readRun(store, id);
    await readCompanyBankSettings(store);
    if (run.state !== 'draft') throw new ConflictError(`Only a draft run is approved; this one is ${run.state}`);
    if (run.drafters.includes(context.actor.id))
      throw new ForbiddenError('Dual control: a member who created or edited the run cannot approve it');
    const approved: PaymentRun = {
      ...run,
      state: 'approved',
      approvedBy: context.actor.id,
      approvedAt: deps.clock.now().toISOString(),
    };
    await store.saveRun(
      { current: run, next: approved },
      runAudit(id, 'payment-runs.approved', { total: run.totalMinor }),
    );
  });
  await deps.queues.send(queueNames.paymentRuns, { tenantId: context.tenantId, runId: id });
  return getPaymentRun(deps, context, id);
}

/** Before processing begins: the run ends and its bills are free for another run. */
export async function cancelPaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
): Promise<PaymentRunView> {
  const store = deps.storeFor(context);
  const run: Stored<PaymentRun> = await retryOnConflict('The payment run', async () => {
    const current = await readRun(store, id);
    if (!['proposing', 'draft', 'approved'].includes(current.state))
      throw new ConflictError(`A ${current.state} run cannot be cancelled`);
    await store.saveRun({ current, next: { ...current, state: 'cancelled' } }, runAudit(id, 'payment-runs.cancelled'));
    return current;
  });
  const payments = await readPayments(store, run);
  await releaseReservations(
    store,
    id,
    payments.flatMap((payment) => payment.bills.map((bill) => bill.billId)),
  );
  return getPaymentRun(deps, context, id);
}
