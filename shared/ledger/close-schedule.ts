import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { cosmosCloseSchedule } from './cosmos-close-schedule-store';
import type { LedgerDependencies } from './accounts';
import { nextMonth, previousMonth } from './ledger-dates';
import type { CloseScheduleStore } from './period-store';

/**
 * Every organisation closes its months by itself: an organisation that never closes would pay
 * for its whole history on every report (a report starts from the latest closed month). Without
 * a close day of its own, the previous month closes on the 10th: by then most books have their
 * month-end adjustments in, and unclosed history never passes about six weeks. A month closed too
 * early is reopened (dual control), never left open by default. Running balances updated by every
 * post were the other way to bound reports; they would put a contended document back into each
 * post, which grouped posting has just taken out.
 */
export const defaultCloseOnDay = 10;

/**
 * When each organisation's next close is due, one small document per organisation in a partition
 * of its own ("platform:close-schedule": a colon no organisation id may contain), so the daily
 * timer finds the due ones with one single-partition query on `dueOn` instead of reading every
 * organisation across partitions. Written when an organisation's books are opened and after each
 * scheduled close; the organisation's own documents stay in its own partition.
 */
export const closeScheduleTenant = 'platform:close-schedule';
export const closeScheduleType = 'close-schedule';

export interface CloseScheduleEntry {
  readonly organization: string;
  /** The day (YYYY-MM-DD, UTC) from which the timer sends this organisation's close. */
  readonly dueOn: string;
  /** Why the last attempt stopped (a lockdown, a month a person must look at); null when it did not. */
  readonly problem: string | null;
}

export const closeScheduleEntryId = (tenantId: string) => `close-schedule-${tenantId}`;

/** The schedule's store (the composition's one place that builds it). */
export function closeSchedule(deps: Pick<LedgerDependencies, 'container' | 'clock'>): CloseScheduleStore {
  return cosmosCloseSchedule(deps);
}

/** The latest month whose close day has come by `today`. */
export function lastMonthDue(today: string, closeOnDay: number): string {
  const month = previousMonth(today.slice(0, 7));
  return Number(today.slice(8, 10)) >= closeOnDay ? month : previousMonth(month);
}

/** The first close day after `today`. */
export function nextDueOn(today: string, closeOnDay: number): string {
  const month = Number(today.slice(8, 10)) >= closeOnDay ? nextMonth(today.slice(0, 7)) : today.slice(0, 7);
  return `${month}-${String(closeOnDay).padStart(2, '0')}`;
}

export function findScheduleEntry(schedule: CloseScheduleStore, tenantId: string) {
  return schedule.findEntry(tenantId);
}

/**
 * Puts an organisation on the schedule, due at once so the next daily run decides what to close
 * (nothing before its close day). Idempotent: an organisation already on it keeps its entry.
 */
export async function scheduleCloses(schedule: CloseScheduleStore, tenantId: string, today: string): Promise<void> {
  if (await schedule.findEntry(tenantId)) return;
  await retryOnConflict('The close schedule', async () => {
    if (await schedule.findEntry(tenantId)) return;
    await schedule.createEntry({ organization: tenantId, dueOn: today, problem: null });
  });
}

/**
 * Makes an organisation's close due at once (its close day changed): the next daily run decides
 * what the new day makes due, and moves the entry on to the new day's next date.
 */
export async function closeDueNow(schedule: CloseScheduleStore, tenantId: string, today: string): Promise<void> {
  await retryOnConflict('The close schedule', async () => {
    const current = await schedule.findEntry(tenantId);
    if (!current) return scheduleCloses(schedule, tenantId, today);
    if (current.dueOn !== today) await schedule.saveEntry(current, { ...current, dueOn: today });
  });
}

/**
 * Moves an organisation's entry on, unless a duplicate delivery got there first (its `dueOn`
 * already past the one this delivery acted on).
 */
export async function rescheduleCloses(
  schedule: CloseScheduleStore,
  acted: Stored<CloseScheduleEntry>,
  next: { dueOn: string; problem: string | null },
): Promise<void> {
  await retryOnConflict('The close schedule', async (attempt) => {
    const current = attempt === 1 ? acted : await schedule.findEntry(acted.organization);
    if (!current || current.dueOn > acted.dueOn) return;
    await schedule.saveEntry(current, { ...current, ...next });
  });
}
