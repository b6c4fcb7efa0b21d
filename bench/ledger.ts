import { randomUUID } from 'node:crypto';
import { CosmosClient, type Container, type CosmosClientOptions } from '@azure/cosmos';
import { createAccount, type LedgerDependencies } from '../shared/ledger/accounts';
import { createDraft } from '../shared/ledger/journal-entries';
import { postEntry } from '../shared/ledger/journal-posting';
import { journalEntryType, type JournalEntry } from '../shared/ledger/journal-entry';
import { setRetainedEarningsAccount } from '../shared/ledger/ledger-settings';
import { closePeriod } from '../shared/ledger/period-close';
import { trialBalance } from '../shared/ledger/trial-balance';
import type { TenantContext } from '../shared/platform/actor';
import { systemClock } from '../shared/platform/clock';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter, type CosmosRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';

interface Books {
  readonly context: TenantContext;
  readonly accounts: string[];
}

const ids = { newId: () => randomUUID() };

async function newBooks(deps: LedgerDependencies): Promise<Books> {
  const context: TenantContext = {
    tenantId: `org-bench-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-bench', kind: 'member' },
    restrictions: {},
  };
  await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
    slug: 'bench',
    name: 'Bench',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2025-01',
  });
  const accounts: string[] = [];
  for (let i = 0; i < 10; i += 1)
    accounts.push(
      (
        await createAccount(deps, context, {
          code: String(1000 + i * 100),
          name: `Account ${i}`,
          type: i < 5 ? 'asset' : 'revenue',
        })
      ).id,
    );
  const retained = await createAccount(deps, context, { code: '3900', name: 'Retained earnings', type: 'equity' });
  await setRetainedEarningsAccount(deps, context, retained.id);
  return { context, accounts };
}

/** History written straight into the container (the shape posting writes), then every month closed in order. */
async function writeHistory(
  container: Container,
  deps: LedgerDependencies,
  books: Books,
  totalLines: number,
): Promise<void> {
  const linesPerEntry = 100;
  const entries = totalLines / linesPerEntry;
  const repository = new TenantRepository(container, books.context);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= entries) return;
      const month = String((index % 12) + 1).padStart(2, '0');
      const lines = Array.from({ length: linesPerEntry }, (_, i) => ({
        accountId: books.accounts[i % 2 === 0 ? (i / 2) % 5 : 5 + (((i - 1) / 2) % 5)]!,
        side: i % 2 === 0 ? ('debit' as const) : ('credit' as const),
        amountMinor: '1234',
        facility: null,
        division: null,
        memo: null,
      }));
      const entry: JournalEntry = {
        status: 'posted',
        number: index + 1,
        date: `2025-${month}-15`,
        memo: 'history',
        reference: null,
        currency: 'USD',
        lines,
        reversalOf: null,
        postedAt: null,
        postedBy: 'member-bench',
      };
      await repository.create(journalEntryType, `je-${randomUUID()}`, entry, { immutable: true });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  for (let month = 1; month <= 12; month += 1)
    await closePeriod(deps, books.context, `2025-${String(month).padStart(2, '0')}`);
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function measureTrialBalance(deps: LedgerDependencies, counter: CosmosRequestCounter, books: Books) {
  const samples: number[] = [];
  let roundTrips = 0;
  let documentsRead = 0;
  for (let i = 0; i < 5; i += 1) {
    counter.reset();
    const started = performance.now();
    await trialBalance(deps, books.context, '2026-01-31');
    samples.push(performance.now() - started);
    roundTrips = counter.roundTrips;
    documentsRead = counter.documentsRead;
  }
  return { roundTrips, documentsRead, medianMs: Math.round(median(samples) * 10) / 10 };
}

/** Trial-balance cost with little and with much closed history (posting has its own bench: posting.ts). */
export async function measureLedger(endpoint: string, key: string, databaseId: string) {
  const counter = createRequestCounter();
  // `plugins` is a supported but undocumented client option (ClientContext passes it to every request).
  const client = new CosmosClient({ endpoint, key, plugins: [counter.plugin] } as CosmosClientOptions);
  const container = client.database(databaseId).container(containers.tenantData.name);
  const deps: LedgerDependencies = { container, clock: systemClock, ids };

  const small = await newBooks(deps);
  await writeHistory(container, deps, small, 10_000);
  const large = await newBooks(deps);
  await writeHistory(container, deps, large, 1_000_000);
  for (const b of [small, large]) {
    for (let i = 0; i < 10; i += 1)
      await postEntry(
        deps,
        b.context,
        (
          await createDraft(deps, b.context, {
            date: '2026-01-10',
            memo: 'bench',
            currency: 'USD',
            lines: [
              { accountId: b.accounts[0]!, side: 'debit', amount: '10.00' },
              { accountId: b.accounts[5]!, side: 'credit', amount: '10.00' },
            ],
          })
        ).id,
      );
  }
  return {
    smallHistory: await measureTrialBalance(deps, counter, small),
    largeHistory: await measureTrialBalance(deps, counter, large),
  };
}
