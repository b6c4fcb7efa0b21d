import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForPort } from './free-port';

/**
 * The Azure Storage emulator's documented, public development account and key
 * (https://learn.microsoft.com/azure/storage/common/storage-use-azurite). It is not a secret;
 * the committed-secrets scan allows exactly this value.
 */
export const azuriteAccountName = 'devstoreaccount1';
export const azuriteAccountKey =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteEmulator {
  readonly connectionString: string;
  readonly blobPort: number;
  readonly queuePort: number;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Keep data on disk in this folder; omitted means in memory (tests). */
  readonly location?: string;
  readonly blobPort?: number;
  readonly queuePort?: number;
  readonly tablePort?: number;
}

export function azuriteConnectionString(blobPort: number, queuePort: number, host = '127.0.0.1'): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${azuriteAccountName}`,
    `AccountKey=${azuriteAccountKey}`,
    `BlobEndpoint=http://${host}:${blobPort}/${azuriteAccountName}`,
    `QueueEndpoint=http://${host}:${queuePort}/${azuriteAccountName}`,
  ].join(';');
}

/** Starts Azurite as a child process on this process's Node (Azurite needs Node 22). */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteEmulator> {
  const blobPort = options.blobPort ?? (await freePort());
  const queuePort = options.queuePort ?? (await freePort());
  const tablePort = options.tablePort ?? (await freePort());
  const entry = require.resolve('azurite/dist/src/azurite.js');
  const args = [
    entry,
    '--blobPort',
    String(blobPort),
    '--queuePort',
    String(queuePort),
    '--tablePort',
    String(tablePort),
    '--silent',
    '--loose',
    '--skipApiVersionCheck',
    '--disableTelemetry',
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Azurite exited (code ${code}): ${stderr.trim()}`))),
  );
  try {
    await Promise.race([Promise.all([waitForPort(blobPort, 30_000), waitForPort(queuePort, 30_000)]), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  exited.catch(() => undefined);
  return {
    connectionString: azuriteConnectionString(blobPort, queuePort),
    blobPort,
    queuePort,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export const azuriteDataFolder = (root: string): string => join(root, '.local-data', 'azurite');
