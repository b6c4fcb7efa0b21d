import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type LedgerDependencies } from '../../shared/ledger/accounts';
import { createDraft } from '../../shared/ledger/journal-entries';
import { postEntry } from '../../shared/ledger/journal-posting';
import { closePeriod } from '../../shared/ledger/period-close';
import { trialBalance } from '../../shared/ledger/trial-balance';
import type { TenantContext } from '../../shared/platform/actor';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase } from '../harness/cosmos';

describe('ledger invariants against the emulator', () => {
  let deps: LedgerDependencies;
  beforeAll(async () => {
    const db = await createTestDatabase();
    deps = testLedgerDependencies(db);
  });

  async function newBooks(): Promise<{ context: TenantContext; accounts: string[] }> {
    const context: TenantContext = {
      tenantId: `org-${randomUUID().slice(0, 8)}`,
      actor: { id: 'member-1', kind: 'member' },
      restrictions: {},
    };
    await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
      slug: 'p',
      name: 'P',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const accounts: string[] = [];
    for (const [code, type] of [
      ['1000', 'asset'],
      ['2000', 'liability'],
      ['4000', 'revenue'],
      ['6000', 'expense'],
    ] as const) {
      accounts.push((await createAccount(deps, context, { code, name: code, type })).id);
    }
    return { context, accounts };
  }

  const line = fc.record({
    account: fc.nat({ max: 3 }),
    side: fc.constantFrom('debit' as const, 'credit' as const),
    cents: fc.integer({ min: -500, max: 100_000 }),
  });
  const entry = fc.record({
    month: fc.constantFrom('01', '02', '03'),
    lines: fc.array(line, { minLength: 1, maxLength: 5 }),
    balanceIt: fc.boolean(),
  });

  it('whatever is posted, refused or closed: balances sum to zero, the trial balance equals the posted lines, and nothing lands in a closed month', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(null, '2026-01', '2026-02'),
        async (entries, closeThrough) => {
          const { context, accounts } = await newBooks();
          if (closeThrough) {
            await closePeriod(deps, context, '2026-01');
            if (closeThrough === '2026-02') await closePeriod(deps, context, '2026-02');
          }
          let expectedCash = 0n;
          const perAccount = new Map<string, bigint>();
          for (const candidate of entries) {
            const lines = candidate.lines.map((l) => ({
              accountId: accounts[l.account]!,
              side: l.side,
              cents: BigInt(l.cents),
            }));
            if (candidate.balanceIt) {
              const net = lines.reduce((sum, l) => sum + (l.side === 'debit' ? l.cents : -l.cents), 0n);
              lines.push({
                accountId: accounts[0]!,
                side: net > 0n ? 'credit' : 'debit',
                cents: net > 0n ? net : -net,
              });
            }
            const amount = (cents: bigint) =>
              `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;
            const date = `2026-${candidate.month}-15`;
            const draft = await createDraft(deps, context, {
              date,
              memo: 'p',
              currency: 'USD',
              lines: lines.map((l) => ({ accountId: l.accountId, side: l.side, amount: amount(l.cents) })),
            });
            const posted = await postEntry(deps, context, draft.id).catch(() => undefined);
            const closed = closeThrough !== null && `2026-${candidate.month}` <= closeThrough;
            if (posted) {
              expect(closed).toBe(false);
              for (const l of lines)
                perAccount.set(
                  l.accountId,
                  (perAccount.get(l.accountId) ?? 0n) + (l.side === 'debit' ? l.cents : -l.cents),
                );
              expectedCash = perAccount.get(accounts[0]!) ?? 0n;
            }
          }
          const report = await trialBalance(deps, context, '2026-12-31');
          expect(report.totals.debit).toBe(report.totals.credit);
          const reported = (accountId: string) => {
            const row = report.rows.find((r) => r.accountId === accountId);
            return row ? BigInt(row.debit.replace('.', '')) - BigInt(row.credit.replace('.', '')) : 0n;
          };
          expect(reported(accounts[0]!)).toBe(expectedCash);
          for (const accountId of accounts)
            expect(reported(accountId), accountId).toBe(perAccount.get(accountId) ?? 0n);
          expect(accounts.reduce((sum, id) => sum + reported(id), 0n)).toBe(0n);
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);

  it('50 concurrent creates with one Idempotency-Key make one entry; 50 posts get numbers 1..50', async () => {
    const { context, accounts } = await newBooks();
    const body = {
      date: '2026-04-01',
      memo: 'x',
      currency: 'USD',
      lines: [
        { accountId: accounts[0]!, side: 'debit' as const, amount: '1.00' },
        { accountId: accounts[2]!, side: 'credit' as const, amount: '1.00' },
      ],
    };
    const same = await Promise.all(
      Array.from({ length: 50 }, () => createDraft(deps, context, body, 'one-key-for-all')),
    );
    expect(new Set(same.map((d) => d.id)).size).toBe(1);

    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createDraft(deps, context, body, `key-${i}-${randomUUID()}`)),
    );
    const posted = await Promise.all(drafts.map((d) => postEntry(deps, context, d.id)));
    expect(posted.map((p) => p.number).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  }, 60_000);
});
