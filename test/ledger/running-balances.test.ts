import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDimension } from '../../shared/dimensions/dimensions';
import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import { createAccount } from '../../shared/ledger/accounts';
import { accountMonthType, type AccountMonth } from '../../shared/ledger/account-months';
import { addLines, balancesAsOf, postedEntriesBetween } from '../../shared/ledger/balance-snapshots';
import { DimensionBalances } from '../../shared/ledger/dimension-balances';
import { journalEntryType } from '../../shared/ledger/journal-entry';
import { createAndPostEntry } from '../../shared/ledger/journal-posting';
import { reverseEntry } from '../../shared/ledger/journal-reversal';
import { formatAmount } from '../../shared/ledger/money';
import { closePeriod, reopenPeriod } from '../../shared/ledger/period-close';
import type { StoredPeriod } from '../../shared/ledger/period-postings';
import type { FiguresStore } from '../../shared/ledger/period-store';
import { periodId, periodType, type DimensionFilter } from '../../shared/ledger/periods';
import { trialBalance } from '../../shared/ledger/trial-balance';
import type { TenantContext } from '../../shared/platform/actor';
import type { Restrictions } from '../../shared/platform/auth/restrictions';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { ConflictError, ValidationError } from '../../shared/platform/errors';
import { secondInstance, testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import type { LedgerDependencies } from '../../shared/ledger/ledger-dependencies';

// Codes with the characters a JSON pointer escapes ("~") and others a joined key would confuse.
const facilities = [null, 'F1', 'F|2 ~"x"'] as const;
const divisions = [null, 'D1', 'Ünï ~0 ~1'] as const;
const months = ['2026-01', '2026-02', '2026-03'];

interface Place {
  readonly facility: number;
  readonly division: number;
  readonly account: number;
}

describe('running balances', () => {
  let db: TestDatabase;
  let deps: LedgerDependencies;
  beforeAll(async () => {
    db = await createTestDatabase();
    deps = testLedgerDependencies(db, '2026-04-20T12:00:00Z');
  });

  const member = (tenantId: string, restrictions: Restrictions = {}): TenantContext => ({
    tenantId,
    actor: { id: 'member-1', kind: 'member' },
    restrictions,
  });

  async function newBooks(): Promise<{ context: TenantContext; accounts: string[] }> {
    const context = member(`org-rb-${randomUUID().slice(0, 8)}`);
    await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
      slug: context.tenantId,
      name: 'Running balances',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    for (const code of facilities.slice(1))
      await createDimension(dimensionsDependencies(deps), context, 'facility', { code: code!, name: 'F' });
    for (const code of divisions.slice(1))
      await createDimension(dimensionsDependencies(deps), context, 'division', { code: code!, name: 'D' });
    const accounts: string[] = [];
    for (const [code, type, tags] of [
      ['1000', 'asset', {}],
      ['4000', 'revenue', {}],
      ['1100', 'asset', { facility: 'F|2 ~"x"' }],
      ['6000', 'expense', { division: 'D1' }],
    ] as const)
      accounts.push((await createAccount(deps, context, { code, name: code, type, ...tags })).id);
    return { context, accounts };
  }

  /** The figures as the entries say them: every posted line up to the date, through the same member's reach. */
  async function scanned(figures: FiguresStore, asOf: string, filter: DimensionFilter) {
    const balances = new DimensionBalances();
    addLines(balances, await postedEntriesBetween(figures, null, asOf));
    const byAccount = new Map<string, bigint>();
    for (const { accountId, facility, division, amount } of balances.entries())
      if ((filter.facility ?? facility) === facility && (filter.division ?? division) === division)
        byAccount.set(accountId, (byAccount.get(accountId) ?? 0n) + amount);
    return byAccount;
  }

  const nonZero = (balances: Map<string, bigint>) => new Map([...balances].filter(([, amount]) => amount !== 0n));

  async function expectSameAsEntries(tenantId: string, dates: readonly string[]) {
    for (const restrictions of [{}, { facilities: ['F1'] }, { divisions: ['Ünï ~0 ~1'] }, { facilities: ['F|2 ~"x"'] }])
      for (const filter of [{}, { facility: 'F|2 ~"x"' }, { division: 'D1' }]) {
        const figures = deps.figuresStoreFor(member(tenantId, restrictions));
        for (const asOf of dates)
          expect(nonZero(await balancesAsOf(figures, asOf, filter)), `${JSON.stringify(restrictions)} ${asOf}`).toEqual(
            nonZero(await scanned(figures, asOf, filter)),
          );
      }
  }

  const place = fc.record({ facility: fc.nat({ max: 2 }), division: fc.nat({ max: 2 }), account: fc.nat({ max: 3 }) });
  const operation = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('post' as const),
        month: fc.nat({ max: 2 }),
        day: fc.integer({ min: 1, max: 28 }),
        // Pairs of a debit and a credit of one amount: balanced, and up to the largest amount a line takes.
        pairs: fc.array(
          fc.record({
            from: place,
            to: place,
            cents: fc.oneof(fc.bigInt({ min: 1n, max: 100_000n }), fc.bigInt({ min: 1n, max: 10n ** 17n - 1n })),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
  );

  it('give the same figures as the entries for any member, filter and date, over posts, reversals, closes and reopens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 4, maxLength: 14 }), async (operations) => {
        const { context, accounts } = await newBooks();
        const system: TenantContext = { tenantId: context.tenantId, actor: { id: 'system:test', kind: 'system' } };
        const posted: Array<{ id: string; date: string }> = [];
        let closed = 0;
        for (const op of operations) {
          try {
            if (op.kind === 'post') {
              const date = `${months[op.month]}-${String(op.day).padStart(2, '0')}`;
              const line = (p: Place, side: 'debit' | 'credit', cents: bigint) => ({
                accountId: accounts[p.account]!,
                side,
                amount: formatAmount(cents, 'USD'),
                facility: facilities[p.facility],
                division: divisions[p.division],
              });
              const lines = op.pairs.flatMap((pair) => [
                line(pair.from, 'debit', pair.cents),
                line(pair.to, 'credit', pair.cents),
              ]);
              const entry = await createAndPostEntry(deps, context, { date, memo: 'property', currency: 'USD', lines });
              posted.push({ id: entry.id, date });
            } else if (op.kind === 'reverse' && posted.length > 0) {
              const original = posted[op.pick % posted.length]!;
              await reverseEntry(deps, context, original.id, { date: original.date });
            } else if (op.kind === 'close' && closed < months.length) {
              await closePeriod(deps, system, months[closed]!);
              closed += 1;
            } else if (op.kind === 'reopen' && closed > 0) {
              await reopenPeriod(deps, system, months[closed - 1]!);
              closed -= 1;
            }
          } catch (error) {
            // Posts into a closed month and second reversals are refused; the figures must still agree.
            if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
          }
        }
        await expectSameAsEntries(context.tenantId, ['2026-01-09', '2026-01-31', '2026-02-14', '2026-03-31']);
      }),
      { numRuns: 8 },
    );
  }, 300_000);

  const simplePost = (context: TenantContext, accounts: string[], date: string, cents: bigint, facility = 'F1') =>
    createAndPostEntry(deps, context, {
      date,
      memo: 'simple',
      currency: 'USD',
      lines: [
        { accountId: accounts[0]!, side: 'debit', amount: formatAmount(cents, 'USD'), facility },
        { accountId: accounts[1]!, side: 'credit', amount: formatAmount(cents, 'USD'), facility },
      ],
    });

  it('are read from the entries where a number in them is not exact, or where the month is not marked as tracked', async () => {
    const { context, accounts } = await newBooks();
    for (const [date, cents] of [
      ['2026-02-03', 1_000n],
      ['2026-02-05', 10n ** 17n - 1n],
      ['2026-03-07', 250n],
    ] as const)
      await simplePost(context, accounts, date, cents);
    const repository = new TenantRepository(deps.container, context);
    // A value past 2^53 in February's cash document: Cosmos would have rounded it.
    const cash = await repository.get<AccountMonth>(accountMonthType, `account-month-${accounts[0]!}-2026-02`);
    const [name] = Object.keys(cash.days['05']!);
    await repository
      .transaction()
      .patch(accountMonthType, cash.id, [{ op: 'set', path: `/days/05/${name!}`, value: 2 ** 60 }])
      .commit();
    // March as a period written before running balances: no mark, and an entry its documents never saw.
    const march = await repository.get<StoredPeriod>(periodType, periodId('2026-03'));
    const { runningBalances, ...unmarked } = march;
    expect(runningBalances).toBe(true);
    await repository.replace(march, unmarked);
    await repository.create(journalEntryType, `je-legacy-${randomUUID()}`, {
      status: 'posted',
      number: 99,
      date: '2026-03-08',
      memo: 'legacy',
      reference: null,
      currency: 'USD',
      lines: [
        { accountId: accounts[0]!, side: 'debit', amountMinor: '7', facility: null, division: null, memo: null },
        { accountId: accounts[1]!, side: 'credit', amountMinor: '7', facility: null, division: null, memo: null },
      ],
      reversalOf: null,
      postedAt: '2026-03-08T00:00:00.000Z',
      postedBy: 'member-1',
    });
    const figures = deps.figuresStoreFor(context);
    expect((await balancesAsOf(figures, '2026-03-31')).get(accounts[0]!)).toBe(10n ** 17n - 1n + 1_000n + 250n + 7n);
    await expectSameAsEntries(context.tenantId, ['2026-02-04', '2026-02-28', '2026-03-07', '2026-03-31']);
  });

  it('cost the same documents for a trial balance after 20 posts and after 220 in the month', async () => {
    const counter = createRequestCounter();
    const counted = secondInstance(db, deps, [counter.plugin]);
    const { context, accounts } = await newBooks();
    const post = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          simplePost(context, accounts, `2026-04-${String(1 + (i % 20)).padStart(2, '0')}`, 100n),
        ),
      );
    const reads = async () => {
      counter.reset();
      const figures = await trialBalance(counted, context, '2026-04-15');
      return { documents: counter.documentsRead, roundTrips: counter.roundTrips, totals: figures.totals };
    };
    await post(20);
    await reads(); // the client's first call also reads the account's metadata
    const before = await reads();
    await post(200);
    const after = await reads();
    expect(after.documents).toBe(before.documents);
    expect(after.roundTrips).toBe(before.roundTrips);
    // Days 1..15 of each twenty: 15 of the first 20 posts, then 150 of the next 200.
    expect(before.totals.debit).toBe('15.00');
    expect(after.totals.debit).toBe('165.00');
  });

  it('stay exact when two instances create and add to the same month at once', async () => {
    const instance = () => secondInstance(db, deps);
    const { context, accounts } = await newBooks();
    const [one, two] = [instance(), instance()];
    const post = (instanceDeps: LedgerDependencies, i: number) =>
      createAndPostEntry(instanceDeps, context, {
        date: `2026-03-${String(1 + (i % 3)).padStart(2, '0')}`,
        memo: 'two instances',
        currency: 'USD',
        lines: [
          { accountId: accounts[i % 2]!, side: 'debit', amount: '1.01', facility: facilities[i % 3] },
          { accountId: accounts[2 + (i % 2)]!, side: 'credit', amount: '1.01', division: divisions[i % 3] },
        ],
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => post(i % 2 === 0 ? one : two, i)));
    await expectSameAsEntries(context.tenantId, ['2026-03-01', '2026-03-02', '2026-03-31']);
    const total = await trialBalance(deps, context, '2026-03-31');
    expect(total.totals).toEqual({ debit: '40.40', credit: '40.40' });
  });
});
