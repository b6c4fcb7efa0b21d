import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { provisionCosmos, provisionStorage } from '../local/provision';
import { startPostmarkStandIn } from '../local/stand-ins/postmark/server';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { deliverEmail } from '../shared/platform/email/email-delivery';
import { createPostmarkSender } from '../shared/platform/email/postmark-sender';
import { readOutboxMessage } from '../shared/platform/outbox/outbox-functions';
import { queueName, queueNames, type QueueName } from '../shared/platform/queues/queue-names';
import { createQueueSender } from '../shared/platform/queues/queue-sender';
import { createLogger } from '../shared/platform/telemetry/json-logger';
import { arAging } from '../shared/receivables/aging';
import { issueInvoice } from '../shared/receivables/invoice-issue';
import { withReceivablesStores, type ReceivablesDependencies } from '../shared/receivables/receivables-dependencies';
import { handleStatementRunMessage, statementRunMessage } from '../shared/receivables/statement-schedule';
import { startStatementRun, statementRunReport } from '../shared/receivables/statement-runs';
import type { BenchCosmos } from './bench-environment';
import { inParallel, seedReceivables } from './receivables-seed';

/** Wall time and CPU (this process plus the Cosmos emulator's) of one measured step. */
function stopwatch(cosmos: BenchCosmos) {
  const cpu = process.cpuUsage();
  const emulator = cosmos.cpuMs();
  const started = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    return {
      seconds: (performance.now() - started) / 1000,
      cpuMs: (used.user + used.system) / 1000 + cosmos.cpuMs() - emulator,
    };
  };
}

/**
 * Takes a queue's messages as the Functions host does (up to 32 at a time, base64 JSON, deleted
 * once handled) until it is empty and `done` says nothing more will come.
 */
