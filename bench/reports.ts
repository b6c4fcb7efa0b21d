import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { provisionCosmos } from '../local/provision';
import type { LedgerDependencies } from '../shared/ledger/accounts';
import { closeSchedule, findScheduleEntry, scheduleCloses } from '../shared/ledger/close-schedule';
import type { CloseScheduleStore } from '../shared/ledger/period-store';
import { accountDetail, incomeStatement } from '../shared/ledger/reports';
import { closeDueOrganization, closeMessage, sendDueCloses } from '../shared/ledger/scheduled-close';
import { trialBalance } from '../shared/ledger/trial-balance';
import { createFieldCrypto } from '../shared/platform/crypto/field-crypto';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { createQueueSender } from '../shared/platform/queues/queue-sender';
import { queueName } from '../shared/platform/queues/queue-names';
import { createLogger } from '../shared/platform/telemetry/json-logger';
import { closeMonths, newHistoryBooks, writePostedHistory, type HistoryBooks } from '../test/harness/ledger-history';
import { ledgerDependencies } from '../shared/ledger/ledger-dependencies';

interface Cosmos {
  readonly endpoint: string;
  readonly key: string;
  readonly database: string;
}

/** Each measurement in a database of its own, so one's documents never weigh on another's cross-partition reads. */
async function ownDatabase(emulator: { endpoint: string; key: string }, database: string): Promise<Cosmos> {
  await provisionCosmos(new CosmosClient({ endpoint: emulator.endpoint, key: emulator.key }), database);
  return { ...emulator, database };
}

const ids = { newId: () => randomUUID() };
const logger = createLogger({ level: 'error', sink: () => undefined });

/** Waits `ms` before every Cosmos request: closer to a real account's latency than the local emulator. */
const addedLatency = (ms: number): PluginConfig => ({
  on: 'request',
  plugin: async (context, _diagnostics, next) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return next(context);
  },
});

