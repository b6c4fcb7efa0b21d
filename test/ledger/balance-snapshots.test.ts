import { describe, expect, it } from 'vitest';
import type { LedgerDependencies } from '../../shared/ledger/accounts';
import { snapshotPartType, snapshotType, splitRows, type BalanceSnapshot } from '../../shared/ledger/balance-snapshots';
import { trialBalance } from '../../shared/ledger/trial-balance';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase } from '../harness/cosmos';
import { closeMonths, newHistoryBooks, writePostedHistory } from '../harness/ledger-history';

const cosmosDocumentLimit = 2 * 1024 * 1024;

describe('balance snapshots', () => {
  it('cuts rows into parts of bounded size and keeps every row, in order', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      accountId: `account-${i}`,
      facility: `f-${i}`,
      division: null,
      amountMinor: String(i),
    }));
    const parts = splitRows(rows, 5_000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(5_000 + 1);
    expect(parts.flat()).toEqual(rows);
    expect(splitRows([])).toEqual([[]]);
  });

  it('closes a month of more than 30,000 account x facility x division balances into documents under 2 MB and reads it back complete', async () => {
    const db = await createTestDatabase();
    const deps: LedgerDependencies = testLedgerDependencies(db, '2026-03-05T02:00:00Z');
    const books = await newHistoryBooks(deps, '2026-01');
    // 31 entries of 500 debit/credit pairs, every pair in its own facility and division: 31,000 places.
    await writePostedHistory(deps, books, {
      startMonth: '2026-01',
      months: 1,
      entriesPerMonth: 31,
      linesPerEntry: 1000,
      place: (entry, line) => {
        const place = entry * 500 + line / 2;
        return { facility: `facility-${Math.floor(place / 100)}`, division: `division-${place % 100}` };
      },
    });
    await closeMonths(deps, books, '2026-01', 2);

    const repository = new TenantRepository(deps.container, books.context);
    for (const month of ['2026-01', '2026-02']) {
      const header = await repository.get<BalanceSnapshot>(snapshotType, `balance-snapshot-${month}-v1`);
      expect(header.rowCount).toBe(31_000);
      expect(header.parts).toBeGreaterThanOrEqual(3);
      const parts = await repository.queryAll<{ rows: unknown[] }>(snapshotPartType, {
        where: 'STARTSWITH(c.id, @header)',
        parameters: [{ name: '@header', value: `${header.id}-${header.build}-` }],
      });
      expect(parts).toHaveLength(header.parts);
      expect(parts.reduce((sum, part) => sum + part.rows.length, 0)).toBe(31_000);
      for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThan(cosmosDocumentLimit / 2);

      const figures = deps.figuresStoreFor(books.context);
      const balances = [...(await figures.readSnapshot(month, 1))!.entries()];
      expect(balances).toHaveLength(31_000);
      expect(new Set(balances.map((b) => JSON.stringify([b.accountId, b.facility, b.division]))).size).toBe(31_000);
      expect(balances.every((b) => b.amount === (books.accounts.indexOf(b.accountId) < 5 ? 1234n : -1234n))).toBe(true);
    }

    const figures = await trialBalance(deps, books.context, '2026-02-28');
    expect(figures.totals).toEqual({ debit: '191270.00', credit: '191270.00' });
    expect(figures.rows.find((row) => row.accountId === books.accounts[0])).toMatchObject({ debit: '38254.00' });
  });
});
