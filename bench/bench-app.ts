import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CosmosClient, type Container } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { stopChild } from '../local/emulators/azurite';
import { freePort, waitForPort } from '../local/emulators/free-port';
import { provisionStorage } from '../local/provision';
import { containers } from '../shared/platform/data/containers';
import { createQueueSender, type QueueSender } from '../shared/platform/queues/queue-sender';

const root = join(__dirname, '..');

export interface BenchAppOptions {
  readonly cosmos: { readonly endpoint: string; readonly key: string; readonly database: string };
  readonly storage: string;
  /** The app's development secrets, as settings of the same names. */
  readonly secrets: Readonly<Record<string, string | undefined>>;
  /** Settings of this bench (stand-in URLs, limits). */
  readonly settings: Readonly<Record<string, string>>;
}

export interface BenchApp {
  readonly host: ChildProcess;
  readonly tenantData: Container;
  /** Sends to this app's queues only, so benches in one database never take each other's messages. */
  readonly queues: QueueSender;
}

/**
 * Runs `measure` against the real function app under the local host, on its own queues, ready to
 * take messages; the host is stopped whatever happens.
 */
export async function withBenchApp<T>(options: BenchAppOptions, measure: (app: BenchApp) => Promise<T>): Promise<T> {
  const app = await startBenchApp(options);
  try {
    return await measure(app);
  } finally {
    await stopChild(app.host);
  }
}

/** The documents of one organisation that match `condition` (on `c`), by one count query. */
export async function countDocuments(app: BenchApp, tenantId: string, condition: string): Promise<number> {
  const { resources } = await app.tenantData.items
    .query<number>(
      {
        query: `SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t AND (${condition})`,
        parameters: [{ name: '@t', value: tenantId }],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources[0] ?? 0;
}

/** Polls `done` every `intervalMs` until it holds; past `timeoutMs` throws what `failure` says. */
export async function waitUntil(
  done: () => Promise<boolean>,
  timeoutMs: number,
  failure: () => string,
  intervalMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function startBenchApp(options: BenchAppOptions): Promise<BenchApp> {
  const queuePrefix = `bench${randomUUID().slice(0, 6)}-`;
  await provisionStorage(options.storage, queuePrefix);
  const port = await freePort();
  const entry = ['--import', 'tsx', join(root, 'local/host/main.ts'), root, '--entry', 'functions/index.ts'];
  const host = spawn(process.execPath, [...entry, '--port', String(port)], {
    cwd: root,
    env: {
      ...process.env,
      ...options.secrets,
      LEDGERLINE_ENV: 'test',
      COSMOS_ENDPOINT: options.cosmos.endpoint,
      COSMOS_KEY: options.cosmos.key,
      COSMOS_DATABASE: options.cosmos.database,
      AzureWebJobsStorage: options.storage,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'error',
      ...options.settings,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(port, 60_000).catch(async (error: unknown) => {
    await stopChild(host);
    throw error;
  });
  const tenantData = new CosmosClient({ endpoint: options.cosmos.endpoint, key: options.cosmos.key })
    .database(options.cosmos.database)
    .container(containers.tenantData.name);
  const queues = createQueueSender(QueueServiceClient.fromConnectionString(options.storage), queuePrefix);
  return { host, tenantData, queues };
}