function client(cosmos: Cosmos, plugins: PluginConfig[]) {
  // `plugins` is a supported but undocumented client option (ClientContext passes it to every request).
  const options: CosmosClientOptions = { endpoint: cosmos.endpoint, key: cosmos.key };
  const cosmosClient = new CosmosClient(
    plugins.length > 0 ? ({ ...options, plugins } as CosmosClientOptions) : options,
  );
  return cosmosClient.database(cosmos.database).container(containers.tenantData.name);
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

/**
 * Documents each report reads for January 2026 (after ten closed months) on an organisation with
 * 10,000 closed lines and on one with 1,000,000, and for the last closed month. History is written
 * as posting writes it, in batches (test/harness/ledger-history.ts), not through the API.
 */
export async function measureReportReads(emulator: { endpoint: string; key: string }) {
  const cosmos = await ownDatabase(emulator, 'bench-reports');
  const counter = createRequestCounter();
  const deps = ledgerDependencies({
    container: client(cosmos, [counter.plugin]),
    clock: { now: () => new Date('2026-01-20T12:00:00Z') },
    ids,
    fieldCrypto: createFieldCrypto({
      general: { primary: 'g1', keys: { g1: Buffer.alloc(32, 1) } },
      sensitive: { primary: 's1', keys: { s1: Buffer.alloc(32, 2) } },
    }),
  });
  const history = async (entriesPerMonth: number): Promise<HistoryBooks> => {
    const books = await newHistoryBooks(deps, '2025-03');
    await writePostedHistory(deps, books, { startMonth: '2025-03', months: 10, entriesPerMonth, linesPerEntry: 100 });
    await writePostedHistory(deps, books, { startMonth: '2026-01', months: 1, entriesPerMonth: 10, linesPerEntry: 2 });
    await closeMonths(deps, books, '2025-03', 10);
    return books;
  };
  const reads = async ({ context, accounts }: HistoryBooks) => {
    const count = async (report: () => Promise<unknown>) => {
      counter.reset();
      await report();
      return counter.documentsRead;
    };
    const detail = (from: string, to: string, pageSize?: number) => () =>
      accountDetail(deps, context, { accountId: accounts[0]!, from, to, ...(pageSize ? { pageSize } : {}) });
    return {
      'trial balance 2026-01-31': await count(() => trialBalance(deps, context, '2026-01-31')),
      'income statement 2026-01': await count(() =>
        incomeStatement(deps, context, { from: '2026-01-01', to: '2026-01-31' }),
      ),
      'account detail 2026-01': await count(detail('2026-01-01', '2026-01-31')),
      'income statement 2025-12 (closed)': await count(() =>
        incomeStatement(deps, context, { from: '2025-12-01', to: '2025-12-31' }),
      ),
      // The 10K organisation has 10 entries in the month, the 1M one 1,000: a page of 10 reads the
      // same entries on both, so what differs is only what it costs to find the opening balance.
      'account detail 2025-12 (closed), first page of 10': await count(detail('2025-12-01', '2025-12-31', 10)),
      'account detail 2025-12 (closed), first page of 100': await count(detail('2025-12-01', '2025-12-31')),
    };
  };
  const small = await reads(await history(10));
  const large = await reads(await history(1000));
  return Object.entries(small).map(([report, documents]) => ({
    report,
    '10K lines': documents,
    '1M lines': large[report as keyof typeof large],
    ratio: Number((large[report as keyof typeof large] / documents).toFixed(2)),
  }));
}

// Organisation documents and October's entries written directly: the close never reads the chart.
const accounts = Array.from({ length: 10 }, (_, i) => `account-${i}`);

/** An organisation whose books start in October 2026, with ten entries in it, due on 2026-11-10. */
async function organizationDue(setup: LedgerDependencies, schedule: CloseScheduleStore): Promise<string> {
  const tenantId = `org-close-${randomUUID().slice(0, 8)}`;
  const context = { tenantId, actor: { id: 'system:bench', kind: 'system' as const } };
  await new TenantRepository(setup.container, context).create('organization', tenantId, {
    slug: tenantId,
    name: tenantId,
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-10',
  });
  const books = { context, accounts };
  await writePostedHistory(setup, books, {
    startMonth: '2026-10',
    months: 1,
    entriesPerMonth: 10,
    linesPerEntry: 4,
  });
  await scheduleCloses(schedule, tenantId, '2026-11-10');
  return tenantId;
}

/** The emulator under a loaded machine sometimes drops a connection; setup tries an organisation again. */
async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * 1,000 organisations due on one day, each with ten entries in the month to close, every Cosmos
 * call 5 ms late: the timer's own run, then the queue drained as one Functions instance would
 * (host.json batchSize 16 + newBatchThreshold 8: 24 messages in flight).
 */
export async function measureDailyClose(
  emulator: { endpoint: string; key: string },
  storage: string,
  organizations = 1000,
  latencyMs = 5,
) {
  const cosmos = await ownDatabase(emulator, 'bench-close');
  const clock = { now: () => new Date('2026-11-10T02:00:00Z') };
  const setup: LedgerDependencies = ledgerDependencies({ container: client(cosmos, []), clock, ids });
  const schedule = closeSchedule(setup);
  let made = 0;
  const tenants: string[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (made < organizations) {
        made += 1;
        tenants.push(await withRetries(() => organizationDue(setup, schedule)));
      }
    }),
  );
  const prefix = `bench${randomUUID().slice(0, 6)}-`;
  const service = QueueServiceClient.fromConnectionString(storage);
  const queue = service.getQueueClient(queueName(prefix, 'period-closes'));
  await queue.create();
  const counter = createRequestCounter();
  const slow: LedgerDependencies = ledgerDependencies({
    container: client(cosmos, [addedLatency(latencyMs), counter.plugin]),
    clock,
    ids,
  });

  const started = performance.now();
  const sent = await sendDueCloses({ ...slow, queues: createQueueSender(service, prefix), logger });
  const timerMs = performance.now() - started;
  const timerRoundTrips = counter.roundTrips;

  const durations: number[] = [];
  let redelivered = 0;
  const drainStarted = performance.now();
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 24, visibilityTimeout: 30 });
    if (receivedMessageItems.length === 0) break;
    await Promise.all(
      receivedMessageItems.map(async (item) => {
        const message = closeMessage.parse(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8')));
        const one = performance.now();
        try {
          await closeDueOrganization({ ...slow, logger }, message);
          durations.push(performance.now() - one);
          await queue.deleteMessage(item.messageId, item.popReceipt);
        } catch {
          // As the host does with a failed invocation: the message comes back for another delivery.
          redelivered += 1;
          await queue.updateMessage(item.messageId, item.popReceipt, undefined, 1);
        }
      }),
    );
  }
  const drainMs = performance.now() - drainStarted;
  const moved = await Promise.all(tenants.map(async (t) => (await findScheduleEntry(schedule, t))?.dueOn));
  await queue.delete();
  return {
    organizations,
    latencyMs,
    sent,
    timerMs: Math.round(timerMs),
    timerRoundTrips,
    drainMs: Math.round(drainMs),
    roundTripsPerClose: Math.round(((counter.roundTrips - timerRoundTrips) / sent) * 10) / 10,
    closeP50Ms: Math.round(percentile(durations, 50)),
    closeP99Ms: Math.round(percentile(durations, 99)),
    failures: organizations - moved.filter((dueOn) => dueOn === '2026-12-10').length,
    redelivered,
    rescheduled: moved.filter((dueOn) => dueOn === '2026-12-10').length,
  };
}

/** `npm run bench`: what reports read against the size of the closed history. */
export async function printReportFigures(emulator: { endpoint: string; key: string }): Promise<void> {
  console.log(
    '\nReports: documents read for one month, 10K vs 1M closed lines (10 closed months, history written in batches)',
  );
  console.table(await measureReportReads(emulator));
  console.log(
    'Account detail of a closed month reads the entries it lists: the page of 10 reads 10 entries on both; the page of 100 reads 100 on the large organisation and the only 10 on the small one.',
  );
}

/** `npm run bench`: the daily close of many organisations due on one day, at real-Cosmos-like latency. */
export async function printDailyClose(emulator: { endpoint: string; key: string }, storage: string): Promise<void> {
  const close = await measureDailyClose(emulator, storage, Number(process.env.BENCH_CLOSE_ORGANIZATIONS ?? 1000));
  console.log(
    `\nDaily close, ${close.organizations} organisations due on one day, ${close.latencyMs} ms added to every Cosmos call: the timer ran ${close.timerMs} ms (${close.timerRoundTrips} Cosmos round trips, ${close.sent} queue messages); one instance (24 messages in flight) drained the queue in ${close.drainMs} ms: ${close.roundTripsPerClose} round trips per organisation, ${close.closeP50Ms} ms p50 / ${close.closeP99Ms} ms p99 per organisation, ${close.failures} failed, ${close.redelivered} deliveries retried, ${close.rescheduled} moved to their next close day (function timeout: 300,000 ms per invocation)`,
  );
}
