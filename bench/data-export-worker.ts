/**
 * The exporting process of `bench/data-export.ts`: requests a full export of one organisation
 * and runs it as the `data-export-run` queue function does (every slice from its queue message,
 * the production limits), sampling its own memory meanwhile. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { CosmosClient } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { randomIds, systemClock } from '../shared/platform/clock';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { dataExportType, type DataExport } from '../shared/platform/export/data-export';
import { requestDataExport } from '../shared/platform/export/export-request';
import { runDataExport } from '../shared/platform/export/export-runner';
import type { OutboxMessage } from '../shared/platform/outbox/outbox-record';
import { queueName } from '../shared/platform/queues/queue-names';
import { createQueueSender } from '../shared/platform/queues/queue-sender';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

/** The kernel's high-water mark of this process's resident memory (Linux), in bytes. */
const peakRss = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;

async function main(): Promise<void> {
  const storage = env('BENCH_STORAGE');
  const prefix = env('BENCH_QUEUE_PREFIX');
  const tenantId = env('BENCH_TENANT');
  const container = new CosmosClient({ endpoint: env('BENCH_COSMOS_ENDPOINT'), key: env('BENCH_COSMOS_KEY') })
    .database(env('BENCH_COSMOS_DATABASE'))
    .container(containers.tenantData.name);
  const queueService = QueueServiceClient.fromConnectionString(storage);
  const deps = {
    container,
    blobs: BlobServiceClient.fromConnectionString(storage),
    clock: systemClock,
    ids: randomIds,
    queues: createQueueSender(queueService, prefix),
  };
  const context = { tenantId, actor: { id: 'member-bench', kind: 'member' as const } };
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 10);

  const started = performance.now();
  const { id } = await requestDataExport(deps, context, { notify: null });
  const queue = queueService.getQueueClient(queueName(prefix, 'data-exports'));
  let slices = 0;
  for (;;) {
    const [message] = (await queue.receiveMessages({ numberOfMessages: 1 })).receivedMessageItems;
    if (!message) break;
    const named = JSON.parse(Buffer.from(message.messageText, 'base64').toString()) as OutboxMessage;
    await runDataExport(deps, named);
    await queue.deleteMessage(message.messageId, message.popReceipt);
    slices += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const job = await new TenantRepository(container, context).get<DataExport>(dataExportType, id);
  console.log(
    JSON.stringify({
      status: job.status,
      seconds,
      slices,
      files: job.files.length,
      records: job.files.reduce((sum, f) => sum + f.records, 0),
      bytes: job.files.reduce((sum, f) => sum + f.bytes, 0),
      peakRss: peakRss(),
      heapBefore,
      peakHeap,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