async function consume(
  queues: QueueServiceClient,
  queue: string,
  handle: (message: unknown) => Promise<unknown>,
  done: () => boolean,
): Promise<void> {
  const client = queues.getQueueClient(queue);
  for (;;) {
    const { receivedMessageItems: items } = await client.receiveMessages({
      numberOfMessages: 32,
      visibilityTimeout: 120,
    });
    if (items.length === 0) {
      if (done()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    await Promise.all(
      items.map(async (item) => {
        await handle(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8')));
        await client.deleteMessage(item.messageId, item.popReceipt);
      }),
    );
  }
}

/**
 * Receivables at volume, in process against the emulators (Cosmos, Azurite blobs and queues),
 * every document written by the services: 10,000 invoices issued (each: its entry through the
 * posting lane with its number, its PDF rendered and stored, its email staged and queued), the AR
 * aging over those 10,000 open invoices, and one statement run for the 1,000 customers, drained
 * from its queues by the queue functions' own handlers into the Postmark stand-in.
 */
export async function measureReceivables(setup: {
  readonly cosmos: BenchCosmos;
  readonly storageConnectionString: string;
  readonly invoices?: number;
  readonly customers?: number;
}) {
  const invoiceCount = setup.invoices ?? 10_000;
  const customerCount = setup.customers ?? 1_000;
  const counter = createRequestCounter();
  const options = { endpoint: setup.cosmos.endpoint, key: setup.cosmos.key, plugins: [counter.plugin] };
  const database = await provisionCosmos(new CosmosClient(options), 'bench-receivables');
  // Invoices' emails go to queues nobody reads; the statement run's to queues this bench drains.
  const [issuePrefix, runPrefix] = [`bri${randomUUID().slice(0, 6)}-`, `brr${randomUUID().slice(0, 6)}-`];
  await provisionStorage(setup.storageConnectionString, issuePrefix);
  await provisionStorage(setup.storageConnectionString, runPrefix);
  const queueService = QueueServiceClient.fromConnectionString(setup.storageConnectionString);
  const deps: ReceivablesDependencies = withReceivablesStores({
    container: database.container(containers.tenantData.name),
    clock: { now: () => new Date() },
    ids: { newId: () => randomUUID() },
    blobs: BlobServiceClient.fromConnectionString(setup.storageConnectionString),
    queues: createQueueSender(queueService, issuePrefix),
  });
  const seeded = await seedReceivables(deps, database.container(containers.platform.name), {
    customers: customerCount,
    invoices: invoiceCount,
  });
  const { context } = seeded;

  counter.reset();
  let stop = stopwatch(setup.cosmos);
  await inParallel(seeded.drafts, 64, (id) => issueInvoice(deps, context, id));
  let measured = stop();
  const issue = {
    invoices: invoiceCount,
    'invoices/s': Math.round(invoiceCount / measured.seconds),
    'CPU ms per invoice': Number((measured.cpuMs / invoiceCount).toFixed(1)),
    'Cosmos round trips per invoice': Number((counter.roundTrips / invoiceCount).toFixed(1)),
  };

  counter.reset();
  stop = stopwatch(setup.cosmos);
  const aging = await arAging(deps, context, '2026-12-31');
  measured = stop();
  const agingFigures = {
    'open invoices': invoiceCount,
    customers: aging.customers.length,
    'total open': aging.totals.open,
    seconds: Number(measured.seconds.toFixed(2)),
    'CPU ms': Math.round(measured.cpuMs),
    'documents read': counter.documentsRead,
    'Cosmos round trips': counter.roundTrips,
  };

  const serverToken = randomUUID();
  const postmark = await startPostmarkStandIn({ serverToken });
  try {
    const runDeps = { ...deps, queues: createQueueSender(queueService, runPrefix) };
    const logger = createLogger({ level: 'error', sink: () => undefined });
    const sender = createPostmarkSender({ apiUrl: postmark.url, serverToken, from: 'billing@bench.example' });
    const emailDeps = { ...deps, sender, logger };
    const queue = (name: QueueName) => queueName(runPrefix, name);
    counter.reset();
    stop = stopwatch(setup.cosmos);
    const run = await startStatementRun(runDeps, context, {
      from: '2026-10-01',
      to: '2026-10-31',
      overdueOnly: false,
      trigger: 'manual',
    });
    let runsDrained = false;
    await Promise.all([
      consume(
        queueService,
        queue(queueNames.statementRuns),
        (message) => handleStatementRunMessage(runDeps, statementRunMessage.parse(message)),
        () => true,
      ).then(() => (runsDrained = true)),
      consume(
        queueService,
        queue(queueNames.emails),
        async (message) => {
          const named = readOutboxMessage(message, logger, 'emails');
          if (named) await deliverEmail(emailDeps, named);
        },
        () => runsDrained,
      ),
    ]);
    measured = stop();
    const roundTrips = counter.roundTrips;
    const report = await statementRunReport(deps, context, run.id);
    const statements = {
      customers: customerCount,
      'run state': report.run.state,
      'emails in the stand-in': postmark.sent().length,
      'seconds to drain': Number(measured.seconds.toFixed(1)),
      'CPU ms per customer': Number((measured.cpuMs / customerCount).toFixed(1)),
      'Cosmos round trips per customer': Number((roundTrips / customerCount).toFixed(1)),
    };
    return { issue, aging: agingFigures, statements };
  } finally {
    await postmark.stop();
  }
}

export async function printReceivablesBench(setup: Parameters<typeof measureReceivables>[0]): Promise<void> {
  console.log('\nReceivables (in process against the emulators; seeding 1,000 customers and 10,000 drafts first)...');
  const figures = await measureReceivables(setup);
  console.log('Issuing invoices (64 in flight: posting lane + number, PDF to blob storage, email staged and queued):');
  console.table([figures.issue]);
  console.log('AR aging as of 2026-12-31 over every open invoice:');
  console.table([figures.aging]);
  console.log(
    'One statement run for every customer, started, its queue messages handled by the queue functions, emails sent to the Postmark stand-in:',
  );
  console.table([figures.statements]);
}
