import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { describe, expect, it } from 'vitest';
import type { LedgerDependencies } from '../../shared/ledger/accounts';
import { accountDetail, balanceSheet, incomeStatement } from '../../shared/ledger/reports';
import { trialBalance } from '../../shared/ledger/trial-balance';
import { createFieldCrypto } from '../../shared/platform/crypto/field-crypto';
import { containers } from '../../shared/platform/data/containers';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { createTestDatabase } from '../harness/cosmos';
import { closeMonths, newHistoryBooks, writePostedHistory, type HistoryBooks } from '../harness/ledger-history';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

describe('reports read what they need', () => {
  it('read the same number of documents whatever the size of the closed history', async () => {
    const db = await createTestDatabase();
    const counter = createRequestCounter();
    const counted = new CosmosClient({
      endpoint: db.endpoint,
      key: db.key,
      plugins: [counter.plugin],
    } as CosmosClientOptions);
    const deps: LedgerDependencies & { fieldCrypto: ReturnType<typeof createFieldCrypto> } = ledgerDependencies({
      container: counted.database(db.name).container(containers.tenantData.name),
      clock: { now: () => new Date('2026-01-20T12:00:00Z') },
      ids: { newId: () => randomUUID() },
      fieldCrypto: createFieldCrypto({
        general: { primary: 'g1', keys: { g1: Buffer.alloc(32, 1) } },
        sensitive: { primary: 's1', keys: { s1: Buffer.alloc(32, 2) } },
      }),
    });
    const history = async (entriesPerMonth: number): Promise<HistoryBooks> => {
      const books = await newHistoryBooks(deps, '2025-01');
      await writePostedHistory(deps, books, { startMonth: '2025-01', months: 12, entriesPerMonth, linesPerEntry: 10 });
      await writePostedHistory(deps, books, {
        startMonth: '2026-01',
        months: 1,
        entriesPerMonth: 3,
        linesPerEntry: 10,
      });
      await closeMonths(deps, books, '2025-01', 12);
      return books;
    };
    const small = await history(2);
    const large = await history(60);

    const reads = async (books: HistoryBooks) => {
      const count = async (report: () => Promise<unknown>) => {
        counter.reset();
        await report();
        return counter.documentsRead;
      };
      const { context, accounts } = books;
      return {
        trialBalance: await count(() => trialBalance(deps, context, '2026-01-31')),
        incomeStatement: await count(() => incomeStatement(deps, context, { from: '2026-01-01', to: '2026-01-31' })),
        closedMonthStatement: await count(() =>
          incomeStatement(deps, context, { from: '2025-06-01', to: '2025-06-30' }),
        ),
        balanceSheet: await count(() => balanceSheet(deps, context, { asOf: '2026-01-15' })),
        accountDetail: await count(() =>
          accountDetail(deps, context, { accountId: accounts[0]!, from: '2026-01-01', to: '2026-01-31' }),
        ),
      };
    };
    const fromSmall = await reads(small);
    const fromLarge = await reads(large);
    expect(fromLarge).toEqual(fromSmall);
    // Accounts (11), the organisation, a period and a two-document snapshot per balance, January's 3 entries.
    expect(fromSmall.incomeStatement).toBeLessThanOrEqual(30);
    expect(fromSmall.closedMonthStatement).toBeLessThanOrEqual(25);
  });
});
