import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { ConflictError, ForbiddenError } from '../platform/errors';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { withinRestrictions } from '../platform/auth/restrictions';
import { outboxType, type OutboxRecord } from '../platform/outbox/outbox-record';
import { queueNames } from '../platform/queues/queue-names';
import { requireOrganization } from '../platform/organization/organization-store';
import { customerType, type Customer } from './customers';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { ReceivablesRepository } from './receivables-repository';
import { deliverStatement } from './statement-delivery';
import { statementDeliveryType, statementRunType, type StatementDelivery, type StatementRun } from './statement-run';

const inParallel = 8;

/** Statement runs speak for every customer: only a member not restricted to some facilities starts or reads them. */
function requireWholeOrganisation(context: TenantContext): void {
  if (!withinRestrictions(context.restrictions, {}))
    throw new ForbiddenError('Statement runs are for members not restricted to facilities or divisions');
}

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
  const repository = new ReceivablesRepository(deps, context);
  const id = input.id ?? `statement-run-${deps.ids.newId()}`;
  const existing = await repository.find<StatementRun>(statementRunType, id);
  if (existing) return existing;
  const customers = await repository.queryAll<Customer>(customerType, { where: 'c.deleted = false' });
  const run: StatementRun = {
    from: input.from,
    to: input.to,
    overdueOnly: input.overdueOnly,
    trigger: input.trigger,
    state: 'started',
    customerIds: customers.map((c) => c.id),
    completedAt: null,
  };
  const transaction = repository.transaction().create(statementRunType, id, run);
  const details = { from: input.from, to: input.to, overdueOnly: input.overdueOnly, customers: customers.length };
  const entry = { action: 'receivables.statement-run-started', target: { type: 'statement-run', id }, details };
  await stageAuditRecord(repository, transaction, context, entry, deps.clock.now());
  try {
    await transaction.commit();
  } catch (error) {
    if (error instanceof ConflictError) return repository.get<StatementRun>(statementRunType, id);
    throw error;
  }
  await deps.queues.send(queueNames.statementRuns, { tenantId: context.tenantId, runId: id });
  return repository.get<StatementRun>(statementRunType, id);
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
  const repository = new ReceivablesRepository(deps, context);
  const run = await repository.find<StatementRun>(statementRunType, message.runId);
  if (!run) return;
  deps.atBoundary?.('run:loaded');
  const { name } = await requireOrganization(repository);
  let next = 0;
  const worker = async () => {
    for (let customerId = run.customerIds[next++]; customerId; customerId = run.customerIds[next++])
      await deliverStatement(deps, context, repository, name, run, customerId);
  };
  await Promise.all(Array.from({ length: inParallel }, worker));
  deps.atBoundary?.('run:sent');
  if (run.state === 'completed') return;
  await finishStatementRun(deps, context, repository, run.id);
  deps.atBoundary?.('run:completed');
}

/**
 * Marks the run completed with its audit record in one transaction, once: a later delivery finds
 * it completed, and of two at once the second loses the ETag race and then finds it completed.
 */
async function finishStatementRun(
  deps: ReceivablesDependencies,
  context: TenantContext,
  repository: ReceivablesRepository,
  id: string,
): Promise<void> {
  await retryOnConflict(`statement run ${id}`, async () => {
    const current = await repository.get<StatementRun>(statementRunType, id);
    if (current.state === 'completed') return;
    const now = deps.clock.now();
    const transaction = repository
      .transaction()
      .replace(current, { ...current, state: 'completed', completedAt: now.toISOString() });
    const entry = { action: 'receivables.statement-run-completed', target: { type: 'statement-run', id } };
    await stageAuditRecord(repository, transaction, context, entry, now);
    await transaction.commit();
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
  const repository = new ReceivablesRepository(deps, context);
  const run = await repository.get<StatementRun>(statementRunType, id);
  const deliveries = await repository.queryAll<StatementDelivery>(statementDeliveryType, {
    where: 'c.runId = @run',
    parameters: [{ name: '@run', value: id }],
  });
  const states = await Promise.all(
    deliveries.map(async (d) =>
      d.outboxId ? ((await repository.find<OutboxRecord>(outboxType, d.outboxId))?.state ?? null) : null,
    ),
  );
  return { run, deliveries: deliveries.map((d, index) => ({ ...d, emailState: states[index]! })) };
}

export async function listStatementRuns(deps: ReceivablesDependencies, context: TenantContext) {
  requireWholeOrganisation(context);
  return new ReceivablesRepository(deps, context).queryAll<StatementRun>(statementRunType, {
    orderBy: 'c.createdAt DESC',
  });
}
