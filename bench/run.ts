/**
 * `npm run bench`: the local host's overhead against a bare Node http server doing the same
 * work, measured in one run on this machine, and the function app's cold module-load time.
 * Every server runs in its own process; the load generator (autocannon) runs here.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { startAzurite, stopChild } from '../local/emulators/azurite';
import { freePort, waitForPort } from '../local/emulators/free-port';
import { provisionCosmos, provisionStorage } from '../local/provision';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { measure, printTable, type LoadResult } from './load';
import { measureRefreshThroughput, measureTokenVerification } from './identity';
import { measureLedger } from './ledger';
import { measureClassification } from './items';
import { printPostingFigures } from './posting-report';
import { processCpuMs } from './process-cpu';
import { printReportFigures } from './reports';
import { generateDevelopmentSecrets } from '../local/dev-secrets';
import { benchTenant } from './point-read';
import { printEmailBench } from './email-outbox';
import { printDataExportBench } from './data-export';

const root = join(__dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
    cwd: root,
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function coldLoad(runs: number): Promise<{ medianMs: number; minMs: number; functions: number }> {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  const samples: number[] = [];
  let functions = 0;
  for (let i = 0; i < runs; i += 1) {
    const output = execFileSync(process.execPath, [join(root, 'bench/cold-load.cjs')], {
      env: {
        ...process.env,
        LEDGERLINE_ENV: 'test',
        COSMOS_ENDPOINT: 'http://127.0.0.1:1',
        AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      },
      encoding: 'utf8',
    });
    const result = JSON.parse(output) as { ms: number; functions: number };
    samples.push(result.ms);
    functions = result.functions;
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), functions };
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  const azurite = await startAzurite();
  try {
    const cosmosPort = await freePort();
    const cosmosProcess = spawnTs('bench/cosmos-server.ts', [], { PORT: String(cosmosPort) });
    children.push(cosmosProcess);
    const { endpoint, key } = JSON.parse(await firstLine(cosmosProcess)) as { endpoint: string; key: string };

    const database = await provisionCosmos(new CosmosClient({ endpoint, key }), 'bench');
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
      COSMOS_ENDPOINT: endpoint,
      COSMOS_KEY: key,
      COSMOS_DATABASE: 'bench',
      AzureWebJobsStorage: azurite.connectionString,
      LOG_LEVEL: 'error',
      // Both servers count every request against the shared limit; the load must not trip it.
      RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
    };
    const hostPort = await freePort();
    const host = spawnTs('local/host/main.ts', [join(root, 'bench/fixture-app'), '--port', String(hostPort)], env);
    host.stdout!.resume();
    const barePort = await freePort();
    const bare = spawnTs('bench/bare-server.ts', [], { ...env, PORT: String(barePort) });
    bare.stdout!.resume();
    children.push(host, bare);
    await Promise.all([waitForPort(hostPort, 30_000), waitForPort(barePort, 30_000)]);

    const load = (label: string, url: string) => measure(label, url, { connections, seconds });
    const results: LoadResult[] = [];
    results.push(await load('local host  GET /api/health', `http://127.0.0.1:${hostPort}/api/health`));
    results.push(await load('bare http   GET /api/health', `http://127.0.0.1:${barePort}/api/health`));
    results.push(await load('local host  point read', `http://127.0.0.1:${hostPort}/api/bench/accounts/account-1000`));
    results.push(await load('bare http   point read', `http://127.0.0.1:${barePort}/api/bench/accounts/account-1000`));

    printTable(
      `HTTP (${connections} connections, ${seconds}s each after a 1s warm-up; emulators on this machine)`,
      results,
    );
    const [hostHealth, bareHealth, hostRead, bareRead] = results as [LoadResult, LoadResult, LoadResult, LoadResult];
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
    console.log('Host overhead (local host / bare server):');
    console.table([
      {
        route: 'GET /api/health',
        'req/s ratio': ratio(hostHealth.requestsPerSecond, bareHealth.requestsPerSecond),
        'solo p50 ratio': ratio(hostHealth.soloP50Ms, bareHealth.soloP50Ms),
        'solo p99 ratio': ratio(hostHealth.soloP99Ms, bareHealth.soloP99Ms),
        'loaded p99 ratio': ratio(hostHealth.p99Ms, bareHealth.p99Ms),
      },
      {
        route: 'point read',
        'req/s ratio': ratio(hostRead.requestsPerSecond, bareRead.requestsPerSecond),
        'solo p50 ratio': ratio(hostRead.soloP50Ms, bareRead.soloP50Ms),
        'solo p99 ratio': ratio(hostRead.soloP99Ms, bareRead.soloP99Ms),
        'loaded p99 ratio': ratio(hostRead.p99Ms, bareRead.p99Ms),
      },
    ]);
    if (results.some((r) => r.non2xx > 0 || r.errors > 0))
      console.log('WARNING: some requests failed; the figures above are not comparable.');

    const verification = await measureTokenVerification();
    console.log(
      `\nAccess-token verification (EdDSA signature + claims, no I/O): ${verification.microsecondsPerVerify} µs per request (${verification.verifiesPerSecond} verifies/s on one core)`,
    );
    const refresh = await measureRefreshThroughput(database.container(containers.tenantData.name));
    console.log(
      `Refresh-token rotation against Cosmos (20 sessions in parallel, read + conditional replace each): ${refresh.rotationsPerSecond} rotations/s over ${refresh.total}`,
    );

    await printReportFigures({ endpoint, key }, azurite.connectionString);

    console.log('\nLedger (writing 1,010,000 lines of history into the emulator takes a minute or two)...');
    const ledger = await measureLedger(endpoint, key, 'bench');
    console.table([
      { history: '10,000 lines, 12 closed months', ...ledger.smallHistory },
      { history: '1,000,000 lines, 12 closed months', ...ledger.largeHistory },
    ]);
    console.log(
      `Trial balance documents read, 1M vs 10k history: ${(ledger.largeHistory.documentsRead / ledger.smallHistory.documentsRead).toFixed(2)}x (the emulator has no indexes, so its latency still grows with the container)`,
    );

    const latencyPort = await freePort();
    const slowCosmos = spawnTs('bench/cosmos-server.ts', [], { PORT: String(latencyPort), LATENCY_MS: '5' });
    children.push(slowCosmos);
    const slow = JSON.parse(await firstLine(slowCosmos)) as { endpoint: string; key: string };
    await printPostingFigures({
      apiUrl: `http://127.0.0.1:${hostPort}`,
      cosmos: { endpoint, key, database: 'bench', cpuMs: () => processCpuMs(cosmosProcess.pid!) },
      slowCosmos: { ...slow, cpuMs: () => processCpuMs(slowCosmos.pid!) },
      signingKeys: secrets.TOKEN_SIGNING_KEYS,
    });

    const documentsSetup = {
      cosmos: { endpoint, key, database: 'bench' },
      storageConnectionString: azurite.connectionString,
    };
    await printEmailBench({ ...documentsSetup, secrets });
    await printDataExportBench(documentsSetup);

    const classified = await measureClassification({
      cosmos: { endpoint, key, database: 'bench' },
      storage: azurite.connectionString,
      secrets,
    });
    console.log(
      `\nItems classified through the queue and the Anthropic stand-in (the real app, host.json queue settings): ${classified.itemsPerSecond} items/s (${classified.items} items in ${classified.seconds} s, ${classified.requestsToAnthropic} requests to the stand-in)`,
    );

    const cold = await coldLoad(5);
    console.log(
      `\nCold module load of the compiled function app (${cold.functions} function(s) registered), 5 fresh processes: median ${cold.medianMs.toFixed(1)} ms, min ${cold.minMs.toFixed(1)} ms`,
    );
  } finally {
    await Promise.all(children.map((child) => stopChild(child)));
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
