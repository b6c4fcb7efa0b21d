import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountTypes, type AccountType } from '../ledger/schemas';
import { consolidate, type ChartAccount, type ConsolidationInput, type MemberBalance } from './consolidation';

const currencies = ['USD', 'EUR', 'JPY', 'BHD', 'GBP'] as const;
const rate = fc
  .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 7 }))
  .map(([whole, fraction, digits]) =>
    digits === 0 ? `${whole + 1}` : `${whole}.${String(fraction).padStart(7, '0').slice(0, digits)}1`,
  );

/** Balances that sum to zero, as any organisation's books do: random amounts, the last account balancing them. */
const books = (codes: readonly string[]) =>
  fc
    .array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), {
      minLength: codes.length - 1,
      maxLength: codes.length - 1,
    })
    .chain((amounts) =>
      fc
        .array(fc.constantFrom<AccountType>(...accountTypes), { minLength: codes.length, maxLength: codes.length })
        .map((types): MemberBalance[] => {
          const all = [...amounts, -amounts.reduce((a, b) => a + b, 0n)];
          return codes.map((code, i) => ({ code, name: `Account ${code}`, type: types[i]!, balance: all[i]! }));
        }),
    );

const codes = fc.uniqueArray(fc.integer({ min: 1000, max: 1060 }).map(String), { minLength: 2, maxLength: 12 });

const portfolio: fc.Arbitrary<ConsolidationInput> = fc
  .record({
    parentCodes: codes,
    members: fc.array(
      fc.record({
        codes,
        currency: fc.constantFrom(...currencies),
        remap: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
      }),
      { maxLength: 6 },
    ),
    rates: fc.record(Object.fromEntries(currencies.map((c) => [c, fc.record({ closing: rate, average: rate })]))),
    eliminations: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.bigInt({ min: 1n, max: 10n ** 9n })), { maxLength: 5 }),
  })
  .chain(({ parentCodes, members, rates, eliminations }) =>
    fc
      .tuple(books(parentCodes), ...members.map((member) => books(member.codes)))
      .map(([parentBooks, ...memberBooks]): ConsolidationInput => {
        const chart: ChartAccount[] = parentBooks.map(({ code, name, type }) => ({ code, name, type }));
        const codeAt = (n: number) => chart[n % chart.length]!.code;
        return {
          currency: 'USD',
          chart: [...chart, { code: '3999', name: 'Translation adjustment', type: 'equity' }],
          members: [
            { name: 'Parent', currency: 'USD', accounts: parentBooks, mapping: {} },
            ...members.map((member, i) => ({
              name: `Member ${i}`,
              currency: member.currency,
              accounts: memberBooks[i]!,
              mapping: Object.fromEntries(
                member.remap.map(([from, to]) => [member.codes[from % member.codes.length]!, codeAt(to)]),
              ),
            })),
          ],
          rates,
          translationAdjustmentCode: '3999',
          eliminations: eliminations.map(([debit, credit, amount]) => ({
            lines: [
              { code: codeAt(debit), amount },
              { code: codeAt(credit), amount: -amount },
            ],
          })),
        };
      }),
  );

