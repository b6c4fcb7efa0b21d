import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { adminHandler } from './admin';
import { entryFileOf, loadApp } from './app-loader';
import { corsPolicy, type CorsSettings } from './cors';
import type { AppRegistry } from './functions-core';
import { readHostConfig } from './host-config';
import { createHttpServer } from './http-server';
import { runAppHooks } from './invoke';
import { startQueueListeners, type QueueListener } from './queue-listener';
import { startTimers, type TimerScheduler } from './timer-scheduler';

export { describeRegistrations, loadApp } from './app-loader';
export type { AppRegistry, RegisteredFunction } from './functions-core';
export type { CorsSettings } from './cors';

export interface LocalHostOptions {
  /** Folder with package.json and host.json. */
  readonly appRoot: string;
  /** Defaults to package.json `main`, as the real host does. */
  readonly entryFile?: string;
  /** 7071 by default, like Core Tools; 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** The site's CORS (`siteConfig.cors` in Azure); none by default, like Core Tools without --cors. */
  readonly cors?: CorsSettings;
  /** App settings added to process.env before the app loads (in Azure, app settings are environment variables). */
  readonly env?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

export interface LocalHost {
  readonly url: string;
  readonly registry: AppRegistry;
  /** Runs a timer function now and resolves when it finished. */
  fire(name: string): Promise<void>;
  stop(): Promise<void>;
}

const servedTriggers = new Set(['httpTrigger', 'queueTrigger', 'timerTrigger']);

/**
 * The host would honour input and output bindings; this one does not, and dropping an output
 * silently would hide lost writes, so such a function stops the start. Triggers it cannot serve
 * only get a warning: the function registers and never runs.
 */
function checkBindings(registry: AppRegistry, log: (line: string) => void): void {
  for (const fn of registry.functions.values()) {
    if (!servedTriggers.has(fn.trigger.type)) {
      log(
        `warning: ${fn.metadata.name} has a ${fn.trigger.type}, which the local host does not serve; it will not run`,
      );
      continue;
    }
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      const httpReturn = fn.trigger.type === 'httpTrigger' && name === '$return' && binding.type === 'http';
      if (name !== fn.triggerName && !httpReturn) {
        throw new Error(
          `function ${fn.metadata.name} declares a ${binding.type} ${binding.direction} binding (${name}), which the local host does not support`,
        );
      }
    }
  }
}

/**
 * Runs an Azure Functions v4 app the way the Functions host would: loads the entry file with
 * our functions-core in place, awaits appStart hooks, then serves HTTP, polls queues and runs
 * timers. Settings come from process.env (plus `env`), as app settings do in Azure.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const appRoot = resolve(options.appRoot);
  const log = options.log ?? ((line: string) => console.log(line));
  const cors = options.cors ? corsPolicy(options.cors) : undefined;
  Object.assign(process.env, options.env);
  const config = readHostConfig(appRoot);
  const registry = loadApp(options.entryFile ? resolve(appRoot, options.entryFile) : entryFileOf(appRoot));
  checkBindings(registry, log);
  try {
    await runAppHooks(registry, 'appStart', appRoot);
  } catch (error) {
    throw new Error(
      `an appStart hook failed, so the app did not start: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  registry.startupFinished = true;

  let timers: TimerScheduler | undefined;
  let queues: QueueListener[] = [];
  const server = createHttpServer(registry, {
    routePrefix: config.routePrefix,
    cors,
    onAdminRequest: (req, res, path) => adminHandler(registry, timers!, log)(req, res, path),
    log,
  });
  server.keepAliveTimeout = 65_000;
  try {
    timers = startTimers(registry, process.env, log);
    queues = startQueueListeners(registry, config, process.env, log);
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 7071, options.host ?? '127.0.0.1', () => done());
    });
  } catch (error) {
    timers?.stop();
    await Promise.all(queues.map((queue) => queue.stop()));
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    registry,
    fire: (name) => timers.fire(name),
    stop() {
      stopping ??= (async () => {
        timers.stop();
        server.closeIdleConnections();
        const closed = new Promise<void>((done) => server.close(() => done()));
        await Promise.all(queues.map((queue) => queue.stop()));
        server.closeAllConnections();
        await closed;
        await runAppHooks(registry, 'appTerminate', appRoot);
      })();
      return stopping;
    },
  };
}
