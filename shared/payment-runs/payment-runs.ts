/**
 * Payment runs before execution: a draft proposes what to pay and reserves those bills, drafters
 * edit it, a banking admin who drafted none of it approves it (dual control), and approval hands
 * it to the queue. A run can be cancelled until its processing begins, releasing its bills.
 */
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { TenantRepository } from '../platform/data/tenant-repository';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import { parseAmount } from '../ledger/money';
import { nextBankingDay } from '../payables/banking-days';
import { readCompanyBankSettings } from './bank-settings';
import {
  chunkId,
  chunkPayments,
  paymentRunChunkType,
  paymentRunType,
  readPayments,
  readRun,
  runCurrency,
  runView,
  type PaymentRun,
} from './payment-run';
import { propose } from './run-proposal';
import { heldBy, readReservations, releaseReservations, stageReserve } from './run-reservations';
import type { RunDependencies } from './run-dependencies';
import type { NewPaymentRun, PaymentRunView } from './run-schemas';
import { queueNames } from '../platform/queues/queue-names';

/** Payment runs act for the whole organisation: a member restricted to some facilities runs none. */
export function runRepository(deps: RunDependencies, context: TenantContext): TenantRepository {
  const { facilities, divisions } = context.restrictions ?? {};
  if (facilities?.length || divisions?.length)
    throw new ForbiddenError('Payment runs act for the whole organisation: not for a restricted member');
  return new TenantRepository(deps.container, context, deps.clock);
}

const audit = (repository: TenantRepository, context: TenantContext, deps: RunDependencies, runId: string) =>
  function stage(transaction: ReturnType<TenantRepository['transaction']>, action: string, details = {}) {
    return stageAuditRecord(
      repository,
      transaction,
      context,
      { action, target: { type: paymentRunType, id: runId }, details },
      deps.clock.now(),
    );
  };

export async function createPaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  input: NewPaymentRun,
): Promise<PaymentRunView> {
  const repository = runRepository(deps, context);
  const settings = await readCompanyBankSettings(repository);
  if (input.payDate < deps.clock.now().toISOString().slice(0, 10))
    throw new ValidationError('The pay date has passed', [{ field: 'payDate', reason: 'today or later' }]);
  // ACH settles on banking days only: a pay date on a weekend or Fed holiday moves to the next one.
  const payDate = nextBankingDay(input.payDate);
  const bills = (await deps.payables.payableBills(context, { dueBy: input.dueBy, vendorIds: input.vendorIds })).filter(
    (bill) => bill.currency === runCurrency,
  );
  const reservations = await readReservations(repository, deps.clock.now());
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
  await repository.create(paymentRunType, runId, run);
  const billIds = proposal.payments.flatMap((payment) => payment.bills.map((bill) => bill.billId));
  try {
    for (let start = 0; start < billIds.length; start += 100) {
      const transaction = repository.transaction();
      for (const billId of billIds.slice(start, start + 100))
        stageReserve(transaction, reservations.byBill.get(billId), billId, runId);
      await transaction.commit();
    }
    await retryOnConflict('The payment run', async () => {
      const current = await readRun(repository, runId);
      if (current.state !== 'proposing' || (await heldBy(repository, runId)) !== billIds.length)
        throw new ConflictError('the reservations were taken over');
      const transaction = repository.transaction();
      chunks.forEach((payments, index) =>
        transaction.create(paymentRunChunkType, chunkId(runId, index), { runId, index, payments }),
      );
      transaction.replace(current, { ...run, state: 'draft' as const });
      await audit(
        repository,
        context,
        deps,
        runId,
      )(transaction, 'payment-runs.created', {
        total: run.totalMinor,
        bills: run.billCount,
      });
      await transaction.commit();
    });
  } catch (error) {
    await repository.update<PaymentRun>(paymentRunType, runId, (current) => ({ ...current, state: 'cancelled' }));
    await releaseReservations(repository, runId, billIds);
    throw new ConflictError('Another payment run reserved some of these bills meanwhile; try again', { cause: error });
  }
  return getPaymentRun(deps, context, runId);
}

export async function getPaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
): Promise<PaymentRunView> {
  const repository = runRepository(deps, context);
  const run = await readRun(repository, id);
  return runView(run, await readPayments(repository, run));
}

export async function listPaymentRuns(deps: RunDependencies, context: TenantContext) {
  const repository = runRepository(deps, context);
  const runs = await repository.queryAll<PaymentRun>(paymentRunType, { orderBy: 'c.createdAt DESC' });
  return { items: runs.map((run) => runView(run)) };
}

/** Dual control: the approver created and edited none of it; approval hands the run to the queue. */
export async function approvePaymentRun(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
): Promise<PaymentRunView> {
  const repository = runRepository(deps, context);
  await retryOnConflict('The payment run', async () => {
    const run = await readRun(repository, id);
    await readCompanyBankSettings(repository);
    if (run.state !== 'draft') throw new ConflictError(`Only a draft run is approved; this one is ${run.state}`);
    if (run.drafters.includes(context.actor.id))
      throw new ForbiddenError('Dual control: a member who created or edited the run cannot approve it');
    const approved: PaymentRun = {
      ...run,
      state: 'approved',
      approvedBy: context.actor.id,
      approvedAt: deps.clock.now().toISOString(),
    };
    const transaction = repository.transaction().replace(run, approved);
    await audit(repository, context, deps, id)(transaction, 'payment-runs.approved', { total: run.totalMinor });
    await transaction.commit();
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
  const repository = runRepository(deps, context);
  const run: Stored<PaymentRun> = await retryOnConflict('The payment run', async () => {
    const current = await readRun(repository, id);
    if (!['proposing', 'draft', 'approved'].includes(current.state))
      throw new ConflictError(`A ${current.state} run cannot be cancelled`);
    const transaction = repository.transaction().replace(current, { ...current, state: 'cancelled' as const });
    await audit(repository, context, deps, id)(transaction, 'payment-runs.cancelled');
    await transaction.commit();
    return current;
  });
  const payments = await readPayments(repository, run);
  await releaseReservations(
    repository,
    id,
    payments.flatMap((payment) => payment.bills.map((bill) => bill.billId)),
  );
  return getPaymentRun(deps, context, id);
}
