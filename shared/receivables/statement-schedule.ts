import { z } from 'zod';
import { nextDueOn } from '../ledger/close-schedule';
import { lastDayOf, previousMonth } from '../ledger/ledger-dates';
import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import { tenantIdPattern } from '../platform/ids';
import { queueNames } from '../platform/queues/queue-names';
import type { Logger } from '../platform/telemetry/logger';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { readReceivablesSettings } from './receivables-settings';
import { processStatementRun, startStatementRun } from './statement-runs';

/*
 * When each organisation's next statement run is due is kept on a schedule of its own
 * (cosmos-statement-schedule-store.ts), so the daily timer finds the due ones with one
 * single-partition query instead of reading every organisation.
 */
const actor = { id: 'system:statement-run', kind: 'system' as const };

type ScheduleDependencies = Pick<ReceivablesDependencies, 'schedule' | 'clock'>;
const today = (clock: Clock) => clock.now().toISOString().slice(0, 10);

/** Puts the organisation's next run on its statement day (after its settings change, and after each run). */
export async function scheduleStatements(
  deps: ScheduleDependencies,
  tenantId: string,
  statementDay: number,
  after = today(deps.clock),
): Promise<void> {
  const entry = { organization: tenantId, dueOn: nextDueOn(after, statementDay) };
  const existing = await deps.schedule.findEntry(tenantId);
  if (existing) await deps.schedule.saveEntry(existing, entry);
  else await deps.schedule.createEntry(entry);
}

export const statementRunMessage = z.union([
  z
    .object({
      tenantId: z.string().regex(tenantIdPattern),
      runId: z.string().regex(/^statement-run-[A-Za-z0-9-]{1,100}$/),
    })
    .strict(),
  z.object({ tenantId: z.string().regex(tenantIdPattern), dueOn: z.iso.date() }).strict(),
]);
export type StatementRunMessage = z.infer<typeof statementRunMessage>;

/** The daily timer: one queue message per organisation whose statement day has come. */
export async function sendDueStatementRuns(
  deps: ScheduleDependencies & Pick<ReceivablesDependencies, 'queues'> & { readonly logger: Logger },
): Promise<number> {
  const due = await deps.schedule.dueEntries(today(deps.clock));
  for (const entry of due)
    await deps.queues.send(queueNames.statementRuns, { tenantId: entry.organization, dueOn: entry.dueOn });
  deps.logger.info('statement runs due', { due: due.length });
  return due.length;
}

/**
 * The queue function: a due organisation's monthly run (the previous month, with a fixed id per
 * month, so a repeated message starts nothing new) is started and its next run scheduled; a run
 * message sends the run's statements.
 */
export async function handleStatementRunMessage(
  deps: ReceivablesDependencies,
  message: StatementRunMessage,
): Promise<void> {
  if ('runId' in message) return processStatementRun(deps, message);
  const context: TenantContext = { tenantId: message.tenantId, actor };
  const settings = await readReceivablesSettings(deps.storeFor(context));
  const month = previousMonth(message.dueOn.slice(0, 7));
  await startStatementRun(deps, context, {
    id: `statement-run-${message.dueOn.slice(0, 7)}`,
    from: `${month}-01`,
    to: lastDayOf(month),
    overdueOnly: settings.statementOverdueOnly,
    trigger: 'scheduled',
  });
  await scheduleStatements(deps, message.tenantId, settings.statementDay, message.dueOn);
}
