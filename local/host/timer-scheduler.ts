import { Cron } from 'croner';
import type { AppRegistry, RegisteredFunction } from './functions-core';
import { invoke } from './invoke';

export interface TimerScheduler {
  /** Fires a timer function now, as Core Tools' POST /admin/functions/{name} does. */
  fire(name: string): Promise<void>;
  stop(): void;
}

function timerInput(isPastDue: boolean, last: Date | undefined, next: Date | null) {
  // The real host sends PascalCase JSON; the library camel-cases it for the handler.
  return {
    json: JSON.stringify({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: (last ?? new Date(0)).toISOString(), Next: next?.toISOString(), LastUpdated: new Date().toISOString() },
      IsPastDue: isPastDue,
    }),
  };
}

/**
 * NCRONTAB schedules ("{second} {minute} {hour} {day} {month} {day-of-week}") as the Functions
 * host reads them, evaluated in UTC like the host's default WEBSITE_TIME_ZONE.
 */
export function startTimers(registry: AppRegistry, log: (line: string) => void): TimerScheduler {
  const timers = [...registry.functions.values()].filter((fn) => fn.trigger.type === 'timerTrigger');
  const jobs: Cron[] = [];
  const lastRun = new Map<string, Date>();

  async function run(fn: RegisteredFunction, isPastDue: boolean, next: Date | null): Promise<void> {
    const started = performance.now();
    try {
      await invoke(registry, fn, timerInput(isPastDue, lastRun.get(fn.metadata.name), next));
      log(`${fn.metadata.name} timer ok ${(performance.now() - started).toFixed(1)}ms`);
    } catch (error) {
      log(`${fn.metadata.name} timer failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      lastRun.set(fn.metadata.name, new Date());
    }
  }

  for (const fn of timers) {
    const schedule = String(fn.trigger.schedule);
    const job = new Cron(schedule, { timezone: 'UTC', protect: true }, async () => {
      await run(fn, false, job.nextRun());
    });
    jobs.push(job);
    if (fn.trigger.runOnStartup) void run(fn, false, job.nextRun());
  }

  return {
    async fire(name) {
      const fn = registry.functions.get(name);
      if (!fn) throw new Error(`no function named ${name}`);
      await run(fn, false, null);
    },
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