describe('the consolidated trial balance', () => {
  it('balances for any portfolio: every column sums to zero, and debits equal credits', () => {
    fc.assert(
      fc.property(portfolio, (input) => {
        const result = consolidate(input);
        expect(result.debit).toBe(result.credit);
        input.members.forEach((_, column) =>
          expect(result.rows.reduce((sum, row) => sum + row.amounts[column]!, 0n)).toBe(0n),
        );
        expect(result.rows.reduce((sum, row) => sum + row.eliminations, 0n)).toBe(0n);
        expect(result.rows.reduce((sum, row) => sum + row.total, 0n)).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('drops no account: each non-zero balance lands on a parent account or is listed unmapped', () => {
    fc.assert(
      fc.property(portfolio, (input) => {
        const result = consolidate(input);
        const chart = new Set(input.chart.map((a) => a.code));
        input.members.forEach((member, index) => {
          for (const account of member.accounts.filter((a) => a.balance !== 0n)) {
            const target = member.mapping[account.code] ?? account.code;
            const listed = result.unmapped.some((u) => u.member === index && u.code === account.code);
            expect(listed, `${member.name} ${account.code}`).toBe(!chart.has(target));
          }
        });
        expect(result.rows.filter((row) => !row.mapped)).toHaveLength(result.unmapped.length);
      }),
      { numRuns: 200 },
    );
  });

  it('translates balance-sheet accounts at the closing rate and income at the average, the difference to the adjustment account', () => {
    const result = consolidate({
      currency: 'USD',
      chart: [
        { code: '1000', name: 'Cash', type: 'asset' },
        { code: '3000', name: 'Capital', type: 'equity' },
        { code: '3999', name: 'Translation adjustment', type: 'equity' },
        { code: '4000', name: 'Sales', type: 'revenue' },
      ],
      members: [
        { name: 'Parent', currency: 'USD', accounts: [], mapping: {} },
        {
          name: 'Sub',
          currency: 'EUR',
          mapping: { '3100': '3000' },
          accounts: [
            { code: '1000', name: 'Cash', type: 'asset', balance: 150_00n },
            { code: '3100', name: 'Share capital', type: 'equity', balance: -50_00n },
            { code: '4000', name: 'Sales', type: 'revenue', balance: -100_00n },
            { code: '9000', name: 'Suspense', type: 'asset', balance: 0n },
          ],
        },
      ],
      rates: { EUR: { closing: '1.2', average: '1.1' } },
      translationAdjustmentCode: '3999',
      eliminations: [],
    });
    const amounts = Object.fromEntries(result.rows.map((row) => [row.code, row.amounts[1]]));
    expect(amounts).toEqual({ '1000': 180_00n, '3000': -60_00n, '4000': -110_00n, '3999': -10_00n });
    expect(result.unmapped).toEqual([]);
  });

  it('eliminations change only their own column, never an organisation’s', () => {
    const base: ConsolidationInput = {
      currency: 'USD',
      chart: [
        { code: '1200', name: 'Due from sub', type: 'asset' },
        { code: '2200', name: 'Due to parent', type: 'liability' },
        { code: '3000', name: 'Capital', type: 'equity' },
      ],
      members: [
        {
          name: 'Parent',
          currency: 'USD',
          mapping: {},
          accounts: [
            { code: '1200', name: 'Due', type: 'asset', balance: 70_00n },
            { code: '3000', name: 'Capital', type: 'equity', balance: -70_00n },
          ],
        },
        {
          name: 'Sub',
          currency: 'USD',
          mapping: {},
          accounts: [
            { code: '2200', name: 'Due', type: 'liability', balance: -70_00n },
            { code: '3000', name: 'Capital', type: 'equity', balance: 70_00n },
          ],
        },
      ],
      rates: {},
      translationAdjustmentCode: null,
      eliminations: [
        {
          lines: [
            { code: '2200', amount: 70_00n },
            { code: '1200', amount: -70_00n },
          ],
        },
      ],
    };
    const result = consolidate(base);
    const byCode = Object.fromEntries(result.rows.map((row) => [row.code, row]));
    expect(byCode['1200']).toMatchObject({ amounts: [70_00n, 0n], eliminations: -70_00n, total: 0n });
    expect(byCode['2200']).toMatchObject({ amounts: [0n, -70_00n], eliminations: 70_00n, total: 0n });
  });

  it('refuses to translate without the rates or the adjustment account', () => {
    const member = { name: 'Sub', currency: 'EUR', mapping: {}, accounts: [] };
    const input = {
      currency: 'USD',
      chart: [],
      members: [member],
      rates: {},
      translationAdjustmentCode: '3999',
      eliminations: [],
    };
    expect(() => consolidate(input)).toThrow(/rates for EUR/);
    expect(() =>
      consolidate({ ...input, rates: { EUR: { closing: '1', average: '1' } }, translationAdjustmentCode: null }),
    ).toThrow(/translation-adjustment/);
  });
});
