import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { stopChild } from '../../local/emulators/azurite';
import { freePort, waitForPort } from '../../local/emulators/free-port';
import type { CorsSettings } from '../../local/host';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { provisionStorage } from '../../local/provision';
import { startAnthropicStandIn, type AnthropicStandIn } from '../../local/stand-ins/anthropic/server';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { settingsSchema } from '../../shared/platform/config/settings';
import { createTestDatabase, type TestDatabase } from './cosmos';
import { storageConnectionString } from './storage';

export interface RunningHost {
  readonly url: string;
  /** The Postmark stand-in the app sends email to (started here unless the suite gave its own). */
  readonly postmark?: PostmarkStandIn;
  /** The Anthropic stand-in the app asks for tax-code suggestions (likewise). */
  readonly anthropic?: AnthropicStandIn;
  readonly databaseName: string;
  /** The app's containers on the run's emulator, for a suite to seed and inspect what the app stored. */
  readonly containers: TestDatabase['containers'];
  /** The app's queue names start with this: each hosted app has queues of its own. */
  readonly queuePrefix: string;
  output(): string;
  /** Ends the host process at once (SIGKILL), as a crash does: nothing of the app runs after it. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const repoRoot = resolve(__dirname, '../..');

/**
 * The site's CORS as infra/modules/function-app.bicep declares it: SPA_URL as it is (the app's
 * own default when the suite sets none), with credentials. Not reduced to its origin here: in
 * Azure a SPA_URL with a path or a trailing slash would match no browser Origin, so the local
 * host refuses it at start instead.
 */
function corsOfSite(env: Record<string, string> | undefined): CorsSettings {
  return { allowedOrigins: [settingsSchema.shape.SPA_URL.parse(env?.SPA_URL)], supportCredentials: true };
}

/**
 * Runs an app under the local function host in its own process, as `npm start` does, against
 * the run's emulators and a fresh database. `env` adds or overrides settings; `cors` replaces
 * the site's CORS settings.
 */
export async function startHostedApp(
  options: { appRoot?: string; entry?: string; env?: Record<string, string>; port?: number; cors?: CorsSettings } = {},
): Promise<RunningHost> {
  const db = await createTestDatabase();
  // Suites share one Azurite: with the same queue names, one suite's host would take another's messages.
  const queuePrefix = options.env?.QUEUE_PREFIX ?? `t${randomUUID().slice(0, 8)}-`;
  await provisionStorage(storageConnectionString(), queuePrefix);
  // No suite's app may ever reach the real Postmark: without an address of its own, it gets a stand-in.
  const postmarkToken = options.env?.POSTMARK_SERVER_TOKEN ?? randomUUID();
  const postmark = options.env?.POSTMARK_API_URL
    ? undefined
    : await startPostmarkStandIn({ serverToken: postmarkToken });
  // Nor the real Anthropic: an item's words never leave a test run.
  const anthropicKey = options.env?.ANTHROPIC_API_KEY ?? `sk-ant-test-${randomUUID()}`;
  const anthropic = options.env?.ANTHROPIC_API_URL ? undefined : await startAnthropicStandIn({ apiKey: anthropicKey });
  const port = options.port ?? (await freePort());
  const appRoot = options.appRoot ?? repoRoot;
  const args = ['--import', 'tsx', resolve(repoRoot, 'local/host/main.ts'), appRoot, '--port', String(port)];
  if (options.entry) args.push('--entry', options.entry);
  const cors = options.cors ?? corsOfSite(options.env);
  args.push('--cors', cors.allowedOrigins.join(','));
  if (cors.supportCredentials) args.push('--cors-credentials');
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      LEDGERLINE_ENV: 'test',
      COSMOS_ENDPOINT: db.endpoint,
      COSMOS_KEY: db.key,
      COSMOS_DATABASE: db.name,
      AzureWebJobsStorage: storageConnectionString(),
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: queuePrefix,
      // The app's secrets come as settings outside Azure; a suite passes its own when it signs tokens.
      ...generateDevelopmentSecrets(),
      POSTMARK_SERVER_TOKEN: postmarkToken,
      ...(postmark ? { POSTMARK_API_URL: postmark.url } : {}),
      ANTHROPIC_API_KEY: anthropicKey,
      ...(anthropic ? { ANTHROPIC_API_URL: anthropic.url } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`host exited (${code}):\n${output}`))),
  );
  await Promise.race([waitForPort(port, 30_000), exited]).catch(async (error: unknown) => {
    await postmark?.stop();
    await anthropic?.stop();
    throw error;
  });
  exited.catch(() => undefined);
  return {
    url: `http://127.0.0.1:${port}`,
    databaseName: db.name,
    containers: db.containers,
    queuePrefix,
    ...(postmark ? { postmark } : {}),
    ...(anthropic ? { anthropic } : {}),
    output: () => output,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    stop: async () => {
      await stopChild(child);
      await postmark?.stop();
      await anthropic?.stop();
    },
  };
}

/** Settings for a suite that sends more than the global limit's 100 requests a minute from one address. */
export const manyRequests = { RATE_LIMIT_GLOBAL_PER_MINUTE: '10000' } as const;

/** The app's own entry (functions/index.ts) under the local host, with `secrets` and `env` as its settings. */
export function startTestApp(secrets: Record<string, string>, env: Record<string, string> = {}): Promise<RunningHost> {
  return startHostedApp({ entry: 'functions/index.ts', env: { ...secrets, ...env } });
}
