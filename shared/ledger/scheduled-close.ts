import { z } from 'zod';
import type { TenantContext } from '../platform/actor';
import { tenantIdPattern } from '../platform/ids';
import { ConflictError } from '../platform/errors';
import { queueNames } from '../platform/queues/queue-names';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Logger } from '../platform/telemetry/logger';
import type { Organization } from '../platform/organization/organization';
import type { LedgerDependencies } from './accounts';
import { closeSchedule, defaultCloseOnDay, lastMonthDue, nextDueOn, rescheduleCloses } from './close-schedule';
import { nextMonth } from './ledger-dates';
import { closePeriod } from './period-close';
import type { PeriodStore } from './period-store';

/** What the queue message names: the organisation, and the due day the timer saw (for the logs). */
export const closeMessage = z.object({ tenantId: z.string().regex(tenantIdPattern), dueOn: z.iso.date() }).strict();
export type CloseMessage = z.infer<typeof closeMessage>;

/** A backlog closes a year per day: one delivery's work stays well inside the function timeout. */
const monthsPerDelivery = 12;
const sendsInFlight = 32;

const today = (deps: Pick<LedgerDependencies, 'clock'>) => deps.clock.now().toISOString().slice(0, 10);

/**
 * The daily timer: one single-partition query for the organisations whose close is due, and one
 * queue message per organisation; the closes themselves run in the queue function, in parallel
 * and each retried on its own. Organisations not due are not read at all. An entry stays due
 * until its close is done, so a lost or poisoned message is sent again the next day.
 */
export async function sendDueCloses(
  deps: Pick<LedgerDependencies, 'container' | 'clock'> & { readonly queues: QueueSender; readonly logger: Logger },
): Promise<number> {
  const schedule = closeSchedule(deps);
  const day = today(deps);
  let sent = 0;
  let continuationToken: string | undefined;
  do {
    const page = await schedule.dueEntries(day, continuationToken);
    let next = 0;
    const sender = async () => {
      for (let entry = page.items[next++]; entry; entry = page.items[next++])
        await deps.queues.send(queueNames.periodCloses, { tenantId: entry.organization, dueOn: entry.dueOn });
    };
    await Promise.all(Array.from({ length: sendsInFlight }, sender));
    sent += page.items.length;
    continuationToken = page.continuationToken;
  } while (continuationToken);
  deps.logger.info('scheduled closes sent', { due: sent });
  return sent;
}

/** What the close reads of the organisation: its books start, its close day (absent: `defaultCloseOnDay`), a lockdown. */
type ClosingOrganization = Pick<Organization, 'booksStartMonth' | 'closeOnDay' | 'lockdown'>;

export interface CloseOutcome {
  readonly closed: string[];
  readonly problem: string | null;
}

/**
 * The queue function's work for one organisation: every month from the first open one up to the
 * latest whose close day has come closes in order (a backlog too, a year per delivery), then the
 * schedule moves to the next close day. Idempotent: a second delivery finds the entry moved on,
 * or the months closed, and does nothing. A refusal a person must look at (a lockdown, a year end
 * without a retained-earnings account) is recorded on the entry and tried again the next day.
 */
export async function closeDueOrganization(
  deps: LedgerDependencies & { readonly logger: Logger; readonly queues?: QueueSender },
  message: CloseMessage,
): Promise<CloseOutcome> {
  const schedule = closeSchedule(deps);
  const day = today(deps);
  const entry = await schedule.findEntry(message.tenantId);
  if (!entry || entry.dueOn > day) return { closed: [], problem: null };
  const context: TenantContext = { tenantId: message.tenantId, actor: { id: 'system:period-close', kind: 'system' } };
  const store = deps.periodStoreFor(context);
  const organization = await store.findOrganization();
  const closeOnDay = organization?.closeOnDay ?? defaultCloseOnDay;
  const outcome = await closeMonthsDue(deps, store, context, organization, lastMonthDue(day, closeOnDay));
  const done = outcome.problem === null && outcome.remaining === 0;
  await rescheduleCloses(schedule, entry, {
    dueOn: done || !organization?.booksStartMonth ? nextDueOn(day, closeOnDay) : entry.dueOn,
    problem: outcome.problem,
  });
  if (outcome.problem) deps.logger.warn('scheduled close stopped', { tenantId: message.tenantId, ...outcome });
  return { closed: outcome.closed, problem: outcome.problem };
}

async function closeMonthsDue(
  deps: LedgerDependencies & { readonly queues?: QueueSender },
  store: PeriodStore,
  context: TenantContext,
  organization: ClosingOrganization | undefined,
  target: string,
): Promise<CloseOutcome & { remaining: number }> {
  if (!organization?.booksStartMonth) return { closed: [], problem: 'the books have no start month yet', remaining: 0 };
  // A lockdown stops every write, the system's too; the missed close runs on the first day after.
  if (organization.lockdown)
    return { closed: [], problem: `in lockdown since ${organization.lockdown.since}`, remaining: 1 };
  const latest = await store.latestClosedPeriod();
  const closed: string[] = [];
  let month = latest ? nextMonth(latest.month) : organization.booksStartMonth;
  for (; month <= target && closed.length < monthsPerDelivery; month = nextMonth(month)) {
    try {
      await closePeriod(deps, context, month);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Another delivery of the same message closed it meanwhile: that is the work done.
      const period = await store.findPeriod(month);
      if (period?.status !== 'open' && period) continue;
      return { closed, problem: `${month}: ${error.message}`, remaining: 1 };
    }
    closed.push(`${context.tenantId}:${month}`);
  }
  return { closed, problem: null, remaining: month <= target ? 1 : 0 };
}
