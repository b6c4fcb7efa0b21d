import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CosmosClient } from '@azure/cosmos';
import { provisionStorage } from '../local/provision';
import { journalEntryType, type JournalEntry } from '../shared/ledger/journal-entry';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';

const root = join(__dirname, '..');
const run = promisify(execFile);

export interface ExportBenchSetup {
  readonly cosmos: { readonly endpoint: string; readonly key: string; readonly database: string };
  readonly storageConnectionString: string;
}

interface WorkerResult {
  readonly status: string;
  readonly seconds: number;
  readonly slices: number;
  readonly files: number;
  readonly records: number;
  readonly bytes: number;
  readonly peakRss: number;
  readonly heapBefore: number;
  readonly peakHeap: number;
}

/** An organisation whose books hold `lines` posted journal lines, written straight into the container. */
async function seedOrganisation(setup: ExportBenchSetup, lines: number, linesPerEntry: number): Promise<string> {
  const container = new CosmosClient({ endpoint: setup.cosmos.endpoint, key: setup.cosmos.key })
    .database(setup.cosmos.database)
    .container(containers.tenantData.name);
  const tenantId = `org-export-${randomUUID().slice(0, 8)}`;
  const repository = new TenantRepository(container, { tenantId, actor: { id: 'member-bench', kind: 'member' } });
  const entries = lines / linesPerEntry;
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < entries; index = next++) {
      const entry: JournalEntry = {
        status: 'posted',
        number: index + 1,
        date: `2025-${String((index % 12) + 1).padStart(2, '0')}-15`,
        memo: `Sales and receipts, batch ${index + 1}`,
        reference: `INV-${100000 + index}`,
        currency: 'USD',
        lines: Array.from({ length: linesPerEntry }, (_, i) => ({
          accountId: `account-${i % 2 === 0 ? 1000 : 4000}`,
          side: i % 2 === 0 ? ('debit' as const) : ('credit' as const),
          amountMinor: String(1000 + index),
          facility: null,
          division: null,
          memo: null,
        })),
        reversalOf: null,
        postedAt: null,
        postedBy: 'member-bench',
      };
      await repository.create(journalEntryType, `je-${randomUUID()}`, entry, { immutable: true });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return tenantId;
}

/**
 * A full data export of an organisation with `lines` journal lines, run in its own process
 * (`data-export-worker.ts`) so its memory is the export's alone: time, the process's peak
 * resident memory (the kernel's high-water mark) and peak heap, with the heap capped at
 * `heapLimitMb`: an export larger than that finishes only if it streams.
 */
export async function measureDataExport(
  setup: ExportBenchSetup,
  options: { readonly lines: number; readonly linesPerEntry: number; readonly heapLimitMb: number },
) {
  const { lines, linesPerEntry, heapLimitMb } = options;
  const seedStarted = performance.now();
  const tenantId = await seedOrganisation(setup, lines, linesPerEntry);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const prefix = `bench${randomUUID().slice(0, 6)}-`;
  await provisionStorage(setup.storageConnectionString, prefix);
  const { stdout } = await run(
    process.execPath,
    [`--max-old-space-size=${heapLimitMb}`, '--import', 'tsx', join(root, 'bench/data-export-worker.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        BENCH_COSMOS_ENDPOINT: setup.cosmos.endpoint,
        BENCH_COSMOS_KEY: setup.cosmos.key,
        BENCH_COSMOS_DATABASE: setup.cosmos.database,
        BENCH_STORAGE: setup.storageConnectionString,
        BENCH_QUEUE_PREFIX: prefix,
        BENCH_TENANT: tenantId,
      },
      maxBuffer: 1024 * 1024,
    },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkerResult;
  if (result.status !== 'completed') throw new Error(`the export ended ${result.status}`);
  const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return {
    journalLines: lines,
    entries: lines / linesPerEntry,
    seedSeconds: Math.round(seedSeconds),
    exportSeconds: Math.round(result.seconds * 10) / 10,
    slices: result.slices,
    records: result.records,
    exportedMb: mb(result.bytes),
    peakRssMb: mb(result.peakRss),
    heapBeforeMb: mb(result.heapBefore),
    peakHeapMb: mb(result.peakHeap),
    heapLimitMb,
  };
}

/**
 * `npm run bench`: 100K journal lines (ten to an entry, as the issue asks), then 1M lines (a
 * hundred to an entry) with the heap capped at 64 MB, half the size of that export.
 */
export async function printDataExportBench(setup: ExportBenchSetup): Promise<void> {
  console.log('\nFull data export (writing the journal lines into the emulator first takes a while)...');
  const rows = [
    await measureDataExport(setup, { lines: 100_000, linesPerEntry: 10, heapLimitMb: 64 }),
    await measureDataExport(setup, { lines: 1_000_000, linesPerEntry: 100, heapLimitMb: 64 }),
  ];
  console.table(rows);
}
