import type { TenantContext } from '../platform/actor';
import { ConflictError, ForbiddenError } from '../platform/errors';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { withinRestrictions } from '../platform/auth/restrictions';
import { queueNames } from '../platform/queues/queue-names';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { required, type ReceivablesStore } from './receivables-store';
import { deliverStatement } from './statement-delivery';
import { statementRunType, type StatementDelivery, type StatementRun } from './statement-run';

const inParallel = 8;

/** Statement runs speak for every customer: only a member not restricted to some facilities starts or reads them. */
function requireWholeOrganisation(context: TenantContext): void {
  if (!withinRestrictions(context.restrictions, {}))
    throw new ForbiddenError('Statement runs are for members not restricted to facilities or divisions');
}

const readRun = async (store: ReceivablesStore, id: string) => required(await store.findRun(id), statementRunType, id);

/**
 * Starts a run: the customers to consider are fixed now (every customer not deleted), the run is
 * recorded with its audit record, and one queue message hands the sending to the queue function.
 * A scheduled run has a fixed id per month, so the timer starting it twice starts it once.
 */
export async function startStatementRun(
  deps: ReceivablesDependencies,
  context: TenantContext,
  input: { from: string; to: string; overdueOnly: boolean; trigger: StatementRun['trigger']; id?: string },
): Promise<Stored<StatementRun>> {
  requireWholeOrganisation(context);
  const store = deps.storeFor(context);
  const id = input.id ?? `statement-run-${deps.ids.newId()}`;
  const existing = await store.findRun(id);
  if (existing) return existing;
  const customerIds = await store.customerIdsForRun();
  const run: StatementRun = {
    from: input.from,
    to: input.to,
    overdueOnly: input.overdueOnly,
    trigger: input.trigger,
    state: 'started',
    customerIds,
    completedAt: null,
  };
  const details = { from: input.from, to: input.to, overdueOnly: input.overdueOnly, customers: customerIds.length };
  const audit = { action: 'receivables.statement-run-started', target: { type: 'statement-run', id }, details };
  try {
    await store.startRun(id, run, audit);
  } catch (error) {
    if (error instanceof ConflictError) return readRun(store, id);
    throw error;
  }
  await deps.queues.send(queueNames.statementRuns, { tenantId: context.tenantId, runId: id });
  return readRun(store, id);
}

/**
 * The queue function's work: each customer of the run gets their statement at most once
 * (statement-delivery.ts), so a duplicate message or a retry after a crash sends only what is
 * missing; then the run is marked completed, once.
 */
export async function processStatementRun(
  deps: ReceivablesDependencies,
  message: { tenantId: string; runId: string },
): Promise<void> {
  const context: TenantContext = { tenantId: message.tenantId, actor: { id: 'system:statement-run', kind: 'system' } };
  const store = deps.storeFor(context);
  const run = await store.findRun(message.runId);
  if (!run) return;
  deps.atBoundary?.('run:loaded');
  const { name } = await store.readOrganization();
  let next = 0;
  const worker = async () => {
    for (let customerId = run.customerIds[next++]; customerId; customerId = run.customerIds[next++])
      await deliverStatement(deps, context, store, name, run, customerId);
  };
  await Promise.all(Array.from({ length: inParallel }, worker));
  deps.atBoundary?.('run:sent');
  if (run.state === 'completed') return;
  await finishStatementRun(deps, store, run.id);
  deps.atBoundary?.('run:completed');
}

/**
 * Marks the run completed with its audit record in one transaction, once: a later delivery finds
 * it completed, and of two at once the second loses the ETag race and then finds it completed.
 */
async function finishStatementRun(deps: ReceivablesDependencies, store: ReceivablesStore, id: string): Promise<void> {
  await retryOnConflict(`statement run ${id}`, async () => {
    const current = await readRun(store, id);
    if (current.state === 'completed') return;
    const next: StatementRun = { ...current, state: 'completed', completedAt: deps.clock.now().toISOString() };
    await store.finishRun(current, next, {
      action: 'receivables.statement-run-completed',
      target: { type: 'statement-run', id },
    });
  });
}

export interface StatementRunReport {
  readonly run: Stored<StatementRun>;
  readonly deliveries: ReadonlyArray<StatementDelivery & { readonly emailState: string | null }>;
}

/** A run with what it did per customer, and where each email stands (sent, undeliverable...). */
export async function statementRunReport(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
): Promise<StatementRunReport> {
  requireWholeOrganisation(context);
  const store = deps.storeFor(context);
  const run = await readRun(store, id);
  const deliveries = await store.deliveriesOf(id);
  const states = await Promise.all(deliveries.map(async (d) => (d.outboxId ? store.emailState(d.outboxId) : null)));
  return { run, deliveries: deliveries.map((d, index) => ({ ...d, emailState: states[index]! })) };
}

export async function listStatementRuns(deps: ReceivablesDependencies, context: TenantContext) {
  requireWholeOrganisation(context);
  return deps.storeFor(context).listRuns();
}
