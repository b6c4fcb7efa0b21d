import { Cron, type CronOptions } from 'croner';

/**
 * croner configured to read schedules as the Functions timer trigger (NCrontab) does:
 * `{second} {minute} {hour} {day} {month} {day-of-week}` or the 5-field form without seconds,
 * evaluated in UTC (the host's default without WEBSITE_TIME_ZONE), and a day of month together
 * with a day of week must BOTH match (NCrontab), not either (Vixie cron, croner's default).
 */
export const ncrontabOptions: CronOptions = { timezone: 'UTC', domAndDow: true, mode: '5-or-6-parts' };

/**
 * Parses a schedule, naming the function in the error the way a host start failure should. With
 * `job`, the schedule runs it, skipping a tick while the previous run is still going.
 */
export function parseSchedule(schedule: string, functionName: string, job?: () => Promise<void>): Cron {
  try {
    return job
      ? new Cron(schedule, { ...ncrontabOptions, protect: true }, job)
      : new Cron(schedule, { ...ncrontabOptions, paused: true });
  } catch (error) {
    throw new Error(
      `timer function ${functionName}: "${schedule}" is not an NCRONTAB schedule (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}
