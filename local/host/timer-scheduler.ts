import type { Cron } from 'croner';
import { resolveAppSettings } from './app-settings';
import type { AppRegistry, RegisteredFunction, RpcTypedData } from './functions-core';
import { invoke } from './invoke';
import { parseSchedule } from './ncrontab';

export interface TimerScheduler {
  /** Runs a timer function now (as Core Tools' POST /admin/functions/{name} does) and waits for it. */
  fire(name: string): Promise<void>;
  stop(): void;
}

/** The TimerInfo the host sends, PascalCase; the library camel-cases it for the handler. */
function timerInfo(isPastDue: boolean, last: Date | undefined, next: Date | null): RpcTypedData {
  return {
    json: JSON.stringify({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: {
        Last: (last ?? new Date(0)).toISOString(),
        Next: next?.toISOString() ?? null,
        LastUpdated: new Date().toISOString(),
      },
      IsPastDue: isPastDue,
    }),
  };
}

/**
 * Fires timer functions on their NCRONTAB schedules (`%SETTING%` resolved), once at start for
 * `runOnStartup`, never two runs of one function at once (the host holds a singleton lock per
 * timer). `useMonitor` has nothing to do here: one local process has no missed runs to catch up.
 */
export function startTimers(
  registry: AppRegistry,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): TimerScheduler {
  const timers = [...registry.functions.values()].filter((fn) => fn.trigger.type === 'timerTrigger');
  const schedules = new Map<string, Cron>();
  const lastRun = new Map<string, Date>();

  async function run(fn: RegisteredFunction, source: string): Promise<void> {
    const started = performance.now();
    const name = fn.metadata.name;
    try {
      await invoke(registry, fn, timerInfo(false, lastRun.get(name), schedules.get(name)?.nextRun() ?? null));
      log(`${name} timer:${source} ok ${(performance.now() - started).toFixed(1)}ms`);
    } catch (error) {
      log(
        `${name} timer:${source} failed ${(performance.now() - started).toFixed(1)}ms: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      lastRun.set(name, new Date());
    }
  }

  // Every schedule is checked before any starts, so a bad one leaves nothing running.
  const resolved = timers.map((fn) => {
    const schedule = resolveAppSettings(String(fn.trigger.schedule), env, `timer function ${fn.metadata.name}`);
    parseSchedule(schedule, fn.metadata.name).stop();
    return { fn, schedule };
  });
  for (const { fn, schedule } of resolved) {
    schedules.set(
      fn.metadata.name,
      parseSchedule(schedule, fn.metadata.name, () => run(fn, 'schedule')),
    );
    if (fn.trigger.runOnStartup) void run(fn, 'startup');
  }

  return {
    async fire(name) {
      const fn = registry.functions.get(name);
      if (!fn || fn.trigger.type !== 'timerTrigger') throw new Error(`no timer function named ${name}`);
      await run(fn, 'admin');
    },
    stop() {
      for (const job of schedules.values()) job.stop();
    },
  };
}
