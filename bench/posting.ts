import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { createAccount, type LedgerDependencies } from '../shared/ledger/accounts';
import { createDraft } from '../shared/ledger/journal-entries';
import { journalEntryType, type JournalEntry } from '../shared/ledger/journal-entry';
import { postEntry } from '../shared/ledger/journal-posting';
import type { TenantContext } from '../shared/platform/actor';
import { systemClock } from '../shared/platform/clock';
import { containers } from '../shared/platform/data/containers';
import { provisionCosmos } from '../local/provision';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { ledgerDependencies } from '../shared/ledger/ledger-dependencies';

export interface PostingFigures {
  readonly postsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  readonly posts: number;
  /** Numbers 1..N with no gap and no repeat. */
  readonly gapFree: boolean;
  /** CPU spent per post by this process (client and service) and the emulator: the machine is shared, the CPU is not. */
  readonly cpuMsPerPost: number;
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 10) / 10;

async function openBooks(deps: LedgerDependencies) {
  const context: TenantContext = {
    tenantId: `org-post-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-bench', kind: 'member' },
    restrictions: {},
  };
  await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
    slug: 'post',
    name: 'Posting bench',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const cash = await createAccount(deps, context, { code: '1000', name: 'Cash', type: 'asset' });
  const sales = await createAccount(deps, context, { code: '4000', name: 'Sales', type: 'revenue' });
  const draft = () =>
    createDraft(deps, context, {
      date: '2026-02-10',
      memo: 'bench',
      currency: 'USD',
      lines: [
        { accountId: cash.id, side: 'debit', amount: '10.00' },
        { accountId: sales.id, side: 'credit', amount: '10.00' },
      ],
    });
  return { context, draft };
}

async function gapFree(deps: LedgerDependencies, context: TenantContext, expected: number): Promise<boolean> {
  const numbers = (
    await new TenantRepository(deps.container, context).queryAll<JournalEntry>(journalEntryType, {
      where: "c.status = 'posted'",
      maxItemCount: 1000,
    })
  )
    .map((entry) => entry.number!)
    .sort((a, b) => a - b);
  return numbers.length === expected && numbers.every((n, i) => n === i + 1);
}

/**
 * Posts through the service against one emulator: round trips per post one at a time (the lane
 * warmed by a first post), then `posters` concurrent posters on one organisation, each posting
 * its own drafts; every post timed, failures counted, the numbers checked for gaps.
 */
export async function measurePosting(
  cosmos: { endpoint: string; key: string; cpuMs: () => number },
  options: { posters: number; postsPerPoster: number },
) {
  const counter = createRequestCounter();
  const client = new CosmosClient({
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    plugins: [counter.plugin],
  } as CosmosClientOptions);
  const database = await provisionCosmos(client, `posting-${randomUUID().slice(0, 8)}`);
  const deps: LedgerDependencies = ledgerDependencies({
    container: database.container(containers.tenantData.name),
    clock: systemClock,
    ids: { newId: () => randomUUID() },
  });

  const single = await openBooks(deps);
  const sequential = await Promise.all(Array.from({ length: 51 }, () => single.draft()));
  await postEntry(deps, single.context, sequential.shift()!.id);
  counter.reset();
  for (const draft of sequential) await postEntry(deps, single.context, draft.id);
  const roundTripsPerPost = Math.round((counter.roundTrips / sequential.length) * 10) / 10;

  const books = await openBooks(deps);
  const total = options.posters * options.postsPerPoster;
  const drafts: string[] = [];
  while (drafts.length < total)
    drafts.push(...(await Promise.all(Array.from({ length: 50 }, () => books.draft()))).map((d) => d.id));
  drafts.length = total;
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  counter.reset();
  const cpuBefore = process.cpuUsage();
  const emulatorBefore = cosmos.cpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.posters }, async () => {
      while (next < drafts.length) {
        const id = drafts[next++]!;
        const begun = performance.now();
        try {
          await postEntry(deps, books.context, id);
          latencies.push(performance.now() - begun);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 + cosmos.cpuMs() - emulatorBefore;
  latencies.sort((a, b) => a - b);
  const concurrent: PostingFigures = {
    posts: total,
    postsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures,
    gapFree: await gapFree(deps, books.context, latencies.length),
    cpuMsPerPost: Math.round((cpuMs / total) * 100) / 100,
  };
  return {
    roundTripsPerPost,
    concurrentRoundTripsPerPost: Math.round((counter.roundTrips / total) * 10) / 10,
    concurrent,
  };
}
