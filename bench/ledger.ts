import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import type { LedgerDependencies } from '../shared/ledger/accounts';
import { createDraft } from '../shared/ledger/journal-entries';
import { postEntry } from '../shared/ledger/journal-posting';
import { trialBalance } from '../shared/ledger/trial-balance';
import { systemClock } from '../shared/platform/clock';
import { containers } from '../shared/platform/data/containers';
import { createRequestCounter, type CosmosRequestCounter } from '../shared/platform/data/request-counter';
import { closeMonths, newHistoryBooks, writePostedHistory, type HistoryBooks } from '../test/harness/ledger-history';
import { ledgerDependencies } from '../shared/ledger/ledger-dependencies';

const ids = { newId: () => randomUUID() };

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function measureTrialBalance(deps: LedgerDependencies, counter: CosmosRequestCounter, books: HistoryBooks) {
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
  const deps: LedgerDependencies = ledgerDependencies({ container, clock: systemClock, ids });

  // 10 closed months (March to December 2025) of 100-line entries: 10,000 lines and 1,000,000 lines.
  const history = async (entriesPerMonth: number) => {
    const books = await newHistoryBooks(deps, '2025-03');
    await writePostedHistory(deps, books, { startMonth: '2025-03', months: 10, entriesPerMonth, linesPerEntry: 100 });
    await closeMonths(deps, books, '2025-03', 10);
    return books;
  };
  const small = await history(10);
  const large = await history(1000);
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
