import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { startAzurite, stopChild } from '../local/emulators/azurite';
import { freePort, waitForPort } from '../local/emulators/free-port';
import { generateDevelopmentSecrets } from '../local/dev-secrets';
import { provisionCosmos, provisionStorage } from '../local/provision';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { benchTenant } from './point-read';
import { processCpuMs } from './process-cpu';

export const benchRoot = join(__dirname, '..');

/** An emulator in its own process: where it is, and the CPU it has spent so far. */
export interface BenchCosmos {
  readonly endpoint: string;
  readonly key: string;
  readonly database: string;
  cpuMs(): number;
}

/** What every bench section shares: the emulators, the local host running the fixture app, a bare server. */
export interface BenchEnvironment {
  readonly cosmos: BenchCosmos;
  /** The same emulator with 5 ms added to every call, started on first use. */
  slowCosmos(): Promise<BenchCosmos>;
  readonly storageConnectionString: string;
  readonly secrets: ReturnType<typeof generateDevelopmentSecrets>;
  readonly hostUrl: string;
  readonly bareUrl: string;
  stop(): Promise<void>;
}

export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(benchRoot, script), ...args], {
    cwd: benchRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited with ${code}`)));
  });
}

async function startCosmos(children: ChildProcess[], latencyMs: number, database: string): Promise<BenchCosmos> {
  const child = spawnTs('bench/cosmos-server.ts', [], {
    PORT: String(await freePort()),
    LATENCY_MS: String(latencyMs),
  });
  children.push(child);
  const { endpoint, key } = JSON.parse(await firstLine(child)) as { endpoint: string; key: string };
  return { endpoint, key, database, cpuMs: () => processCpuMs(child.pid!) };
}

/** Starts everything the sections measure against; `stop` ends every process it started. */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const children: ChildProcess[] = [];
  const azurite = await startAzurite();
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    await azurite.stop();
  };
  try {
    const cosmos = await startCosmos(children, 0, 'bench');
    const database = await provisionCosmos(new CosmosClient(cosmos), 'bench');
    await provisionStorage(azurite.connectionString);
    await new TenantRepository(database.container(containers.tenantData.name), benchTenant).create(
      'account',
      'account-1000',
      { code: '1000', name: 'Cash at bank' },
    );
    const secrets = generateDevelopmentSecrets();
    const env = {
      ...secrets,
      LEDGERLINE_ENV: 'test',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_DATABASE: 'bench',
      AzureWebJobsStorage: azurite.connectionString,
      LOG_LEVEL: 'error',
      // Both servers count every request against the shared limit; the load must not trip it.
      RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
    };
    const hostPort = await freePort();
    const host = spawnTs('local/host/main.ts', [join(benchRoot, 'bench/fixture-app'), '--port', String(hostPort)], env);
    const barePort = await freePort();
    const bare = spawnTs('bench/bare-server.ts', [], { ...env, PORT: String(barePort) });
    children.push(host, bare);
    host.stdout!.resume();
    bare.stdout!.resume();
    await Promise.all([waitForPort(hostPort, 30_000), waitForPort(barePort, 30_000)]);
    let slow: Promise<BenchCosmos> | undefined;
    return {
      cosmos,
      slowCosmos: () => (slow ??= startCosmos(children, 5, 'bench')),
      storageConnectionString: azurite.connectionString,
      secrets,
      hostUrl: `http://127.0.0.1:${hostPort}`,
      bareUrl: `http://127.0.0.1:${barePort}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
