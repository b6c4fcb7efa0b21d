import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { adminHandler } from './admin';
import { entryFileOf, loadApp } from './app-loader';
import type { AppRegistry } from './functions-core';
import { readHostConfig } from './host-config';
import { createHttpServer } from './http-server';
import { runHooks } from './invoke';
import { startQueueListeners } from './queue-listener';
import { startTimers } from './timer-scheduler';

export interface LocalHostOptions {
  /** Folder with package.json and host.json. */
  readonly appRoot: string;
  /** Defaults to package.json `main`, as the real host does. */
  readonly entryFile?: string;
  readonly port?: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
}

export interface LocalHost {
  readonly url: string;
  readonly registry: AppRegistry;
  /** Resolves when a running timer or admin invocation finishes. */
  fire(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs an Azure Functions v4 app the way the Functions host would: loads the entry file with
 * our functions-core in place, awaits appStart hooks, then serves HTTP, polls queues and runs
 * timers. Settings come from process.env, as app settings do in Azure.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const appRoot = resolve(options.appRoot);
  const log = options.log ?? ((line: string) => console.log(line));
  const config = readHostConfig(appRoot);
  const registry = loadApp(options.entryFile ? resolve(appRoot, options.entryFile) : entryFileOf(appRoot));
  await runHooks(registry, 'appStart', { hookData: {}, appHookData: {} });

  const timers = startTimers(registry, log);
  const queues = startQueueListeners(registry, config, process.env, log);
  const server = createHttpServer(registry, { routePrefix: config.routePrefix, onAdminRequest: adminHandler(registry, timers), log });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 7071, options.host ?? '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://localhost:${port}`,
    registry,
    fire: (name) => timers.fire(name),
    async stop() {
      timers.stop();
      server.closeIdleConnections();
      const closed = new Promise<void>((done) => server.close(() => done()));
      await Promise.all(queues.map((queue) => queue.stop()));
      server.closeAllConnections();
      await closed;
      await runHooks(registry, 'appTerminate', { hookData: {}, appHookData: {} });
    },
  };
}
